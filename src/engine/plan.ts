// Turns a validated team spec into an indexed DAG: dependencies and dependants by index,
// and each step's checks compiled once (not per attempt).
import type { ArkTeamSpec, PipelineStep } from '../api/index.js';
import { compileJsonSchema, parseJsonSchema, type JsonSchemaCheck } from '../core/json-schema.js';
import { compileRegex, type Regex } from '../core/regex.js';
import type { JsonSchema } from '../providers/types.js';

export interface StepChecks {
  responseSchema?: JsonSchema;
  outputSchema?: JsonSchemaCheck;
  validateSchema?: JsonSchemaCheck;
  contains?: Regex;
  rejectPatterns: Regex[];
  semantic?: string;
  maxAttempts: number;
}

export interface PlannedStep {
  index: number;
  name: string;
  spec: PipelineStep;
  deps: number[];
  dependants: number[];
  checks: StepChecks;
}

/** Dynamic mode is a one-step pipeline on the entry role. */
export function pipelineOf(team: ArkTeamSpec): PipelineStep[] {
  if (team.pipeline && team.pipeline.length > 0) return team.pipeline;
  if (team.entry) return [{ role: team.entry }];
  throw new Error('team has neither a pipeline nor an entry role; fix: add spec.pipeline or spec.entry');
}

export function planPipeline(pipeline: PipelineStep[]): PlannedStep[] {
  const indexByName = new Map(pipeline.map((step, index) => [step.role, index]));
  const planned = pipeline.map((spec, index): PlannedStep => ({
    index, name: spec.role, spec, deps: [], dependants: [], checks: compileChecks(spec),
  }));
  for (const step of planned) {
    for (const dep of step.spec.dependsOn ?? []) {
      const depIndex = indexByName.get(dep);
      if (depIndex === undefined) throw new Error(`step "${step.name}" depends on unknown step "${dep}"`);
      step.deps.push(depIndex);
      planned[depIndex]!.dependants.push(step.index);
    }
  }
  return planned;
}

function compileChecks(spec: PipelineStep): StepChecks {
  const validate = spec.validate;
  const checks: StepChecks = {
    rejectPatterns: (validate?.rejectPatterns ?? []).map(compileRegex),
    maxAttempts: validate?.onFailure === 'retry' ? 1 + validate.maxRetries : 1,
  };
  if (spec.outputSchema !== undefined) {
    checks.outputSchema = compileJsonSchema(spec.outputSchema);
    checks.responseSchema = asSchemaObject(spec.outputSchema);
  }
  if (validate?.schema !== undefined) checks.validateSchema = compileJsonSchema(validate.schema);
  if (validate?.contains !== undefined) checks.contains = compileRegex(validate.contains);
  if (validate?.semantic !== undefined) checks.semantic = validate.semantic;
  return checks;
}

/** The schema as an object for the provider's instructions (`true` means "anything"). */
function asSchemaObject(schema: string | Record<string, unknown>): JsonSchema {
  const parsed = parseJsonSchema(schema);
  return typeof parsed === 'boolean' ? {} : parsed;
}
