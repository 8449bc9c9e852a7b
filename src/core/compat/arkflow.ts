// ArkFlow, the older name of ArkTeam: `spec.steps[]{name, arkAgent, inputs, prompt, …}`
// with templates over `.pipeline.input`. Converted to the ArkTeam it means (a role per
// step, referencing the step's agent, and a pipeline step per step), with a way back from
// the ArkTeam's field paths to the ArkFlow's, so issues point at what the user wrote.
import { API_VERSION } from '../../api/index.js';
import { parsePath, formatPath } from '../issues.js';
import type { PathSegment } from '../issues.js';

/** Step fields that move to the pipeline step unchanged (templates rewritten). */
const STEP_FIELDS = ['dependsOn', 'if', 'loop', 'outputSchema', 'validate'] as const;
/** Fields that describe the role, not the step. */
const ROLE_FIELDS = new Set(['name', 'arkAgent', 'arkonisDeployment', 'prompt', 'inputs', ...STEP_FIELDS]);

type Json = Record<string, unknown>;

export interface ConvertedFlow {
  /** The ArkTeam document. */
  team: Json;
  /** The ArkFlow path a converted path came from (for lines and messages). */
  originalPath(path: string): string;
}

/** The ArkTeam an ArkFlow document describes; fields it does not know are kept for the schema to report. */
export function convertArkFlow(flow: Json): ConvertedFlow {
  const spec = (isObject(flow.spec) ? flow.spec : {});
  const steps = Array.isArray(spec.steps) ? spec.steps : [];
  const { steps: _steps, ...teamSpec } = spec;
  const roles = steps.map((step) => roleOf(isObject(step) ? step : {}));
  const pipeline = steps.map((step) => pipelineStepOf(isObject(step) ? step : {}));
  const team = {
    ...flow,
    apiVersion: API_VERSION,
    kind: 'ArkTeam',
    spec: rewriteTemplates({ ...teamSpec, roles, pipeline }),
  };
  const promptFromStep = steps.map((step) => isObject(step) && typeof step.prompt === 'string');
  return { team, originalPath: (path) => originalPath(path, promptFromStep) };
}

function roleOf(step: Json): Json {
  const role: Json = { name: step.name, arkAgent: step.arkAgent ?? step.arkonisDeployment };
  for (const [key, value] of Object.entries(step)) if (!ROLE_FIELDS.has(key)) role[key] = value;
  return role;
}

function pipelineStepOf(step: Json): Json {
  const out: Json = { role: step.name };
  const inputs = { ...(isObject(step.inputs) ? step.inputs : {}) };
  if (typeof step.prompt === 'string') inputs.prompt = step.prompt;
  if (Object.keys(inputs).length > 0) out.inputs = inputs;
  for (const field of STEP_FIELDS) if (step[field] !== undefined) out[field] = step[field];
  return out;
}

/** `.pipeline.input.x` was ArkFlow's name for `.input.x`; rewritten in every string. */
function rewriteTemplates<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\.pipeline\.input\b/g, '.input') as T;
  if (Array.isArray(value)) return value.map(rewriteTemplates) as T;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteTemplates(v)])) as T;
  return value;
}

/** spec.roles[i]… and spec.pipeline[i]… both come from spec.steps[i]. */
function originalPath(path: string, promptFromStep: readonly boolean[]): string {
  const segments = parsePath(path);
  const [spec, list, index, field, ...rest] = segments;
  if (spec !== 'spec' || (list !== 'roles' && list !== 'pipeline') || typeof index !== 'number') return path;
  const renamed: PathSegment[] = ['spec', 'steps', index];
  if (field === 'role') renamed.push('name');
  else if (field === 'inputs' && rest[0] === 'prompt' && promptFromStep[index]) renamed.push('prompt');
  else if (field !== undefined) renamed.push(field, ...rest);
  return formatPath(renamed);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
