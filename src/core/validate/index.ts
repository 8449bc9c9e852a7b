// validateDocument: the one entry point the admission webhooks, `ark validate` and `ark run`
// share — schema check, then the kind's rules, then defaults.
import type { ArkRunSpec, ArkTeamSpec, KindName } from '../../api/index.js';
import { writeDefaults } from '../defaults.js';
import { hasErrors } from '../issues.js';
import type { FieldIssue } from '../issues.js';
import { validateAgentSpec } from './agent.js';
import { validateBudgetSpec } from './budget.js';
import { ownedNameIssues } from './names.js';
import { validateRunInput } from './run.js';
import { checkSchema } from './schema.js';
import type { AnyArkDocument, SchemaOptions } from './schema.js';
import { validateServiceSpec } from './service.js';
import { validateTeamSpec } from './team.js';

export type ValidateOptions = SchemaOptions;

export interface ValidationResult {
  kind?: KindName;
  /**
   * The typed, fully defaulted document; present whenever the schema check passed. Plain
   * JSON when `doc` is; free-form values (pod fields, JSON Schemas) may be `doc`'s own.
   */
  value?: AnyArkDocument;
  issues: FieldIssue[];
  /** No errors (warnings allowed). */
  ok: boolean;
}

/**
 * Validates one object as sent to the API server. The value is returned even when kind
 * rules fail, so callers can still point at lines or show the defaulted form.
 */
export function validateDocument(doc: unknown, options: ValidateOptions = {}): ValidationResult {
  const schema = checkSchema(doc, options);
  if (schema.value === undefined) return { ...schema, ok: false };
  const issues = [...schema.issues, ...kindRules(schema.value)];
  // The schema parse is ours alone, so the defaults are written into it rather than a copy.
  return { kind: schema.value.kind, value: writeDefaults(schema.value), issues, ok: !hasErrors(issues) };
}

/** The rules of the document's kind (schema already passed). */
export function kindRules(doc: AnyArkDocument): FieldIssue[] {
  switch (doc.kind) {
    case 'ArkAgent': return validateAgentSpec(doc.spec);
    case 'ArkTeam': return teamRules(doc.metadata.name, doc.spec);
    case 'ArkService': return validateServiceSpec(doc.spec);
    case 'ArkBudget': return validateBudgetSpec(doc.spec);
    case 'ArkRun': return runRules(doc.spec);
  }
}

/** The ArkTeam rules; the name matters too, as each role's agent is named `{team}-{role}`. */
export function teamRules(name: string | undefined, spec: ArkTeamSpec): FieldIssue[] {
  return [...validateTeamSpec(spec), ...ownedNameIssues(name, spec)];
}

/**
 * A run carrying its team snapshot (as the mutating webhook writes it) is checked for its
 * input. A minimal run is checked by the caller, which can look the team up
 * (validateRunInput), as is immutability against the admitted spec (checkRunImmutable).
 */
function runRules(spec: ArkRunSpec): FieldIssue[] {
  return spec.teamSpec === undefined ? [] : validateRunInput(spec.teamSpec, spec.input).issues;
}

export { agentFieldRules, BASE_URL_ENV_NAMES, duplicateNames, jsonSchemaIssues, utf8ByteLength, validateAgentSpec } from './agent.js';
export type { AgentFields, AgentRuleOptions } from './agent.js';
export { validateBudgetSpec } from './budget.js';
export { ancestry, findCycles } from './graph.js';
export { coerceInput, declaredInputNames, matchesInputType, validateInputDeclarations } from './inputs.js';
export type { InputType } from './inputs.js';
export { outputCheckIssues, validatePipeline } from './pipeline.js';
export { checkRunImmutable, MAIN_INPUT, reservedInputName, validateRunInput } from './run.js';
export type { RunInputResult } from './run.js';
export { checkSchema } from './schema.js';
export type { AnyArkDocument, SchemaCheck, SchemaOptions } from './schema.js';
export { describeValue } from './schema-messages.js';
export { validateServiceSpec } from './service.js';
export { forbiddenUrlReason } from './ssrf.js';
export { INLINE_ONLY_FIELDS, roleKind, validateTeamSpec } from './team.js';
export { STEP_FIELDS, TEMPLATE_ROOTS, templateIssues } from './templates.js';
export type { TemplateScope } from './templates.js';
