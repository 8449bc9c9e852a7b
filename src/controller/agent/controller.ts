// The ArkAgent controller: the thin, I/O half of `plan(observed) → desired`. One reconcile
// reads the agent, its Deployment and its prompt objects from the caches and its usage from
// the ledger, asks the pure plans what the Deployment and status should be, and applies
// both. A spec the schema refuses, or a prompt that cannot be resolved, becomes a
// condition (never a crash loop); the ConfigMap/Secret watch re-queues the agent when the
// object appears. A spent budget re-queues the agent at the window's reset.
import { periodWindow } from '../../budget/index.js';
import type { UsageLedger } from '../../budget/index.js';
import { jsonEqual } from '../../core/json-equal.js';
import type { Clock } from '../../engine/clock.js';
import type { Applier } from '../../kube/apply.js';
import type { CachedAgent, Informers } from '../informers.js';
import type { ReconcileResult } from '../result.js';
import { planDeployment } from './deployment.js';
import type { TeamRole } from './deployment.js';
import { ROLE_LABEL, TEAM_LABEL } from './labels.js';
import { budgetVerdict, planAgentStatus, promptProblem } from './status.js';
import type { BudgetVerdict, StatusInput } from './status.js';

export interface AgentControllerDeps {
  informers: Informers;
  applier: Applier;
  clock: Clock;
  /** Absent when budgets are off: no BudgetExceeded, usage reads 0. */
  ledger?: UsageLedger;
  /** The team limits and delegates of a team role's agent, when its team is known. */
  teamRole?(namespace: string, team: string, role: string): Omit<TeamRole, 'name' | 'role'> | undefined;
  recordEvent?(regarding: { kind: string; namespace: string; name: string; uid?: string }, type: 'Normal' | 'Warning', reason: string, message: string): void;
  image: string;
  imagePullPolicy: string;
  redisUrl: string;
}

/** While a daily limit is set, usage is re-read this often so a spent budget is noticed. */
const USAGE_RESYNC_MS = 30_000;

export async function reconcileAgent(deps: AgentControllerDeps, namespace: string, name: string): Promise<ReconcileResult | void> {
  const agent = deps.informers.agents.get(namespace, name);
  if (!agent) return; // deleted: the Deployment goes with its owner reference
  const now = deps.clock.now();
  const base = { generation: agent.generation, name, now, previous: agent.conditions };
  if (!agent.spec.ok) {
    await writeStatus(deps, agent, { ...base, spec: { replicas: 0 } as StatusInput['spec'], reconcileError: agent.spec.problem, budget: { exceeded: false, resetsAt: now }, agentUsed: 0 });
    return;
  }
  const spec = agent.spec.value;
  const team = teamOf(deps, agent);
  const { budget, used } = await usage(deps, agent, team, now);
  const deployment = deps.informers.deployments.get(namespace, name);
  const observed = deployment ? { replicas: deployment.replicas, readyReplicas: deployment.readyReplicas } : undefined;
  const promptError = promptProblem(spec, (kind, object) => (kind === 'ConfigMap' ? deps.informers.configMaps : deps.informers.secrets).get(namespace, object));
  if (promptError === undefined) {
    await deps.applier.apply(planDeployment({ namespace, name, uid: agent.uid, spec }, {
      image: deps.image, imagePullPolicy: deps.imagePullPolicy, redisUrl: deps.redisUrl, budgetExceeded: budget.exceeded, ...(team ? { team } : {}),
    }));
  }
  await writeStatus(deps, agent, { ...base, spec, deployment: observed, budget, agentUsed: used, ...(promptError ? { promptError } : {}) });
  if (budget.exceeded) return { requeueAfter: Math.max(1, budget.resetsAt - now) };
  return spec.limits.maxDailyTokens !== undefined || team?.maxDailyTokens !== undefined ? { requeueAfter: USAGE_RESYNC_MS } : undefined;
}

function teamOf(deps: AgentControllerDeps, agent: CachedAgent): TeamRole | undefined {
  const name = agent.labels[TEAM_LABEL];
  const role = agent.labels[ROLE_LABEL];
  if (name === undefined || role === undefined) return undefined;
  return { name, role, ...deps.teamRole?.(agent.namespace, name, role) };
}

async function usage(deps: AgentControllerDeps, agent: CachedAgent, team: TeamRole | undefined, now: number): Promise<{ budget: BudgetVerdict; used: number }> {
  const window = periodWindow('daily', now);
  if (!deps.ledger || !agent.spec.ok) return { budget: { exceeded: false, resetsAt: window.resetsAt }, used: 0 };
  const snapshot = await deps.ledger.snapshot(now);
  const used = snapshot.used({ kind: 'agent', namespace: agent.namespace, name: agent.name }, window);
  const teamUsed = team ? snapshot.used({ kind: 'team', namespace: agent.namespace, name: team.name }, window) : 0;
  const budget = budgetVerdict({
    now, resetsAt: window.resetsAt, agentUsed: used, agentLimit: agent.spec.value.limits.maxDailyTokens,
    ...(team ? { team: { name: team.name, used: teamUsed, limit: team.maxDailyTokens } } : {}),
  });
  return { budget, used };
}

/**
 * Writes the planned status, and an Event for each condition that just turned bad. A status
 * equal to the stored one is not written: the budget resync and every watch event of the
 * agent's own Deployment re-plan it, and most of those plans change nothing.
 */
async function writeStatus(deps: AgentControllerDeps, agent: CachedAgent, input: StatusInput): Promise<void> {
  const status = planAgentStatus(input);
  if (jsonEqual(status, agent.status)) return;
  await deps.applier.applyStatus({ kind: 'ArkAgent', plural: 'arkagents', namespace: agent.namespace, name: agent.name }, status);
  for (const condition of status.conditions ?? []) {
    const before = agent.conditions.find((entry) => entry.type === condition.type);
    const bad = condition.type === 'BudgetExceeded' ? condition.status === 'True' : condition.status === 'False' && condition.reason !== 'Progressing';
    if (bad && (before?.status !== condition.status || before.reason !== condition.reason)) {
      const reason = condition.type === 'BudgetExceeded' ? 'BudgetExceeded' : condition.reason ?? condition.type;
      deps.recordEvent?.({ kind: 'ArkAgent', namespace: agent.namespace, name: agent.name, uid: agent.uid }, 'Warning', reason, condition.message ?? '');
    }
  }
}
