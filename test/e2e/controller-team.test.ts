// The ArkTeam controller against a real kube-apiserver: a team with two inline roles gets two
// owned ArkAgents (and through them Deployments) with team labels and the team's env; a
// removed role's agent is deleted; terminal ArkRuns beyond the history limits are pruned
// oldest first; a spent team budget scales every role's Deployment to zero; a stored team the
// admission rules refuse gets a Failed status naming the problem, and nothing else.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { RedisUsageLedger } from '../../src/budget/index.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { RunningOperator } from '../../src/cli/commands/operator.js';
import { systemClock } from '../../src/engine/clock.js';
import { devOperatorFlags } from '../support/operator-flags.js';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';

const NS = 'e2e-controller-team';
/** A namespace the suite's webhooks do not cover, to store what they would deny. */
const UNCHECKED = 'e2e-controller-team-unchecked';
let redis: RedisServer;
let ledger: RedisUsageLedger;
let operator: RunningOperator;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const role = (name: string, extra: Obj = {}) => ({ name, model: 'mock', systemPrompt: `You are the ${name}.`, limits: { maxTokensPerCall: 50 }, ...extra });
const team = (name: string, spec: Obj) => ({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', metadata: { name, namespace: NS }, spec });
const apply = (object: unknown) => kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(object) });
const get = (what: string) => kubectlJson<Obj>(['get', '-n', NS, what]);
const exists = async (what: string): Promise<boolean> => (await kubectl(['get', '-n', NS, what], { allowFailure: true })).code === 0;
const names = async (what: string, selector: string): Promise<string[]> =>
  ((await kubectlJson<Obj>(['get', '-n', NS, what, '-l', selector])).items as Obj[]).map((item) => item.metadata.name as string).sort();
const envOf = (deployment: Obj): Obj => Object.fromEntries((deployment.spec.template.spec.containers[0].env as Obj[]).map((e) => [e.name, e.value ?? e.valueFrom]));

beforeAll(async () => {
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkteams.arkonis.dev', 'crd/arkruns.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  await kubectl(['create', 'namespace', UNCHECKED]);
  redis = await startRedis();
  ledger = new RedisUsageLedger(new Redis(redis.url));
  operator = await startOperator(await devOperatorFlags(NS, redis.url), () => undefined, { clock: systemClock, ledger });
});

afterAll(async () => {
  await operator?.stop();
  await ledger?.close();
  await redis?.stop();
  await kubectl(['delete', 'namespace', NS, UNCHECKED, '--wait=false'], { allowFailure: true });
});

describe('ArkTeam controller on a real kube-apiserver', () => {
  it('owns one labelled ArkAgent and Deployment per inline role, and deletes the agent of a removed role', async () => {
    await apply(team('blog', { entry: 'writer', roles: [role('writer', { canDelegate: ['editor'] }), role('editor')], limits: { maxDailyTokens: 5000 } }));
    await waitFor('both role Deployments', async () => (await names('deployments', 'arkonis.dev/team=blog')).length === 2, 30_000);
    expect(await names('arkagents', 'arkonis.dev/team=blog')).toEqual(['blog-editor', 'blog-writer']);
    const writer = await get('arkagent/blog-writer');
    expect(writer.metadata.labels).toMatchObject({ 'arkonis.dev/team': 'blog', 'arkonis.dev/role': 'writer' });
    expect(writer.metadata.ownerReferences[0]).toMatchObject({ kind: 'ArkTeam', name: 'blog', controller: true });
    expect(writer.spec).toMatchObject({ model: 'mock', systemPrompt: 'You are the writer.' });
    const managed = await kubectlJson<Obj>(['get', '-n', NS, 'arkagent/blog-writer', '--show-managed-fields']);
    expect(managed.metadata.managedFields.map((f: Obj) => f.manager)).toContain('arkonis-operator');
    const deployment = await get('deployment/blog-writer');
    expect(deployment.metadata.labels).toMatchObject({ 'arkonis.dev/team': 'blog', 'arkonis.dev/role': 'writer' });
    await waitFor('the team env', async () => envOf(await get('deployment/blog-writer')).TEAM_MAX_DAILY_TOKENS === '5000', 30_000);
    expect(envOf(await get('deployment/blog-writer'))).toMatchObject({ TEAM_NAME: 'blog', TEAM_ROLE: 'writer', CAN_DELEGATE: 'editor' });
    await waitFor('the team status', async () => (await get('arkteam/blog')).status?.roles?.length === 2, 30_000);
    const status = (await get('arkteam/blog')).status;
    expect(status).toMatchObject({ phase: 'Degraded', observedGeneration: 1, roles: [{ name: 'writer', ready: false }, { name: 'editor', ready: false }] });
    expect(status.conditions[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'RolesNotReady' });

    await apply(team('blog', { entry: 'writer', roles: [role('writer')], limits: { maxDailyTokens: 5000 } }));
    await waitFor('the removed role agent is deleted', async () => !(await exists('arkagent/blog-editor')), 30_000);
    expect(await names('arkagents', 'arkonis.dev/team=blog')).toEqual(['blog-writer']);
  });

  it('reports a stored team the admission rules refuse as Failed with the reason, creates nothing, and recovers once fixed', async () => {
    const broken = (spec: Obj) => ({ ...team('broken', spec), metadata: { name: 'broken', namespace: UNCHECKED } });
    const getBroken = (what: string) => kubectlJson<Obj>(['get', '-n', UNCHECKED, what]);
    const roleAgents = async () => ((await kubectlJson<Obj>(['get', '-n', UNCHECKED, 'arkagents'])).items as Obj[]).length;
    await apply(broken({ entry: 'nobody', roles: [role('writer')] }));
    await waitFor('the InvalidSpec condition', async () => (await getBroken('arkteam/broken')).status?.phase === 'Failed', 30_000);
    const status = (await getBroken('arkteam/broken')).status;
    expect(status.conditions[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'InvalidSpec', message: expect.stringMatching(/^spec\.entry: .*nobody.*fix: /) });
    expect(await roleAgents()).toBe(0);

    await apply(broken({ entry: 'writer', roles: [role('writer')] }));
    await waitFor('the role agent of the fixed team', async () => (await roleAgents()) === 1, 30_000);
    await waitFor('the fixed team status', async () => (await getBroken('arkteam/broken')).status?.phase === 'Degraded', 30_000);
  });

  it('prunes terminal runs beyond the history limits, oldest first, and names the newest run', async () => {
    await apply(team('hist', { entry: 'solo', roles: [role('solo')], successfulRunsHistoryLimit: 1, failedRunsHistoryLimit: 1 }));
    const phases = ['Succeeded', 'Succeeded', 'Failed', 'TimedOut', 'Running'];
    for (const [i, phase] of phases.entries()) {
      const name = `hist-r${i + 1}`;
      await apply({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name, namespace: NS, labels: { 'arkonis.dev/team': 'hist' } }, spec: { teamRef: { name: 'hist' } } });
      await kubectl(['patch', '-n', NS, `arkrun/${name}`, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { phase } })]);
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // creationTimestamp has whole seconds
    }
    await waitFor('the pruned history', async () => (await names('arkruns', 'arkonis.dev/team=hist')).length === 3, 30_000);
    expect(await names('arkruns', 'arkonis.dev/team=hist')).toEqual(['hist-r2', 'hist-r4', 'hist-r5']);
    await waitFor('lastRunName', async () => (await get('arkteam/hist')).status?.lastRunName === 'hist-r5', 30_000);
  });

  it('scales every role Deployment to zero once the team daily budget is spent', async () => {
    await ledger.record({ namespace: NS, team: 'spent', tokens: 200, at: Date.now() });
    await apply(team('spent', { entry: 'a', roles: [role('a', { replicas: 2, canDelegate: ['b'] }), role('b')], limits: { maxDailyTokens: 100 } }));
    await waitFor('both role Deployments at zero', async () => {
      if (!(await exists('deployment/spent-a')) || !(await exists('deployment/spent-b'))) return false;
      return (await get('deployment/spent-a')).spec.replicas === 0 && (await get('deployment/spent-b')).spec.replicas === 0;
    }, 30_000);
    const agent = await get('arkagent/spent-a');
    expect((agent.status.conditions as Obj[]).find((c) => c.type === 'BudgetExceeded')).toMatchObject({ status: 'True', reason: 'DailyLimitReached' });
  });
});
