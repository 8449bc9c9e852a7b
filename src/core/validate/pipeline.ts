// Pipeline rules: steps name roles, the DAG is well formed, templates only read what has
// run, and output checks (regexes, JSON Schemas) compile.
import type { ArkTeamSpec, PipelineStep } from '../../api/index.js';
import { compileRegex, RegexError } from '../regex.js';
import { fieldError, fieldWarning, formatPath, useOneOf } from '../issues.js';
import type { FieldIssue, PathSegment } from '../issues.js';
import { jsonSchemaIssues } from './agent.js';
import { firstIndexes } from './name-index.js';
import type { FirstIndex } from './name-index.js';
import { ancestry, findCycles, formatCycle } from './graph.js';
import type { Edges } from './graph.js';
import { declaredInputNames } from './inputs.js';
import { templateIssues } from './templates.js';
import type { TemplateScope } from './templates.js';

type Steps = readonly PipelineStep[];

/**
 * The pipeline rules. `roleIndex` (role name → index of its first declaration) is the
 * team's, when the caller has built it already.
 */
export function validatePipeline(spec: ArkTeamSpec, roleIndex: FirstIndex = firstIndexes(spec.roles, (role) => role.name)): FieldIssue[] {
  const steps = spec.pipeline ?? [];
  const index = indexSteps(steps, spec.roles, roleIndex);
  return [
    ...steps.flatMap((step, i) => stepRoleIssues(step, i, index)),
    ...steps.flatMap((step, i) => dependsOnIssues(step, i, index)),
    ...cycleIssues(steps, index.edges),
    ...stepTemplateIssues(spec, steps, index),
    ...steps.flatMap((step, i) => (hasOutputChecks(step) ? outputCheckIssues(step, `spec.pipeline[${i}]`) : [])),
  ];
}

/**
 * Name lookups built once, so the rules stay linear in the number of steps. The lists a
 * message needs (did-you-mean candidates) are made only when there is a message.
 */
interface StepIndex {
  roles: readonly { name: string }[];
  roleIndex: FirstIndex;
  /** Step name → index of the step that first declares it. */
  firstIndex: FirstIndex;
  /** Step → its dependsOn, without itself (for the DAG and for "has it run yet"). */
  edges: Edges;
}

const NO_EDGES: readonly string[] = [];

function indexSteps(steps: Steps, roles: readonly { name: string }[], roleIndex: FirstIndex): StepIndex {
  const firstIndex = firstIndexes(steps, (step) => step.role);
  // A step depending on itself is reported on its own; it is no cycle (and rare: a copy then).
  const withoutSelf = new Map<string, readonly string[]>();
  steps.forEach(({ role, dependsOn }, i) => {
    if (dependsOn?.includes(role) === true && firstIndex.get(role) === i) withoutSelf.set(role, dependsOn.filter((dep) => dep !== role));
  });
  const edges: Edges = {
    keys: () => firstIndex.keys(),
    get(name) {
      const first = firstIndex.get(name);
      return first === undefined ? undefined : withoutSelf.get(name) ?? steps[first]?.dependsOn ?? NO_EDGES;
    },
  };
  return { roles, roleIndex, firstIndex, edges };
}

function stepRoleIssues(step: PipelineStep, index: number, steps: StepIndex): FieldIssue[] {
  const first = steps.firstIndex.get(step.role);
  if (steps.roleIndex.has(step.role) && first === index) return [];
  const path = `spec.pipeline[${index}].role`;
  if (!steps.roleIndex.has(step.role)) return [fieldError(path, `unknown role "${step.role}"`, useOneOf(step.role, steps.roles.map((role) => role.name)))];
  return [fieldError(path, `step "${step.role}" is already defined by spec.pipeline[${first}]`,
    'a role runs once per pipeline; declare another role for the second step')];
}

function dependsOnIssues(step: PipelineStep, index: number, steps: StepIndex): FieldIssue[] {
  return (step.dependsOn ?? []).flatMap((dependency, j): FieldIssue[] => {
    const error = (message: string, fix: string): FieldIssue[] => [fieldError(formatPath(['spec', 'pipeline', index, 'dependsOn', j]), message, fix)];
    if (dependency === step.role) return error(`step "${step.role}" depends on itself`, 'remove it from dependsOn');
    if (!steps.firstIndex.has(dependency)) {
      return error(`unknown step "${dependency}"`, useOneOf(dependency, [...steps.firstIndex.keys()].filter((name) => name !== step.role)));
    }
    if (step.dependsOn?.indexOf(dependency) !== j) return error(`"${dependency}" is listed twice`, 'list each dependency once');
    return [];
  });
}

function cycleIssues(steps: Steps, edges: Edges): FieldIssue[] {
  return findCycles(edges).map((cycle) => {
    const index = steps.findIndex((step) => step.role === cycle[0]);
    const dependsOn = steps[index]?.dependsOn ?? [];
    const path = formatPath(['spec', 'pipeline', index, 'dependsOn', Math.max(0, dependsOn.indexOf(cycle[1] ?? ''))]);
    return fieldError(path, `dependency cycle: ${formatCycle(cycle)}`, 'remove one of these dependsOn entries');
  });
}

function stepTemplateIssues(spec: ArkTeamSpec, steps: Steps, index: StepIndex): FieldIssue[] {
  const inputs = declaredInputNames(spec);
  const finished = ancestry(index.edges);
  return steps.flatMap((step, i) => {
    if (step.inputs === undefined && step.if === undefined && step.loop === undefined) return [];
    const scope: TemplateScope = {
      inputs, steps: index.firstIndex, finished: finished.ancestorsOf(step.role), self: { name: step.role, mayReadItself: false },
    };
    return [
      ...Object.entries(step.inputs ?? {}).flatMap(([key, source]) => atStep(i, ['inputs', key], templateIssues('', source, scope))),
      ...(step.if === undefined ? [] : atStep(i, ['if'], templateIssues('', step.if, scope))),
      ...(step.loop === undefined ? [] : atStep(i, ['loop', 'condition'], templateIssues('', step.loop.condition,
        { ...scope, self: { name: step.role, mayReadItself: true } }))),
    ];
  });
}

/**
 * The issues placed at `spec.pipeline[index].<field>`. The path is written only when there
 * is an issue: a step's index turned into text is kept by V8's number-string cache, so
 * 10,000 of them would outlive the young generation on a file without a single problem.
 */
function atStep(index: number, field: readonly PathSegment[], issues: FieldIssue[]): FieldIssue[] {
  if (issues.length === 0) return issues;
  const path = formatPath(['spec', 'pipeline', index, ...field]);
  return issues.map((issue) => ({ ...issue, path }));
}

/** A step with an output schema or checks (its path is built only then, as in atStep). */
function hasOutputChecks(step: PipelineStep): boolean {
  return step.outputSchema !== undefined || step.validate !== undefined;
}

/** Regexes compile (RE2 syntax), schemas are JSON Schema, retry has retries to spend. */
export function outputCheckIssues(step: PipelineStep, base: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (step.outputSchema !== undefined) issues.push(...jsonSchemaIssues(`${base}.outputSchema`, step.outputSchema));
  const check = step.validate;
  if (check === undefined) return issues;
  if (check.contains !== undefined) issues.push(...regexIssues(`${base}.validate.contains`, check.contains));
  (check.rejectPatterns ?? []).forEach((pattern, i) => issues.push(...regexIssues(`${base}.validate.rejectPatterns[${i}]`, pattern)));
  if (check.schema !== undefined) issues.push(...jsonSchemaIssues(`${base}.validate.schema`, check.schema));
  if (check.onFailure === 'retry' && check.maxRetries === 0) {
    issues.push(fieldWarning(`${base}.validate.maxRetries`, 'onFailure is retry but maxRetries is 0, so a failed check fails the step',
      'set maxRetries to 1 or more, or onFailure: fail'));
  }
  return issues;
}

function regexIssues(path: string, pattern: string): FieldIssue[] {
  try {
    compileRegex(pattern);
    return [];
  } catch (err) {
    if (!(err instanceof RegexError)) throw err;
    return [fieldError(path, err.message, err.fix)];
  }
}
