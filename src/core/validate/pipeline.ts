// Pipeline rules: steps name roles, the DAG is well formed, templates only read what has
// run, and output checks (regexes, JSON Schemas) compile.
import type { ArkTeamSpec, PipelineStep } from '../../api/index.js';
import { compileRegex, RegexError } from '../regex.js';
import { fieldError, fieldWarning, formatPath, useOneOf } from '../issues.js';
import type { FieldIssue } from '../issues.js';
import { jsonSchemaIssues } from './agent.js';
import { ancestry, findCycles, formatCycle } from './graph.js';
import { declaredInputNames } from './inputs.js';
import { templateIssues } from './templates.js';
import type { TemplateScope } from './templates.js';

type Steps = readonly PipelineStep[];

export function validatePipeline(spec: ArkTeamSpec): FieldIssue[] {
  const steps = spec.pipeline ?? [];
  const index = indexSteps(steps, spec.roles.map((role) => role.name));
  return [
    ...steps.flatMap((step, i) => stepRoleIssues(step, i, index)),
    ...steps.flatMap((step, i) => dependsOnIssues(step, i, index)),
    ...cycleIssues(steps),
    ...stepTemplateIssues(spec, steps, index),
    ...steps.flatMap((step, i) => outputCheckIssues(step, `spec.pipeline[${i}]`)),
  ];
}

/** Name lookups built once, so the rules stay linear in the number of steps. */
interface StepIndex {
  roles: readonly string[];
  roleSet: ReadonlySet<string>;
  /** Step name → index of the step that first declares it. */
  firstIndex: ReadonlyMap<string, number>;
  names: readonly string[];
}

function indexSteps(steps: Steps, roles: readonly string[]): StepIndex {
  const firstIndex = new Map<string, number>();
  steps.forEach((step, i) => { if (!firstIndex.has(step.role)) firstIndex.set(step.role, i); });
  return { roles, roleSet: new Set(roles), firstIndex, names: [...firstIndex.keys()] };
}

/** Edges step → its dependsOn (for the DAG and for "has it run yet"). */
export function dependencyEdges(steps: Steps): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const step of steps) if (!edges.has(step.role)) edges.set(step.role, [...(step.dependsOn ?? [])]);
  return edges;
}

function stepRoleIssues(step: PipelineStep, index: number, steps: StepIndex): FieldIssue[] {
  const path = `spec.pipeline[${index}].role`;
  if (!steps.roleSet.has(step.role)) return [fieldError(path, `unknown role "${step.role}"`, useOneOf(step.role, steps.roles))];
  const first = steps.firstIndex.get(step.role);
  if (first === index) return [];
  return [fieldError(path, `step "${step.role}" is already defined by spec.pipeline[${first}]`,
    'a role runs once per pipeline; declare another role for the second step')];
}

function dependsOnIssues(step: PipelineStep, index: number, steps: StepIndex): FieldIssue[] {
  return (step.dependsOn ?? []).flatMap((dependency, j): FieldIssue[] => {
    const path = formatPath(['spec', 'pipeline', index, 'dependsOn', j]);
    if (dependency === step.role) return [fieldError(path, `step "${step.role}" depends on itself`, 'remove it from dependsOn')];
    if (!steps.firstIndex.has(dependency)) {
      return [fieldError(path, `unknown step "${dependency}"`, useOneOf(dependency, steps.names.filter((name) => name !== step.role)))];
    }
    if (step.dependsOn?.indexOf(dependency) !== j) return [fieldError(path, `"${dependency}" is listed twice`, 'list each dependency once')];
    return [];
  });
}

function cycleIssues(steps: Steps): FieldIssue[] {
  const edges = dependencyEdges(steps);
  for (const [name, deps] of edges) edges.set(name, deps.filter((dep) => dep !== name));
  return findCycles(edges).map((cycle) => {
    const index = steps.findIndex((step) => step.role === cycle[0]);
    const dependsOn = steps[index]?.dependsOn ?? [];
    const path = formatPath(['spec', 'pipeline', index, 'dependsOn', Math.max(0, dependsOn.indexOf(cycle[1] ?? ''))]);
    return fieldError(path, `dependency cycle: ${formatCycle(cycle)}`, 'remove one of these dependsOn entries');
  });
}

function stepTemplateIssues(spec: ArkTeamSpec, steps: Steps, index: StepIndex): FieldIssue[] {
  const inputs = declaredInputNames(spec);
  const stepNames = new Set(index.names);
  const finished = ancestry(dependencyEdges(steps));
  return steps.flatMap((step, i) => {
    const base = `spec.pipeline[${i}]`;
    const scope: TemplateScope = {
      inputs, steps: stepNames, finished: finished.ancestorsOf(step.role), self: { name: step.role, mayReadItself: false },
    };
    const loopScope: TemplateScope = { ...scope, self: { name: step.role, mayReadItself: true } };
    return [
      ...Object.entries(step.inputs ?? {}).flatMap(([key, source]) => templateIssues(formatPath(['spec', 'pipeline', i, 'inputs', key]), source, scope)),
      ...(step.if === undefined ? [] : templateIssues(`${base}.if`, step.if, scope)),
      ...(step.loop === undefined ? [] : templateIssues(`${base}.loop.condition`, step.loop.condition, loopScope)),
    ];
  });
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
