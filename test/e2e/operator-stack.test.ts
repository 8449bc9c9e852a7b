// The whole product on a real kube-apiserver: `ark operator` with its controllers (ArkTeam →
// ArkAgents → Deployments, ArkRun → the engine over Redis) and the webhooks, the kubelet
// stand-in running each agent Deployment's pods as `ark runtime` processes, and a bare ArkRun
// made with `kubectl create` driven to Succeeded with its step outputs in status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startOperatorStack } from '../support/operator-stack.js';
import type { OperatorStack } from '../support/operator-stack.js';

const NS = 'e2e-operator-stack';
let stack: OperatorStack;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const role = (name: string) => ({ name, model: 'mock', systemPrompt: `You are the ${name}.`, limits: { maxTokensPerCall: 200 } });
const team = {
  apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', metadata: { name: 'pair', namespace: NS },
  spec: {
    inputs: [{ name: 'topic', type: 'string', default: 'queues' }],
    roles: [role('researcher'), role('writer')],
    pipeline: [
      { role: 'researcher', inputs: { prompt: 'Research {{ .input.topic }}' } },
      { role: 'writer', dependsOn: ['researcher'], inputs: { prompt: 'Summarise: {{ .steps.researcher.output }}' } },
    ],
    output: '{{ .steps.writer.output }}',
  },
};
const run = { apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name: 'pair-1', namespace: NS }, spec: { teamRef: { name: 'pair' }, input: { topic: 'Redis Streams' } } };
const get = (what: string) => kubectlJson<Obj>(['get', '-n', NS, what]);

beforeAll(async () => {
  stack = await startOperatorStack(NS, ['arkteams.arkonis.dev', 'arkruns.arkonis.dev']);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the operator, its runtimes and a bare ArkRun', () => {
  it('drives a kubectl-created ArkRun of a team with inline roles to Succeeded', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(team) });
    await waitFor('both role Deployments ready', async () => {
      const items = (await kubectlJson<Obj>(['get', '-n', NS, 'deployments', '-l', 'arkonis.dev/team=pair'])).items as Obj[];
      return items.length === 2 && items.every((d) => d.status?.readyReplicas === 1);
    }, 120_000, () => undefined);
    await kubectl(['create', '-f', '-'], { stdin: JSON.stringify(run) });
    await waitFor('the run to finish', async () => ['Succeeded', 'Failed'].includes((await get('arkrun/pair-1')).status?.phase), 120_000, () => undefined)
      .catch((error: Error) => { throw new Error(`${error.message}\noperator:\n${stack.logs.join('\n')}\nruntimes:\n${stack.kubelet.logs()}`); });
    const status = (await get('arkrun/pair-1')).status;
    expect(status.phase, status.message).toBe('Succeeded');
    expect(status.steps.map((s: Obj) => [s.name, s.phase])).toEqual([['researcher', 'Succeeded'], ['writer', 'Succeeded']]);
    expect(status.output).toEqual(expect.any(String));
    expect(status.output.length).toBeGreaterThan(0);
    expect(status.totalTokenUsage.total).toBeGreaterThan(0);
  }, 300_000);
});
