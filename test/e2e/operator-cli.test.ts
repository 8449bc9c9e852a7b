// `ark operator --dev-register` as a process against the real kube-apiserver: it registers
// both configurations, serves health and metrics, and SIGTERM leaves nothing behind.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { kubeEnv, kubectl } from '../support/kube.js';

const NAME = 'e2e-operator-cli';

const configurations = async (): Promise<string> =>
  (await kubectl(['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '-o', 'name'])).stdout;

describe('ark operator --dev-register', () => {
  beforeAll(async () => {
    // The operator's caches watch the ARKONIS kinds; /readyz stays 503 until they list.
    await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
    await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkteams.arkonis.dev', 'crd/arkagents.arkonis.dev', 'crd/arkbudgets.arkonis.dev']);
  });

  it('registers both webhook configurations and removes them on SIGTERM', async () => {
    const certDir = await mkdtemp(join(tmpdir(), 'arkonis-e2e-cli-certs-'));
    const args = ['--import', 'tsx', 'test/e2e/ark-cli.ts', 'operator', '--dev-register', '--kubeconfig', kubeEnv().kubeconfig, '--no-budgets', '--no-controllers', '--no-apiservice',
      '--webhook-port', '0', '--metrics-port', '0', '--dev-cert-dir', certDir, '--dev-namespace', NAME, '--dev-config-name', NAME];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor('the operator to register its webhooks', async () => output.includes(`registered webhook configurations ${NAME}`), 60_000,
        () => (child.exitCode !== null ? `operator exited:\n${output}` : undefined));
      expect(await configurations()).toContain(`validatingwebhookconfiguration.admissionregistration.k8s.io/${NAME}`);
      expect(await configurations()).toContain(`mutatingwebhookconfiguration.admissionregistration.k8s.io/${NAME}`);
      const metricsUrl = /metrics and health on (http:\/\/\S+?)(?:\s|$)/.exec(output)?.[1];
      expect(metricsUrl, output).toBeDefined();
      await waitFor('/readyz', async () => (await fetch(`${metricsUrl}/readyz`)).status === 200, 10_000);
      expect(await (await fetch(`${metricsUrl}/metrics`)).text()).toMatch(/process_cpu_user_seconds_total/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain(`removed webhook configurations ${NAME}`);
    expect(await configurations()).not.toContain(NAME);
  });
});
