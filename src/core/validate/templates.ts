// Template checks: every template must parse, and each field chain from the root dot must
// name something that exists when the template renders. Roots: `.input.<declared input>`,
// `.steps.<step>.<output|data|phase>` (anything below `data` is free: it is the step's
// parsed JSON), and `.trigger.*` (set by ArkEvents, free-form). Literal patterns of regex
// functions must compile, as validate.contains must.
import { checkTemplate, literalPatternProblems, templateReferences, TemplateError } from '../template/index.js';
import type { Template } from '../template/index.js';
import { didYouMean, fieldError, useOneOf } from '../issues.js';
import type { FieldIssue } from '../issues.js';

export const TEMPLATE_ROOTS = ['input', 'steps', 'trigger'] as const;
/** Fields of `.steps.<name>`: its text output, its parsed JSON output, and its phase. */
export const STEP_FIELDS = ['output', 'data', 'phase'] as const;

/** What a template may reference where it is written. */
export interface TemplateScope {
  inputs: readonly string[];
  /** Every step of the pipeline (for "unknown step" and did-you-mean): a Set, or a Map by step name. */
  steps: { has(name: string): boolean; keys(): Iterable<string> };
  /** Steps certain to have finished when the template renders; undefined = all of them. */
  finished?: { has(name: string): boolean };
  /** The step owning the template, and whether it may read its own result (loop.condition). */
  self?: { name: string; mayReadItself: boolean };
}

/** `.steps.my-role.output` does not parse (a name stops at "-"): say how to write it. */
const HYPHENATED_FIELD = /\.(steps|input)\.([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+)((?:\.[A-Za-z0-9_]+)*)/;

function syntaxFix(source: string): string {
  const hyphenated = HYPHENATED_FIELD.exec(source);
  if (hyphenated === null) return 'fix the template syntax (Go text/template, e.g. {{ .input.topic }})';
  const [written, root, name, rest] = hyphenated;
  const keys = [name, ...(rest ?? '').split('.').filter(Boolean)].map((key) => JSON.stringify(key)).join(' ');
  return `a name with "-" cannot follow a dot: instead of ${written} use index .${root} ${keys}`;
}

/** Issues of one template field at `path` (e.g. `spec.pipeline[1].inputs.prompt`). */
export function templateIssues(path: string, source: string, scope: TemplateScope): FieldIssue[] {
  let template: Template;
  try {
    template = checkTemplate(source);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    return [fieldError(path, err.message, syntaxFix(source))];
  }
  const references = templateReferences(template).flatMap((ref) => {
    const problem = referenceProblem(ref.path, scope);
    return problem === undefined ? [] : [fieldError(path, at(ref.line, ref.column, problem.message), problem.fix)];
  });
  const patterns = literalPatternProblems(template).map(({ line, column, error }) =>
    fieldError(path, at(line, column, error.message), error.fix));
  return [...references, ...patterns];
}

function at(line: number, column: number, message: string): string {
  return `line ${line}, column ${column}: ${message}`;
}

interface Problem { message: string; fix?: string }

function referenceProblem(path: readonly string[], scope: TemplateScope): Problem | undefined {
  const [root, name, field] = path;
  if (root === undefined || root === 'trigger') return undefined;
  if (root === 'input') return name === undefined ? undefined : inputProblem(name, scope);
  if (root === 'steps') return name === undefined ? undefined : stepProblem(name, field, path.length > 3, scope);
  const guess = didYouMean(root, TEMPLATE_ROOTS);
  return {
    message: `unknown field ".${root}"`,
    fix: `templates read .input, .steps or .trigger${guess === undefined ? '' : ` (did you mean ".${guess}"?)`}`,
  };
}

function inputProblem(name: string, scope: TemplateScope): Problem | undefined {
  if (scope.inputs.includes(name)) return undefined;
  const fix = scope.inputs.length === 0
    ? `declare it in spec.inputs (- name: ${name})`
    : `${useOneOf(name, scope.inputs)}, or declare it in spec.inputs`;
  return { message: `unknown input "${name}"`, fix };
}

function stepProblem(name: string, field: string | undefined, deeper: boolean, scope: TemplateScope): Problem | undefined {
  if (!scope.steps.has(name)) return { message: `unknown step "${name}"`, fix: useOneOf(name, [...scope.steps.keys()]) };
  if (scope.self?.name === name) {
    if (!scope.self.mayReadItself) {
      return { message: `step "${name}" cannot read its own result here`, fix: 'use it only in loop.condition' };
    }
  } else if (scope.finished !== undefined && !scope.finished.has(name)) {
    return { message: `step "${name}" may not have run yet`, fix: `add ${name} to dependsOn` };
  }
  return field === undefined ? undefined : stepFieldProblem(name, field, deeper);
}

function stepFieldProblem(name: string, field: string, deeper: boolean): Problem | undefined {
  if (!(STEP_FIELDS as readonly string[]).includes(field)) {
    return { message: `unknown field "${field}" of step "${name}"`, fix: useOneOf(field, STEP_FIELDS) };
  }
  if (deeper && field !== 'data') {
    return { message: `.steps.${name}.${field} is text and has no fields`, fix: `read JSON fields through .steps.${name}.data` };
  }
  return undefined;
}
