// The shipped examples on the whole stack: `kubectl apply -f examples/` (real model names:
// gpt-4o-mini, claude-…), the operator turning each team into agents and Deployments, and the
// kubelet stand-in running their pods as `ark runtime` processes forced onto the mock provider
// (ARK_PROVIDER=mock, as `npm run dev:up -- --provider mock` does). Bare ArkRuns made with
// `kubectl create` succeed with step outputs in status, a diamond's branches overlap, and a
// step whose output fails its schema fails the run at that step.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import type { ArkRunStatus } from '../../src/api/index.js';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startOperatorStack, type OperatorStack } from '../support/operator-stack.js';
import { completedTasks, readRunLog, runEnded, untilRun } from '../support/runs.js';

const NS = 'e2e-operator-examples';
/** The example teams these tests run; the stand-in runs only their pods (each is a Node process). */
const TEAMS = ['quickstart', 'product-review', 'contact-extraction'];
let stack: OperatorStack;
let dir: string;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const createRun = (name: string, team: string, input: Record<string, unknown>) => kubectl(['create', '-f', '-'], {
  stdin: JSON.stringify({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name, namespace: NS }, spec: { teamRef: { name: team }, input } }),
});
const finished = (name: string): Promise<ArkRunStatus> => untilRun(NS, name, runEnded, 180_000, () => stack.diagnostics());

async function teamReady(team: string, roles: number): Promise<void> {
  await waitFor(`the ${team} role Deployments ready`, async () => {
    const items = (await kubectlJson<Obj>(['get', '-n', NS, 'deployments', '-l', `arkonis.dev/team=${team}`])).items as Obj[];
    return items.length === roles && items.every((d) => d.status?.readyReplicas === 1);
  }, 150_000, () => undefined).catch((error: Error) => { throw new Error(`${error.message}\n${stack.diagnostics()}`); });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arkonis-mock-replies-examples-'));
  const replies = join(dir, 'mock.json');
  await writeFile(replies, JSON.stringify({ responses: [{ match: 'UNPARSEABLE', reply: 'There is no contact in this text.' }] }));
  stack = await startOperatorStack(NS, {
    selector: `app.kubernetes.io/managed-by=arkonis,arkonis.dev/team in (${TEAMS.join(',')})`,
    // A mock delay long enough that the diamond's branches visibly run at the same time.
    overrideEnv: { ARK_PROVIDER: 'mock', MOCK_RESPONSES: replies, MOCK_DELAY_MS: '1000' },
  });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the examples on the operator, its runtimes forced onto the mock provider', () => {
  it('kubectl apply -f examples/ accepts every object; the agent with a local prompt file says so instead of crash-looping', async () => {
    const { stdout } = await kubectl(['apply', '-n', NS, '-f', 'examples/']);
    for (const object of ['arkagent.arkonis.dev/research-agent', 'arkservice.arkonis.dev/research-service', ...TEAMS.map((t) => `arkteam.arkonis.dev/${t}`)]) {
      expect(stdout).toContain(`${object} created`);
    }
    // research-agent's prompt is a local file (for ark run): no pod could read it.
    await waitFor('research-agent to report its prompt', async () => {
      const conditions = ((await kubectlJson<Obj>(['get', '-n', NS, 'arkagent/research-agent'])).status?.conditions ?? []) as Obj[];
      return conditions.some((c) => c.type === 'Ready' && c.reason === 'PromptResolutionError' && String(c.message).includes('fix: kubectl create configmap'));
    }, 60_000);
    expect((await kubectl(['get', '-n', NS, 'deployment/research-agent'], { allowFailure: true })).code).not.toBe(0);
  }, 120_000);

  it('drives a bare ArkRun of the quickstart to Succeeded with step outputs in status', async () => {
    await teamReady('quickstart', 2);
    await createRun('quickstart-1', 'quickstart', { topic: 'Redis Streams' });
    const done = await finished('quickstart-1');
    expect(done.phase, done.message).toBe('Succeeded');
    expect(done.steps?.map((s) => [s.name, s.phase])).toEqual([['researcher', 'Succeeded'], ['writer', 'Succeeded']]);
    expect(done.steps?.[0]?.output).toBe('Mock response to: Research this topic: Redis Streams');
    expect(done.steps?.[1]?.output).toContain('Mock response to: Write a three-sentence summary');
    expect(done.output).toBe(done.steps?.[1]?.output);
    expect(done.totalTokenUsage?.total).toBeGreaterThan(0);
  }, 300_000);

  it('runs the diamond\'s two branches at the same time', async () => {
    await teamReady('product-review', 4);
    await createRun('review-1', 'product-review', { product: 'a CLI for agents' });
    const done = await finished('review-1');
    expect(done.phase, done.message).toBe('Succeeded');
    const step = (name: string) => done.steps!.find((s) => s.name === name)!;
    const t = (time?: string) => Date.parse(time ?? '');
    const [market, tech, planner, editor] = [step('market'), step('tech'), step('planner'), step('editor')];
    expect(t(market.startTime)).toBeLessThan(t(tech.completionTime));
    expect(t(tech.startTime)).toBeLessThan(t(market.completionTime));
    expect(t(planner.completionTime)).toBeLessThanOrEqual(Math.min(t(market.startTime), t(tech.startTime)));
    expect(t(editor.startTime)).toBeGreaterThanOrEqual(Math.max(t(market.completionTime), t(tech.completionTime)));
    expect(completedTasks(await readRunLog(stack.redis.url, NS, 'review-1'))).toHaveLength(4);
  }, 300_000);

  it('fails the run at a step whose output fails its schema, with failedStep and message', async () => {
    await teamReady('contact-extraction', 2);
    await createRun('extract-1', 'contact-extraction', { rawText: 'UNPARSEABLE notes without a person' });
    const done = await finished('extract-1');
    expect(done).toMatchObject({ phase: 'Failed', failedStep: 'extractor' });
    expect(done.message).toMatch(/extractor/);
    expect(done.steps?.map((s) => [s.name, s.phase])).toEqual([['extractor', 'Failed'], ['enricher', 'Pending']]);
    expect(done.steps?.[0]?.message).toEqual(expect.any(String));
  }, 300_000);
});
