// The remote commands against the real kube-apiserver (no ARKONIS API server needed):
// `ark status` reads ArkRuns written with kubectl, waiting for a run's end is a watch that
// sees status written later, and a 403 reads exactly as kubectl prints it.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitRun } from '../../src/cli/remote/await-run.js';
import { connect } from '../../src/cli/remote/kubeconfig.js';
import { kubeEnv, kubectl, writeTokenKubeconfig } from '../support/kube.js';

const NS = 'e2e-remote-cli-kube';

/** The real `ark` CLI as a process, run from source. */
function arkProcess(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/ark-cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const createRun = (name: string, team: string): Promise<unknown> => kubectl(['create', '-n', NS, '-f', '-'], {
  stdin: JSON.stringify({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name, labels: { 'arkonis.dev/team': team } }, spec: { teamRef: { name: team } } }),
});
const writeStatus = (name: string, status: object): Promise<unknown> =>
  kubectl(['patch', 'arkrun', name, '-n', NS, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);

beforeAll(async () => {
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkruns.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFailure: true });
});

describe('ark status on the real kube-apiserver', () => {
  it('lists the runs with Team, Phase, Tokens, Started and Age; --team filters by label; one run shows its steps', async () => {
    await createRun('quickstart-a1', 'quickstart');
    await createRun('other-b2', 'other');
    const started = new Date(Date.now() - 30_000).toISOString();
    await writeStatus('quickstart-a1', {
      phase: 'Failed', startTime: started, completionTime: new Date().toISOString(), failedStep: 'write', message: 'step write failed',
      totalTokenUsage: { input: 100, output: 20, total: 120 },
      steps: [{ name: 'research', phase: 'Succeeded', attempts: 1, tokenUsage: { input: 100, output: 20, total: 120 } }, { name: 'write', phase: 'Failed', attempts: 2, message: 'model refused' }],
    });
    const kubeconfig = kubeEnv().kubeconfig;
    const all = await arkProcess(['status', '-n', NS, '--kubeconfig', kubeconfig]);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TEAM\s+PHASE\s+TOKENS\s+STARTED\s+AGE$/);
    expect(lines.find((line) => line.startsWith('quickstart-a1'))).toMatch(/^quickstart-a1\s+quickstart\s+Failed\s+120\s+3\ds\s+\d+s$/);
    expect(lines.find((line) => line.startsWith('other-b2'))).toMatch(/^other-b2\s+other\s+Pending\s+0\s+<none>\s+\d+s$/);

    const team = await arkProcess(['status', '-n', NS, '--team', 'other', '--kubeconfig', kubeconfig]);
    expect(team.stdout.trimEnd().split('\n')).toHaveLength(2);

    const one = await arkProcess(['status', 'quickstart-a1', '-n', NS, '--kubeconfig', kubeconfig]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/Failed step: write/);
    expect(one.stdout).toMatch(/\nwrite\s+Failed\s+2\s+0\s+-\s+model refused\n/);
  });

  it('a run that does not exist and a user without RBAC get the errors kubectl prints, exit 1', async () => {
    const missing = await arkProcess(['status', 'nope', '-n', NS, '--kubeconfig', kubeEnv().kubeconfig]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): arkruns.arkonis.dev "nope" not found');

    await kubectl(['create', 'serviceaccount', 'nobody', '-n', NS]);
    const token = (await kubectl(['create', 'token', 'nobody', '-n', NS])).stdout.trim();
    const dir = await mkdtemp(join(tmpdir(), 'ark-remote-e2e-'));
    const tokenConfig = await writeTokenKubeconfig(join(dir, 'nobody.yaml'), token);
    const denied = await arkProcess(['status', '-n', NS, '--kubeconfig', tokenConfig]);
    const theirs = await kubectl(['get', 'arkruns', '-n', NS, '--kubeconfig', tokenConfig], { allowFailure: true });
    expect(denied.code).toBe(1);
    expect(denied.stderr.trim()).toMatch(/^Error from server \(Forbidden\): arkruns\.arkonis\.dev is forbidden: User "system:serviceaccount:e2e-remote-cli-kube:nobody" cannot list resource "arkruns"/);
    expect(denied.stderr.trim()).toBe(theirs.stderr.trim());
  });
});

describe('waiting for a run to end (ark trigger --sync) watches the ArkRun', () => {
  it('resolves with the terminal status written after the wait began', async () => {
    await createRun('sync-c3', 'quickstart');
    const conn = connect({ kubeconfig: kubeEnv().kubeconfig, namespace: NS }, {});
    const waiting = awaitRun(conn, 'sync-c3');
    await writeStatus('sync-c3', { phase: 'Running', startTime: new Date().toISOString() });
    await writeStatus('sync-c3', { phase: 'Succeeded', completionTime: new Date().toISOString(), totalTokenUsage: { input: 1, output: 2, total: 3 } });
    const done = await waiting;
    expect(done?.status?.phase).toBe('Succeeded');
    expect(done?.status?.totalTokenUsage?.total).toBe(3);
  });

  it('stops waiting when its signal fires', async () => {
    await createRun('sync-d4', 'quickstart');
    const conn = connect({ kubeconfig: kubeEnv().kubeconfig, namespace: NS }, {});
    const abort = new AbortController();
    const waiting = awaitRun(conn, 'sync-d4', abort.signal);
    setTimeout(() => abort.abort(), 300);
    expect(await waiting).toBeUndefined();
  });
});
