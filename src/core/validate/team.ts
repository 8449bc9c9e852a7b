// ArkTeam rules: roles (kind, uniqueness, inline agent rules), modes (pipeline / entry),
// delegation graph, token budgets, the output template and the input declarations.
import { agentLimits, roleAgentFields } from '../../api/index.js';
import type { ArkTeamSpec, TeamRole } from '../../api/index.js';
import { fieldError, fieldWarning, formatPath, underPath, useOneOf } from '../issues.js';
import type { FieldIssue } from '../issues.js';
import { agentFieldRules, duplicateNames } from './agent.js';
import { firstIndexes } from './name-index.js';
import type { FirstIndex } from './name-index.js';
import { findCycles, formatCycle } from './graph.js';
import { declaredInputNames, validateInputDeclarations } from './inputs.js';
import { validatePipeline } from './pipeline.js';
import { templateIssues } from './templates.js';

/** Fields only an inline role may carry: every agent field (model itself decides inline). */
export const INLINE_ONLY_FIELDS = Object.keys(roleAgentFields).filter((key) => key !== 'model');

export function validateTeamSpec(spec: ArkTeamSpec): FieldIssue[] {
  // Role name → index of its first declaration: one index for every rule that looks names up.
  const roleIndex = firstIndexes(spec.roles, (role) => role.name);
  return [
    ...duplicateNames('roles', spec.roles, roleIndex).map((issue) => ({ ...issue, path: `spec.${issue.path}` })),
    ...spec.roles.flatMap(roleIssues),
    ...modeIssues(spec),
    ...delegationIssues(spec, roleIndex),
    ...validatePipeline(spec, roleIndex),
    ...outputIssues(spec),
    ...budgetIssues(spec),
    ...validateInputDeclarations(spec),
  ];
}

/** How a role is provided: inline agent fields, an existing ArkAgent, or another team. */
export function roleKind(role: TeamRole): 'inline' | 'arkAgent' | 'arkTeam' | undefined {
  if (role.model !== undefined) return 'inline';
  if (role.arkAgent !== undefined) return 'arkAgent';
  return role.arkTeam !== undefined ? 'arkTeam' : undefined;
}

function roleIssues(role: TeamRole, index: number): FieldIssue[] {
  const base = (): string => `spec.roles[${index}]`;
  const kinds = (['model', 'arkAgent', 'arkTeam'] as const).filter((key) => role[key] !== undefined);
  const fix = 'set exactly one of model (inline role), arkAgent or arkTeam';
  if (kinds.length === 0) return [fieldError(base(), `role "${role.name}" sets none of model, arkAgent, arkTeam`, fix)];
  if (kinds.length > 1) return [fieldError(`${base()}.${kinds[1] ?? ''}`, `role "${role.name}" sets ${kinds.join(' and ')}`, fix)];
  if (kinds[0] === 'model') {
    // underPath only when there are issues: see atStep in pipeline.ts for why `base` is not built for nothing.
    const issues = agentFieldRules(role, { promptRequired: false });
    return issues.length === 0 ? issues : underPath(base(), issues);
  }
  const reference = kinds[0] === 'arkAgent' ? `arkAgent "${role.arkAgent ?? ''}"` : `arkTeam "${role.arkTeam ?? ''}"`;
  return INLINE_ONLY_FIELDS.filter((key) => (role as Record<string, unknown>)[key] !== undefined).map((key) =>
    fieldError(`${base()}.${key}`, `${key} applies only to inline roles; this role uses ${reference}`,
      kinds[0] === 'arkAgent' ? `remove it here and set it on the ArkAgent ${role.arkAgent ?? ''}` : 'remove it'));
}

function modeIssues(spec: ArkTeamSpec): FieldIssue[] {
  const hasPipeline = (spec.pipeline ?? []).length > 0;
  if (!hasPipeline && spec.entry === undefined) {
    return [fieldError('spec', 'the team has neither a pipeline nor an entry role',
      'add spec.pipeline steps, or set spec.entry to the role that receives the task')];
  }
  if (spec.entry === undefined) return [];
  const entryRole = spec.roles.find((role) => role.name === spec.entry);
  if (entryRole === undefined) return [fieldError('spec.entry', `unknown role "${spec.entry}"`, useOneOf(spec.entry, spec.roles.map((role) => role.name)))];
  if ((entryRole.canDelegate ?? []).length > 0) return [];
  return [fieldWarning('spec.entry', `entry role "${spec.entry}" has no canDelegate, so it cannot hand work to other roles`,
    `list the roles it may delegate to in spec.roles[${spec.roles.indexOf(entryRole)}].canDelegate`)];
}

function delegationIssues(spec: ArkTeamSpec, roleIndex: FirstIndex): FieldIssue[] {
  const issues = spec.roles.flatMap((role, i) => (role.canDelegate ?? []).flatMap((target, j): FieldIssue[] => {
    const path = formatPath(['spec', 'roles', i, 'canDelegate', j]);
    if (target === role.name) return [fieldError(path, `role "${role.name}" delegates to itself`, 'remove it from canDelegate')];
    if (!roleIndex.has(target)) {
      return [fieldError(path, `unknown role "${target}"`, useOneOf(target, spec.roles.map((r) => r.name).filter((n) => n !== role.name)))];
    }
    return [];
  }));
  // Only roles that delegate can close a cycle, so the others are left out of the graph.
  const edges = new Map<string, string[]>();
  spec.roles.forEach((role, i) => {
    const targets = role.canDelegate?.filter((target) => target !== role.name) ?? [];
    if (targets.length > 0 && roleIndex.get(role.name) === i) edges.set(role.name, targets);
  });
  for (const cycle of findCycles(edges)) {
    const index = spec.roles.findIndex((role) => role.name === cycle[0]);
    issues.push(fieldError(`spec.roles[${index}].canDelegate`, `delegation cycle: ${formatCycle(cycle)}`,
      'delegation must not lead back to a role; remove one of these canDelegate entries'));
  }
  return issues;
}

/** The output renders after the run: every step may be read; the entry role too (dynamic mode). */
function outputIssues(spec: ArkTeamSpec): FieldIssue[] {
  if (spec.output === undefined) return [];
  const steps = new Set((spec.pipeline ?? []).map((step) => step.role));
  if (spec.entry !== undefined) steps.add(spec.entry);
  return templateIssues('spec.output', spec.output, { inputs: declaredInputNames(spec), steps });
}

/** maxTokensPerCall ≤ maxTokens ≤ limits.maxDailyTokens; an unset per-call limit is the ArkAgent default. */
function budgetIssues(spec: ArkTeamSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const daily = spec.limits?.maxDailyTokens;
  const [runCap, runCapPath] = spec.maxTokens !== undefined
    ? [spec.maxTokens, 'spec.maxTokens'] : [daily, 'spec.limits.maxDailyTokens'];
  if (spec.maxTokens !== undefined && daily !== undefined && spec.maxTokens > daily) {
    issues.push(fieldError('spec.maxTokens', `${spec.maxTokens} exceeds spec.limits.maxDailyTokens ${daily}`,
      `lower spec.maxTokens to at most ${daily} or raise spec.limits.maxDailyTokens`));
  }
  if (runCap === undefined) return issues;
  spec.roles.forEach((role, index) => {
    if (roleKind(role) !== 'inline') return;
    const explicit = role.limits?.maxTokensPerCall;
    const perCall = explicit ?? DEFAULT_MAX_TOKENS_PER_CALL;
    if (perCall <= runCap) return;
    const shown = explicit === undefined ? `${perCall} (the default)` : String(perCall);
    issues.push(fieldError(`spec.roles[${index}].limits.maxTokensPerCall`, `${shown} exceeds ${runCapPath} ${runCap}`,
      `set spec.roles[${index}].limits.maxTokensPerCall to at most ${runCap} or raise ${runCapPath}`));
  });
  return issues;
}

const DEFAULT_MAX_TOKENS_PER_CALL = agentLimits.parse({}).maxTokensPerCall;
