// `npm run dev:up` then `npm run dev:down` from scratch, in a state dir of its own (its own
// control plane on free ports, never the shared e2e one): up prints the KUBECONFIG export
// and serves the CRDs, a second up says it is already up, down stops every process, and a
// second down says nothing runs.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubeEnv } from '../support/kube.js';

const dir = await mkdtemp(join(tmpdir(), 'arkonis-devstack-'));
const npm = (script: string): { code: number | null; stdout: string; stderr: string } => {
  const res = spawnSync('npm', ['run', '-s', script], { env: { ...process.env, ARKONIS_DEV_DIR: dir }, encoding: 'utf8', timeout: 240_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
};
const running = (): number => spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length;

describe('dev:up / dev:down', () => {
  afterAll(async () => {
    npm('dev:down');
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the stack, is idempotent, and stops every process', () => {
    const up = npm('dev:up');
    expect(up.code, up.stderr).toBe(0);
    const kubeconfig = join(dir, 'kube', 'kubeconfig');
    expect(up.stdout.trim()).toBe(`export KUBECONFIG=${kubeconfig}`);
    const crds = spawnSync(join(kubeEnv().binDir, 'kubectl'), ['get', 'crd', 'arkagents.arkonis.dev'], { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: 'utf8' });
    expect(crds.status, crds.stderr).toBe(0);
    expect(running()).toBeGreaterThanOrEqual(4); // etcd, kube-apiserver, redis, operator, kubelet

    const again = npm('dev:up');
    expect(again.stderr).toContain('dev stack already up');

    const redis = /redis redis:\/\/(127\.0\.0\.1:\d+)/.exec(up.stderr)?.[1];
    expect(redis, up.stderr).toBeDefined();
    const down = npm('dev:down');
    expect(down.stderr).toContain('dev stack stopped');
    expect(running()).toBe(0);
    expect(spawnSync('pgrep', ['-f', `redis-server ${redis}$`]).status).toBe(1); // none left
    expect(npm('dev:down').stderr).toContain('dev stack is not running');
  }, 300_000);
});
