// ArkRun admission: the team snapshot a bare run gets (mutating), and the checks that need
// the cluster (validating): the team exists, the input fits it, the run spec never changes,
// and no budget of the team, its agents or the namespace is spent.
import { API_VERSION } from '../src/api/index.js';
import type { ArkDocument, ArkTeamSpec } from '../src/api/index.js';
import { checkBudgets, teamAgents } from '../src/budget/index.js';
import { checkRunImmutable, defaultTeamSpec, fieldError, fieldWarning, hasErrors, validateRunInput } from '../src/core/index.js';
import type { FieldIssue } from '../src/core/index.js';
import type { AdmissionDeps, TeamObject } from './cluster.js';

type Run = ArkDocument<'ArkRun'>;

/** Issues raised by the budget check: a run denied only for them is Forbidden (403), not Invalid. */
const budgetDenials = new WeakSet<FieldIssue>();

export function isBudgetDenial(issue: FieldIssue): boolean {
  return budgetDenials.has(issue);
}

/** Usage older than this is still used, with a warning saying how old it is. */
const STALE_USAGE_WARN_MS = 10_000;

/** Writes the team snapshot, resolved input and generation into a run being created. */
export function snapshotTeam(run: Run, team: TeamObject, spec: ArkTeamSpec): void {
  const resolved = validateRunInput(spec, run.spec.input ?? {});
  run.spec.teamSpec = defaultTeamSpec(spec);
  if (team.generation !== undefined) run.spec.teamGeneration = team.generation;
  // Input with errors is left as given so the validating webhook reports it as the user wrote it.
  if (!hasErrors(resolved.issues)) run.spec.input = resolved.input;
  if (team.uid !== undefined) addOwner(run, team.uid);
}

/** The checks of a run create that need its team; the team is looked up (cache, then one GET). */
export async function runCreateIssues(run: Run, namespace: string, deps: AdmissionDeps): Promise<FieldIssue[]> {
  const name = run.spec.teamRef.name;
  const team = await deps.cluster.team(namespace, name);
  if (team === undefined) {
    return [fieldError('spec.teamRef.name', `ArkTeam "${name}" not found in namespace "${namespace}"`, 'create the team first, or fix the name')];
  }
  if (team.spec === undefined) {
    return [fieldError('spec.teamRef.name', `ArkTeam "${name}" does not pass validation`, `fix the team (ark validate shows why), then create the run`)];
  }
  // A snapshot was validated with the document; a run without one (no mutating webhook) is checked against the team.
  const inputIssues = run.spec.teamSpec === undefined ? validateRunInput(team.spec, run.spec.input ?? {}).issues : [];
  const spec = run.spec.teamSpec ?? team.spec;
  return [...inputIssues, ...budgetIssues(namespace, team, spec, deps)];
}

export function runUpdateIssues(run: Run, oldObject: unknown): FieldIssue[] {
  const oldSpec = (oldObject as { spec?: unknown } | undefined)?.spec;
  return checkRunImmutable(oldSpec, run.spec);
}

function budgetIssues(namespace: string, team: TeamObject, spec: ArkTeamSpec, deps: AdmissionDeps): FieldIssue[] {
  if (deps.usage === undefined) return [];
  const now = deps.clock.now();
  const target = {
    namespace,
    team: { name: team.name, labels: team.labels, maxDailyTokens: spec.limits?.maxDailyTokens },
    agents: teamAgents(team.name, spec),
  };
  const issues = checkBudgets(target, { budgets: deps.cluster.budgets(namespace), usage: deps.usage.current(), now, teams: deps.cluster.teams(namespace) });
  for (const issue of issues) budgetDenials.add(issue);
  const age = deps.usage.stale(STALE_USAGE_WARN_MS);
  if (age !== undefined) issues.push(fieldWarning('', `token usage figures are ${Math.round(age / 1000)}s old (the usage store is not answering); budgets are checked against them`));
  return issues;
}

function addOwner(run: Run, uid: string): void {
  const metadata = run.metadata as Run['metadata'] & { ownerReferences?: Record<string, unknown>[] };
  const owners = metadata.ownerReferences ?? [];
  if (owners.some((owner) => owner.uid === uid)) return;
  metadata.ownerReferences = [...owners, { apiVersion: API_VERSION, kind: 'ArkTeam', name: run.spec.teamRef.name, uid }];
}
