// The flags e2e suites start `ark operator` with in-process: dev registration scoped to the
// suite's namespace, free ports, no leader election (one operator per suite), controllers on.
// A suite overrides what it tests.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperatorFlags } from '../../src/cli/commands/operator.js';
import { kubeEnv } from './kube.js';

export async function devOperatorFlags(namespace: string, redisUrl: string, overrides: Partial<OperatorFlags> = {}): Promise<OperatorFlags> {
  return {
    kubeconfig: kubeEnv().kubeconfig, webhooks: true, budgets: true, controllers: true, apiservice: false,
    agentImage: 'example.test/ark:e2e', agentImagePullPolicy: 'Never',
    host: '127.0.0.1', webhookPort: 0, metricsPort: 0, tlsCertFile: '', tlsKeyFile: '', redisUrl, namespace: 'arkonis-system',
    leaderElect: false, leaseDurationSeconds: 15, leaseRenewSeconds: 10, leaseRetrySeconds: 2, leaseIdentity: 'e2e',
    devRegister: true, devCertDir: await certDir(namespace), devNamespace: namespace, devConfigName: namespace,
    ...overrides,
  };
}

/**
 * The operator's dev certificates. Not under the `arkonis-e2e-` prefix: the e2e global setup
 * takes every such dir without a live owner as an abandoned control plane and deletes it, which
 * removed the certificates of a suite running in another process.
 */
function certDir(namespace: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `arkonis-certs-e2e-${namespace}-`));
}
