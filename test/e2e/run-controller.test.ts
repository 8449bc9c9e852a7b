// The ArkRun controller against a real kube-apiserver + etcd, a real redis-server and real
// `ark runtime` processes (mock provider) playing the ArkAgents' pods. Bare ArkRuns are
// created with kubectl and get their team snapshot from the real mutating webhook.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import type { ArkRunStatus } from '../../src/api/index.js';
import { startOperator, type RunningOperator } from '../../src/cli/commands/operator.js';
import { runIdOf, startRunController } from '../../src/controller/runs/index.js';
import { systemClock } from '../../src/engine/clock.js';
import type { LoggedEvent } from '../../src/engine/events.js';
import { kubeClients } from '../../src/kube/client.js';
import { outputKey } from '../../src/queue/names.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { silentLogger } from '../../src/telemetry/types.js';
import { followRunLog, readRunLog, runEnded, untilRun } from '../support/runs.js';
import { kubeEnv, kubectl } from '../support/kube.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

const NS = 'e2e-run-controller';
const BIG_BYTES = 2 * 1024 * 1024;
let redis: RedisServer;
let operator: RunningOperator;
let controller: { stop(): Promise<void> } | undefined;
const runtimes: RuntimeProcess[] = [];
const events: string[] = [];
let dir: string;

const doc = (kind: string, name: string, spec: unknown) => ({ apiVersion: 'arkonis.dev/v1alpha1', kind, metadata: { name, namespace: NS }, spec });
const apply = (object: unknown) => kubectl(['create', '-f', '-'], { stdin: JSON.stringify(object) });
const agents = { quick: 400, slow: 1500 } as const;
const roles = (names: string[], agent: keyof typeof agents) => names.map((name) => ({ name, arkAgent: agent }));
const teams = [
  doc('ArkTeam', 'diamond', {
    inputs: [{ name: 'topic', type: 'string', required: true }],
    roles: roles(['plan', 'left', 'right', 'join'], 'quick'),
    pipeline: [
      { role: 'plan', inputs: { prompt: 'plan {{ .input.topic }}' } },
      { role: 'left', dependsOn: ['plan'], inputs: { prompt: 'left of {{ .steps.plan.output }}' } },
      { role: 'right', dependsOn: ['plan'], inputs: { prompt: 'right of {{ .steps.plan.output }}' } },
      { role: 'join', dependsOn: ['left', 'right'], inputs: { prompt: 'join {{ .steps.left.output }}' } },
    ],
  }),
  doc('ArkTeam', 'failing', { roles: roles(['check'], 'quick'), pipeline: [{ role: 'check', validate: { contains: '^NEVER$' } }] }),
  doc('ArkTeam', 'timeout', { timeoutSeconds: 1, roles: roles(['crawl'], 'slow'), pipeline: [{ role: 'crawl' }] }),
  doc('ArkTeam', 'big', { roles: roles(['dump'], 'quick'), pipeline: [{ role: 'dump', inputs: { prompt: 'BIG please' } }] }),
  doc('ArkTeam', 'slowpipe', {
    roles: roles(['one', 'two', 'three'], 'slow'),
    pipeline: [{ role: 'one' }, { role: 'two', dependsOn: ['one'] }, { role: 'three', dependsOn: ['two'] }],
  }),
];

function createRun(name: string, team: string, input: Record<string, unknown> = { prompt: `task of ${name}` }, annotations: Record<string, string> = {}, namespace = NS): Promise<unknown> {
  return apply({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name, namespace, annotations }, spec: { teamRef: { name: team }, input } });
}
/**
 * A follow of an ended run's log from its start ends by itself and holds the run's end. It is
 * not always the last line: a runtime's `task.failed` for the task a cancel stopped can land after it.
 */
async function expectLogEnds(name: string, phase: string, namespace = NS): Promise<void> {
  const followed = await followRunLog(redis.url, namespace, name, 15_000);
  expect(followed, `the log of ${name}: ${JSON.stringify(await readRunLog(redis.url, namespace, name))}`).toMatchObject({ ended: true });
  expect(followed.types).toContain('run.completed');
  expect((await readRunLog(redis.url, namespace, name)).findLast((event) => event.type === 'run.completed')).toMatchObject({ phase });
}

const until = (name: string, check: (s: ArkRunStatus) => boolean, ms = 60_000): Promise<ArkRunStatus> => untilRun(NS, name, check, ms);
const ended = runEnded;
const runLog = (name: string): Promise<LoggedEvent[]> => readRunLog(redis.url, NS, name);

async function startController(): Promise<void> {
  controller = await startRunController({
    clients: kubeClients(kubeEnv().kubeconfig), redisUrl: redis.url, clock: systemClock, log: () => undefined,
    recordEvent: (regarding, type, reason, message) => events.push(`${type} ${reason} ${regarding.name}: ${message}`),
  });
}

beforeAll(async () => {
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkruns.arkonis.dev', 'crd/arkteams.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'arkonis-e2e-runs-'));
  await writeFile(join(dir, 'mock.json'), JSON.stringify({ responses: [{ match: 'BIG', reply: 'B'.repeat(BIG_BYTES) }] }));
  operator = await startOperator({
    kubeconfig: kubeEnv().kubeconfig, webhooks: true, budgets: false, host: '127.0.0.1', webhookPort: 0, metricsPort: 0,
    tlsCertFile: '', tlsKeyFile: '', namespace: 'arkonis-system', devRegister: true,
    devCertDir: await mkdtemp(join(tmpdir(), 'arkonis-e2e-run-certs-')), devNamespace: NS, devConfigName: NS, leaderElect: false, leaseDurationSeconds: 15, leaseRenewSeconds: 10, leaseRetrySeconds: 2, leaseIdentity: 'e2e',
  }, () => undefined);
  for (const [name, delay] of Object.entries(agents)) {
    const spec = { model: 'mock', systemPrompt: `You are ${name}.`, limits: { maxConcurrentTasks: 5 } };
    await apply(doc('ArkAgent', name, spec));
    runtimes.push(await startRuntime({
      TASK_QUEUE_URL: redis.url, AGENT_NAME: name, AGENT_NAMESPACE: NS, POD_NAME: `${name}-0`, AGENT_SPEC: JSON.stringify(spec),
      MOCK_RESPONSES: join(dir, 'mock.json'), MOCK_DELAY_MS: String(delay), VISIBILITY_TIMEOUT_MS: '2000',
    }));
  }
  await waitFor('the webhooks to snapshot runs', async () => {
    const probe = await kubectl(['create', '--dry-run=server', '-o', 'json', '-f', '-'], {
      stdin: JSON.stringify(doc('ArkTeam', 'probe', { roles: [{ name: 'x', arkAgent: 'nope' }], entry: 'x' })), allowFailure: true,
    });
    return probe.stderr.includes('Warning:');
  }, 30_000);
  for (const team of teams) await apply(team);
  await startController();
});

afterAll(async () => {
  await controller?.stop();
  await Promise.all(runtimes.map((runtime) => runtime.stop()));
  await operator?.stop();
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFailure: true });
  await redis?.stop();
});

describe('ArkRun controller', () => {
  it('drives a bare ArkRun to Succeeded with step outputs in status, and the diamond branches overlap', async () => {
    await createRun('diamond-1', 'diamond', { topic: 'tides', prompt: 'x' });
    const done = await until('diamond-1', ended);
    expect(done.phase, done.message).toBe('Succeeded');
    expect(done.steps?.map((s) => [s.name, s.phase])).toEqual([['plan', 'Succeeded'], ['left', 'Succeeded'], ['right', 'Succeeded'], ['join', 'Succeeded']]);
    expect(done.steps?.[0]?.output).toContain('Mock response to: plan tides');
    expect(done).toMatchObject({ output: expect.stringContaining('join'), totalTokenUsage: { total: expect.any(Number) } });
    expect(done.durationSeconds).toBeGreaterThan(0);
    const [left, right] = [done.steps![1]!, done.steps![2]!];
    const t = (s?: string) => Date.parse(s ?? '');
    expect(t(left.startTime)).toBeLessThan(t(right.completionTime));
    expect(t(right.startTime)).toBeLessThan(t(left.completionTime));
    expect(events).toEqual(expect.arrayContaining([expect.stringMatching(/^Normal RunStarted diamond-1/), expect.stringMatching(/^Normal RunSucceeded diamond-1/)]));
    const logged = await runLog('diamond-1');
    expect(logged.filter((e) => e.type === 'task.completed')).toHaveLength(4);
  });

  it('fails the run at a failing step with failedStep and message, and retries it through kubectl annotate', async () => {
    await createRun('failing-1', 'failing');
    const failed = await until('failing-1', ended);
    expect(failed).toMatchObject({ phase: 'Failed', failedStep: 'check' });
    expect(failed.message).toContain('validate.contains');
    expect(events).toEqual(expect.arrayContaining([expect.stringMatching(/^Warning StepFailed failing-1: step check failed/), expect.stringMatching(/^Warning RunFailed failing-1/)]));
    await kubectl(['annotate', '-n', NS, 'arkrun', 'failing-1', 'arkonis.dev/retry-requested=r1', 'arkonis.dev/retry-step=check']);
    const retried = await until('failing-1', (s) => s.observedRetry === 'r1' && ended(s));
    expect(retried.phase).toBe('Failed');
    expect(retried.steps?.[0]?.attempts).toBe(2);
    expect(retried.steps?.[0]?.taskID).toBe(`${runIdOf(NS, 'failing-1')}/check/1.2`);
  });

  it('times a run out at the team timeoutSeconds', async () => {
    await createRun('timeout-1', 'timeout');
    const done = await until('timeout-1', ended);
    expect(done).toMatchObject({ phase: 'TimedOut', message: 'run exceeded timeoutSeconds 1' });
  });

  it('keeps a 2 MB step output in Redis and the ArkRun small', async () => {
    await createRun('big-1', 'big');
    const done = await until('big-1', ended);
    expect(done.phase, done.message).toBe('Succeeded');
    expect(done.steps?.[0]?.outputRef).toBe(outputKey(runIdOf(NS, 'big-1'), 'dump'));
    const object = await kubectl(['get', '-n', NS, 'arkrun', 'big-1', '-o', 'json']);
    expect(object.stdout.length).toBeLessThan(64 * 1024);
    const connection = connectRedis(redis.url, { logger: silentLogger, role: 'test' });
    expect(await connection.strlen(done.steps![0]!.outputRef!)).toBe(BIG_BYTES);
    await closeRedis(connection);
  });

  it('cancels a running run through kubectl annotate, naming who and when', async () => {
    await createRun('cancel-1', 'slowpipe');
    await until('cancel-1', (s) => s.phase === 'Running');
    await kubectl(['annotate', '-n', NS, 'arkrun', 'cancel-1', 'arkonis.dev/cancel-requested=2026-12-01T23:00:00Z', 'arkonis.dev/cancel-requested-by=alice']);
    const done = await until('cancel-1', ended);
    expect(done.phase).toBe('Cancelled');
    expect(done.message).toContain('alice');
    expect(done.message).toContain('2026-12-01T23:00:00Z');
    await expectLogEnds('cancel-1', 'Cancelled');
  });

  it('cancels a run whose cancel request came before it started, and logs its end', async () => {
    await createRun('cancel-early', 'slowpipe', undefined, { 'arkonis.dev/cancel-requested': '2026-12-01T23:30:00Z' });
    const done = await until('cancel-early', ended);
    expect(done.phase).toBe('Cancelled');
    await expectLogEnds('cancel-early', 'Cancelled');
  });

  it('logs the end of a run it refuses before running it (no team snapshot: created outside the webhook scope)', async () => {
    const outside = `${NS}-outside`;
    await kubectl(['create', 'namespace', outside]);
    try {
      await createRun('bare-1', 'slowpipe', undefined, {}, outside);
      const done = await untilRun(outside, 'bare-1', ended);
      expect(done).toMatchObject({ phase: 'Failed', message: expect.stringContaining('spec.teamSpec: missing') });
      await expectLogEnds('bare-1', 'Failed', outside);
    } finally {
      await kubectl(['delete', 'namespace', outside, '--wait=false'], { allowFailure: true });
    }
  });

  it('deletes the Redis state of a deleted ArkRun', async () => {
    await kubectl(['delete', '-n', NS, 'arkrun', 'diamond-1']);
    await waitFor('the run log to be removed', async () => (await runLog('diamond-1')).length === 0, 10_000);
  });

  it('finishes a run after kill -9 of the controller process, each step task completed exactly once', async () => {
    await controller?.stop();
    controller = undefined;
    const first = spawnController();
    await createRun('crash-1', 'slowpipe');
    await until('crash-1', (s) => s.steps?.[1]?.phase === 'Running');
    first.kill('SIGKILL');
    const second = spawnController();
    try {
      const done = await until('crash-1', ended);
      expect(done.phase, done.message).toBe('Succeeded');
      const completed = (await runLog('crash-1')).filter((e) => e.type === 'task.completed').map((e) => (e as { taskId: string }).taskId);
      expect(completed.sort()).toEqual(['one/1.1', 'three/1.1', 'two/1.1'].map((id) => `${runIdOf(NS, 'crash-1')}/${id}`));
      expect(done.steps?.map((s) => s.attempts)).toEqual([1, 1, 1]);
    } finally {
      second.kill('SIGKILL');
    }
  });
});

function spawnController(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/run-controller-entry.ts'], {
    env: { ...process.env, KUBECONFIG: kubeEnv().kubeconfig, REDIS_URL: redis.url }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', () => undefined);
  return child;
}
