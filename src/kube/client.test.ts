// kubeClients' API calls share one keep-alive TLS connection (client-node alone opens one per
// call), against a loopback HTTPS server that counts the connections it accepts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDevCerts } from '../server/dev-certs.js';
import { kubeClients } from './client.js';

let server: Server | undefined;
let dir: string | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function countingServer(): Promise<{ kubeconfig: string; connections: () => number; requests: () => number }> {
  dir = await mkdtemp(join(tmpdir(), 'arkonis-client-test-'));
  const certs = await ensureDevCerts(dir);
  let connections = 0;
  let requests = 0;
  server = createServer({ cert: await readFile(certs.certFile), key: await readFile(certs.keyFile) }, (_req, res) => {
    requests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgentList', items: [], metadata: {} }));
  });
  server.on('secureConnection', () => connections++);
  const port = await new Promise<number>((resolve) => server?.listen(0, '127.0.0.1', () => resolve((server?.address() as { port: number }).port)));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
    clusters: [{ name: 'test', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': Buffer.from(certs.caPem).toString('base64') } }],
    users: [{ name: 'test', user: { token: 'test-token' } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
  }));
  return { kubeconfig, connections: () => connections, requests: () => requests };
}

describe('kubeClients', () => {
  it('sends sequential API calls over one TLS connection', async () => {
    const probe = await countingServer();
    const { custom } = kubeClients(probe.kubeconfig);
    for (let i = 0; i < 5; i++) await custom.listNamespacedCustomObject({ group: 'arkonis.dev', version: 'v1alpha1', namespace: 'default', plural: 'arkagents' });
    expect(probe.requests()).toBe(5);
    expect(probe.connections()).toBe(1);
  }, 60_000); // generating the dev CA and serving key is slow on a loaded machine
});
