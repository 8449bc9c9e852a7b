// The remote commands as a person at a terminal uses them: the built `ark` (bin/ark.js) as a
// process with a kubeconfig for the real kube-apiserver, through the aggregated API served
// by a real `ark operator` (controllers, webhooks and API on), with each agent pod an
// `ark runtime` process run by the kubelet stand-in and a slow mock model. trigger --watch
// and logs -f stream a live run to its end; submit --wait prints a task's result and times;
// retry brings a failed run to Succeeded (its checker's prompt ConfigMap fixed in between);
// cancel ends a running run; unknown names and a user without RBAC read as kubectl prints them.
// Every command and wait is bounded on its own: one that overruns fails with what it saw (the
// output so far, the ArkRun status, its Redis log, the operator and runtime logs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, REPO } from '../../hack/dev/build.js';
import { waitFor } from '../../hack/kube-env/net.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { RunningOperator } from '../../src/cli/commands/operator.js';
import { kubeEnv, kubectl, kubectlJson, writeTokenKubeconfig } from '../support/kube.js';
import { startKubelet } from '../support/kubelet.js';
import type { TestKubelet } from '../support/kubelet.js';
import { devOperatorFlags } from '../support/operator-flags.js';
import { startRedis } from '../support/redis.js';
import { readRunLog } from '../support/runs.js';
import type { RedisServer } from '../support/redis.js';

const NS = 'e2e-cli-aggregated';
/** Every model call takes this long, so a run lasts long enough to be followed live. */
const MOCK_DELAY_MS = 800;
let redis: RedisServer;
let operator: RunningOperator;
let kubelet: TestKubelet;
const operatorLogs: string[] = [];

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = (kind: string, name: string, spec: unknown): Obj => ({ apiVersion: 'arkonis.dev/v1alpha1', kind, metadata: { name, namespace: NS }, spec });
const role = (name: string, extra: Obj = {}): Obj => ({ name, model: 'mock', systemPrompt: `You are the ${name}.`, ...extra });
const teams = [
  doc('ArkTeam', 'pair', {
    inputs: [{ name: 'topic', type: 'string', default: 'queues' }],
    roles: [role('researcher'), role('writer')],
    pipeline: [
      { role: 'researcher', inputs: { prompt: 'Research {{ .input.topic }}' } },
      { role: 'writer', dependsOn: ['researcher'], inputs: { prompt: 'Summarise: {{ .steps.researcher.output }}' } },
    ],
  }),
  // The checker's answer depends on its system prompt (a ConfigMap): "refused" fails the check.
  doc('ArkTeam', 'review', {
    roles: [{ name: 'checker', model: 'mock', systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'checker' } } }],
    pipeline: [{ role: 'checker', inputs: { prompt: 'Check the draft' }, validate: { contains: 'approved' } }],
  }),
  doc('ArkTeam', 'long', { roles: [role('looper')], pipeline: [{ role: 'looper', inputs: { prompt: 'Again' }, loop: { condition: 'true', maxIterations: 100 } }] }),
];
const MOCK_RESPONSES = 'responses:\n  - match: "MODE-BROKEN"\n    reply: "refused"\n  - match: "MODE-FIXED"\n    reply: "approved"\n';

interface Line { at: number; text: string }
interface ArkResult { code: number | null; stdout: string; stderr: string; lines: Line[]; exitedAt: number }
interface LiveArk { args: string[]; startedAt: number; lines: Line[]; stderr(): string; done: Promise<ArkResult>; kill(): void }
/** How long one `ark` command may take unless a step says otherwise; each step fails alone, with what it saw. */
const ARK_MS = 60_000;

/** `ark <args>` from bin/ark.js, as a shell would run it, bounded by `ms` (see `finished`). */
function ark(args: string[], kubeconfig = kubeEnv().kubeconfig, ms = ARK_MS): Promise<ArkResult> {
  return finished(arkLive(args, kubeconfig), ms);
}

/** The same, with the lines readable while it runs; stdout lines are timed as they arrive. */
function arkLive(args: string[], kubeconfig = kubeEnv().kubeconfig): LiveArk {
  const lines: Line[] = [];
  let stderr = '';
  const child = spawn(process.execPath, [join(REPO, 'bin', 'ark.js'), ...args, '-n', NS], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<ArkResult>((resolve, reject) => {
    let stdout = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) lines.push({ at: Date.now(), text });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, lines, exitedAt: Date.now() }));
  });
  return { args, startedAt: Date.now(), lines, stderr: () => stderr, done, kill: () => child.kill('SIGKILL') };
}

/**
 * The command's result once it exits; when it has not within `ms`, it is killed and the
 * step fails with what the command printed, the run's status and log, and the logs of the
 * operator and the runtimes.
 */
async function finished(live: LiveArk, ms: number, run?: string): Promise<ArkResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const result = await Promise.race([live.done, late]).finally(() => clearTimeout(timer));
  if (result !== 'late') return result;
  live.kill();
  throw new Error(`ark ${live.args.join(' ')}: still running after ${ms} ms${await seen(live, run)}`);
}

/** What a failed step saw: the command's output so far, then the run and the processes behind it. */
async function seen(live: LiveArk | undefined, named: string | undefined): Promise<string> {
  const run = named ?? (live === undefined ? undefined : /arkrun\.arkonis\.dev\/(\S+) created/.exec(live.stderr())?.[1]);
  const printed = live === undefined ? '' : `\nstdout so far (ms after start):\n${live.lines.map((line) => `  +${line.at - live.startedAt} ${line.text}`).join('\n') || '  (nothing)'}\nstderr so far:\n${live.stderr() || '  (nothing)'}`;
  return `${printed}${run === undefined ? '' : await runState(run)}${context()}`;
}

/** The ArkRun's status as kube-apiserver has it, and the newest events of its Redis log. */
async function runState(run: string): Promise<string> {
  const status = await kubectl(['get', '-n', NS, 'arkrun', run, '-o', 'jsonpath={.status}'], { allowFailure: true });
  const log = await readRunLog(redis.url, NS, run).catch((error: Error) => error.message);
  const events = typeof log === 'string' ? log : log.slice(-15).map((event) => `  ${event.seq} ${event.type}${'phase' in event ? ` ${event.phase}` : ''}`).join('\n');
  return `\nArkRun ${run} status: ${(status.stdout || status.stderr).slice(0, 1500)}\nits Redis log (${typeof log === 'string' ? '?' : log.length} events, newest 15):\n${events}`;
}

const phase = async (run: string): Promise<string | undefined> => (await kubectlJson<Obj>(['get', '-n', NS, 'arkrun', run])).status?.phase;
const createdName = (result: ArkResult): string => /arkrun\.arkonis\.dev\/(\S+) created/.exec(result.stderr)?.[1] ?? '';
const context = (): string => `\noperator:\n${operatorLogs.slice(-40).join('\n')}\nruntimes:\n${kubelet.logs().slice(-6000)}`;
/** Waits for `check`; on timeout fails with the context, and what `live` printed and the run's state when given. */
const until = (what: string, check: () => Promise<boolean>, ms = 60_000, about: { live?: LiveArk; run?: string } = {}): Promise<void> =>
  waitFor(what, check, ms, () => undefined).catch(async (error: Error) => {
    throw new Error(`${error.message}${about.live === undefined && about.run === undefined ? context() : await seen(about.live, about.run)}`);
  });
/** The checker's system prompt as its pod sees it (the stand-in syncs ConfigMap volumes in place). */
const mountedPrompt = (): string => {
  const mount = kubelet.replicas().flatMap((replica) => replica.mounts).find((m) => m.object === 'prompts');
  return mount === undefined ? '' : readFileSync(join(mount.dir, 'checker'), 'utf8');
};
/** The run's first streamed line came this long before the process ended: it was live, not printed at the end. */
const leadMs = (result: ArkResult): number => result.exitedAt - (result.lines[0]?.at ?? result.exitedAt);

beforeAll(async () => {
  await buildIfStale(); // the CLI under test and the runtimes are the built bin/ark.js
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkteams.arkonis.dev', 'crd/arkruns.arkonis.dev', 'crd/arkservices.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  await kubectl(['create', 'configmap', 'prompts', '-n', NS, '--from-literal=checker=You are the checker. MODE-BROKEN']);
  const mockFile = join(await mkdtemp(join(tmpdir(), 'arkonis-e2e-cli-')), 'mock.yaml');
  await writeFile(mockFile, MOCK_RESPONSES);
  redis = await startRedis();
  operator = await startOperator(await devOperatorFlags(NS, redis.url, { apiservice: true, apiservicePort: 0 }), (line) => operatorLogs.push(line));
  kubelet = startKubelet({ namespace: NS, hostEnv: { MOCK_DELAY_MS: String(MOCK_DELAY_MS), MOCK_RESPONSES: mockFile } });
  await kubectl(['wait', '--for=condition=Available', '--timeout=60s', 'apiservice/v1alpha1.runtime.arkonis.dev']);
  for (const team of teams) await kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(team) });
  await kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(doc('ArkService', 'support', { selector: { arkAgent: 'pair-writer' } })) });
  await until('every role Deployment ready', async () => {
    const items = (await kubectlJson<Obj>(['get', '-n', NS, 'deployments'])).items as Obj[];
    return items.length === 4 && items.every((d) => d.status?.readyReplicas === 1);
  }, 150_000);
}, 300_000);

afterAll(async () => {
  await kubelet?.stop();
  await operator?.stop();
  await redis?.stop();
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFailure: true });
});

describe('ark against the dev stack through the aggregated API', () => {
  it('trigger --watch streams the run step by step to its end and exits 0', async () => {
    const result = await ark(['trigger', 'pair', '--input', 'topic=Redis Streams', '--watch']);
    expect(result.code, result.stderr + context()).toBe(0);
    const text = result.lines.map((line) => line.text);
    expect(text[0]).toMatch(/^run e2e-cli-aggregated\.pair-\w+: team pair, 2 steps$/);
    expect(text).toContain('  researcher: Running');
    expect(text.find((line) => line.startsWith('  writer: Succeeded'))).toMatch(/^ {2}writer: Succeeded \(\d+ tokens, \d+\.\ds\)$/);
    expect(text.at(-1)).toMatch(/^Succeeded in \d+\.\d\ds · \d+ tokens$/);
    expect(leadMs(result)).toBeGreaterThan(MOCK_DELAY_MS);
    expect(await phase(createdName(result))).toBe('Succeeded');
  }, 150_000);

  it('logs -f follows a live run to its end; --step and --timestamps filter and stamp the lines', async () => {
    const started = await ark(['trigger', 'long'], undefined, 20_000);
    expect(started.code, started.stderr).toBe(0);
    const run = started.stdout.trim();
    const follow = arkLive(['logs', run, '-f', '--timestamps']);
    try {
      await until('events streamed while the run goes on', async () => follow.lines.filter((line) => line.text.includes(' looper step.started ')).length >= 2, 45_000, { live: follow, run });
      const printedBeforeTheEnd = follow.lines.length;
      expect(await phase(run), await seen(follow, run)).toBe('Running');
      const cancel = await ark(['cancel', run], undefined, 20_000);
      expect(cancel.code, cancel.stderr).toBe(0); // the loop runs until cancelled
      const followed = await finished(follow, 30_000, run);
      expect(followed.code, followed.stderr + context()).toBe(0);
      const text = followed.lines.map((line) => line.text);
      expect(text.length).toBeGreaterThan(printedBeforeTheEnd);
      expect(text.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (run|looper) [a-z]+\.[a-z]+/.test(line)), text.join('\n')).toBe(true);
      expect(text.at(-1)).toMatch(/ run run\.completed phase=Cancelled tokens=\d+ duration=\d+ms/);
    } finally {
      follow.kill();
    }

    const looper = await ark(['logs', run, '--step', 'looper'], undefined, 20_000);
    expect(looper.code, looper.stderr).toBe(0);
    const looperLines = looper.stdout.trimEnd().split('\n');
    expect(looperLines.every((line) => line.startsWith('looper '))).toBe(true);
    expect(looperLines).toContainEqual(expect.stringMatching(/^looper step\.iteration iteration=1 continue=true$/));
  }, 180_000);

  it('submit --wait prints the result with its times; ark status task-<id> shows them; a service routes to its agent', async () => {
    const result = await ark(['submit', 'pair-writer', 'Summarise the incident', '--wait']);
    expect(result.code, result.stderr + context()).toBe(0);
    expect(result.stdout.trim()).toBe('Mock response to: Summarise the incident');
    const id = /task\/(task-[0-9a-f]{20}) created \(arkagents\/pair-writer\)/.exec(result.stderr)?.[1] ?? '';
    const [, took, queued] = /Succeeded in (\d+\.\d\d)s \(queued (\d+\.\d\d)s\) · \d+ tokens/.exec(result.stderr) ?? [];
    expect(Number(took)).toBeGreaterThanOrEqual(MOCK_DELAY_MS / 1000);
    expect(Number(queued)).toBeLessThan(30);

    const status = await ark(['status', id]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Phase: +Succeeded$/m);
    expect(status.stdout).toMatch(/^Started: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
    expect(status.stdout).toMatch(/^Queue wait: +\d+\.\d\ds$/m);
    expect(status.stdout).toMatch(/^Duration: +\d+\.\d\ds$/m);

    const routed = await ark(['submit', 'service/support', 'My invoice shows a double charge', '--wait']);
    expect(routed.code, routed.stderr + context()).toBe(0);
    expect(routed.stderr).toMatch(/created \(arkservices\/support\)/);
    expect(routed.stdout.trim()).toBe('Mock response to: My invoice shows a double charge');
  }, 150_000);

  it('retry brings a failed run to Succeeded once its cause is fixed', async () => {
    const failed = await ark(['trigger', 'review', '--sync']);
    expect(failed.code, failed.stderr + context()).toBe(1);
    const run = createdName(failed);
    expect(failed.stdout).toMatch(/^Failed at step checker in /m);
    await kubectl(['create', 'configmap', 'prompts', '-n', NS, '--from-literal=checker=You are the checker. MODE-FIXED', '--dry-run=client', '-o', 'yaml'])
      .then(({ stdout }) => kubectl(['apply', '-f', '-'], { stdin: stdout }));
    await until('the fixed prompt mounted in the checker pod', async () => mountedPrompt().includes('MODE-FIXED'));
    const retried = await ark(['retry', run]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout.trim()).toBe(`arkrun.arkonis.dev/${run} retry requested (failed steps)`);
    await until(`${run} Succeeded after the retry`, async () => (await phase(run)) === 'Succeeded');
    const detail = await ark(['status', run]);
    expect(detail.stdout).toMatch(/^Phase: +Succeeded$/m);
    expect(detail.stdout).toMatch(/^checker +Succeeded +\d+ /m);
  }, 150_000);

  it('cancel ends a running run Cancelled; status lists the runs as a kubectl table', async () => {
    const started = await ark(['trigger', 'long']);
    const run = started.stdout.trim();
    await until(`${run} Running`, async () => (await phase(run)) === 'Running');
    const cancelled = await ark(['cancel', run]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout.trim()).toBe(`arkrun.arkonis.dev/${run} cancel requested`);
    await until(`${run} Cancelled`, async () => (await phase(run)) === 'Cancelled');

    const table = await ark(['status']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TEAM\s+PHASE\s+TOKENS\s+STARTED\s+AGE$/);
    expect(lines.find((line) => line.startsWith(run))).toMatch(new RegExp(`^${run}\\s+long\\s+Cancelled\\s+\\d+\\s+\\d+s\\s+\\d+s$`));
    expect(lines.filter((line) => /^pair-\S+\s+pair\s+Succeeded\s/.test(line))).toHaveLength(1);
  }, 150_000);

  it('unknown names are NotFound and a user without RBAC is Forbidden, as kubectl prints them, exit 1', async () => {
    const logs = await ark(['logs', 'nope']);
    expect(logs.code).toBe(1);
    expect(logs.stderr.trim()).toBe('Error from server (NotFound): arkruns.arkonis.dev "nope" not found');
    const trigger = await ark(['trigger', 'nope']);
    expect(trigger.code).toBe(1);
    expect(trigger.stderr.trim()).toBe('Error from server (NotFound): arkteams.arkonis.dev "nope" not found');

    await kubectl(['create', 'serviceaccount', 'nobody', '-n', NS]);
    const token = (await kubectl(['create', 'token', 'nobody', '-n', NS])).stdout.trim();
    const config = await writeTokenKubeconfig(join(await mkdtemp(join(tmpdir(), 'arkonis-e2e-cli-token-')), 'nobody.yaml'), token);
    const denied = await ark(['trigger', 'pair'], config);
    expect(denied.code).toBe(1);
    const theirs = await kubectl(['create', '--raw', `/apis/runtime.arkonis.dev/v1alpha1/namespaces/${NS}/arkteams/pair/runs`, '-f', '-', '--kubeconfig', config], { stdin: '{}', allowFailure: true });
    expect(denied.stderr.trim()).toMatch(new RegExp(`^Error from server \\(Forbidden\\): .*"system:serviceaccount:${NS}:nobody" cannot create resource "arkteams/runs" in API group "runtime\\.arkonis\\.dev" in the namespace "${NS}"`));
    expect(denied.stderr.trim()).toBe(theirs.stderr.trim());
  }, 180_000);
});
