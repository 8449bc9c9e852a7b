// A prompt rollout on the whole stack: an ArkAgent whose system prompt lives in a ConfigMap,
// its pod run by the kubelet stand-in (which syncs mounted ConfigMaps in place, as the kubelet
// does). A task runs under the first prompt; `kubectl apply` changes the ConfigMap; the next
// task runs under the new prompt, and the runtime process is the same one (no restart).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startOperatorStack, type OperatorStack } from '../support/operator-stack.js';
import { runEnded, untilRun } from '../support/runs.js';

const NS = 'e2e-operator-prompt';
let stack: OperatorStack;
let dir: string;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = (kind: string, name: string, body: Obj) => ({ apiVersion: ['ConfigMap'].includes(kind) ? 'v1' : 'arkonis.dev/v1alpha1', kind, metadata: { name, namespace: NS }, ...body });
const apply = (object: unknown) => kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(object) });
const prompts = (text: string) => doc('ConfigMap', 'prompts', { data: { system: text } });

async function runOnce(name: string): Promise<string | undefined> {
  await kubectl(['create', '-f', '-'], { stdin: JSON.stringify(doc('ArkRun', name, { spec: { teamRef: { name: 'asker' }, input: { prompt: 'Which prompt do you follow?' } } })) });
  const done = await untilRun(NS, name, runEnded, 120_000, () => stack.diagnostics());
  expect(done.phase, done.message).toBe('Succeeded');
  return done.output;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arkonis-mock-replies-prompt-'));
  const replies = join(dir, 'mock.json');
  // The mock matches the system prompt when the task text matches nothing.
  await writeFile(replies, JSON.stringify({ responses: [{ match: 'PROMPT-V2', reply: 'answered under v2' }, { match: 'PROMPT-V1', reply: 'answered under v1' }] }));
  stack = await startOperatorStack(NS, { overrideEnv: { ARK_PROVIDER: 'mock', MOCK_RESPONSES: replies } });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a prompt ConfigMap change', () => {
  it('reaches the next task without restarting the agent\'s runtime', async () => {
    await apply(prompts('You are PROMPT-V1.'));
    await apply(doc('ArkAgent', 'prompted', { spec: { model: 'claude-sonnet-4-20250514', systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'system' } } } }));
    await apply(doc('ArkTeam', 'asker', { spec: { roles: [{ name: 'ask', arkAgent: 'prompted' }], pipeline: [{ role: 'ask' }] } }));
    await waitFor('the agent pod ready', async () => (await kubectlJson<Obj>(['get', '-n', NS, 'deployment/prompted'])).status?.readyReplicas === 1, 120_000, () => undefined)
      .catch((error: Error) => { throw new Error(`${error.message}\n${stack.diagnostics()}`); });
    const [pid] = stack.kubelet.pids();
    expect(await runOnce('ask-1')).toBe('answered under v1');

    await apply(prompts('You are PROMPT-V2.'));
    const mount = stack.kubelet.replicas()[0]!.mounts.find((m) => m.object === 'prompts')!;
    await waitFor('the stand-in to sync the mounted ConfigMap', async () => (await readFile(join(mount.dir, 'system'), 'utf8')) === 'You are PROMPT-V2.', 30_000);
    expect(await runOnce('ask-2')).toBe('answered under v2');
    expect(stack.kubelet.pids()).toEqual([pid]);
  }, 300_000);
});
