// The serving certificate is reloaded from its files without a restart; a broken rewrite
// keeps the previous one; unreadable files are refused at start with the flag named.
import { connect } from 'node:tls';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServingCerts } from '../../hack/kube-env/certs.js';
import { waitFor } from '../../hack/kube-env/net.js';
import { tempServingCerts } from '../../webhooks/testing.js';
import { listenHttps } from './listen.js';
import type { RunningServer } from './listen.js';
import { loadTlsFiles } from './tls.js';

/** Whether a TLS handshake with `port` succeeds when trusting only `ca`. */
function trusts(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

let server: RunningServer | undefined;
afterAll(async () => { await server?.close(); });

describe('TLS files', () => {
  it('serves a rotated certificate without a restart, and keeps the old one when the new files are broken', async () => {
    const first = await tempServingCerts();
    const reloads: (Error | undefined)[] = [];
    server = await listenHttps((_req, res) => res.end('ok'), { host: '127.0.0.1', port: 0, tls: first, onTlsReload: (error) => reloads.push(error) });
    expect(await trusts(server.port, first.caPem)).toBe(true);

    const { ca, serving } = createServingCerts();
    await writeFile(first.keyFile, serving.keyPem);
    await writeFile(first.certFile, serving.certPem);
    await waitFor('the rotated certificate', async () => trusts(server!.port, ca.certPem), 10_000);
    expect(await trusts(server.port, first.caPem)).toBe(false);

    await writeFile(first.certFile, 'not a certificate');
    await waitFor('the broken rewrite to be reported', async () => reloads.some((e) => e !== undefined), 10_000);
    expect(reloads.find((e) => e !== undefined)?.message).toMatch(/not a matching PEM certificate and key/);
    expect(await trusts(server.port, ca.certPem)).toBe(true);
  });

  it('refuses missing files naming the flag and the fix', async () => {
    const dir = (await tempServingCerts()).dir;
    expect(() => loadTlsFiles({ certFile: join(dir, 'nope.crt'), keyFile: join(dir, 'tls.key') }))
      .toThrow(/--tls-cert-file .*nope\.crt: cannot read \(ENOENT\); fix: point --tls-cert-file at a PEM file/);
  });
});
