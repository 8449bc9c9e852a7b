// The minted certificates chain to their CA, carry the requested names and usages, and work
// for a real TLS handshake by service name (as kube-apiserver dials a webhook or APIService).
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createCA, createServingCerts, issueCert } from './certs.js';

describe('certs', () => {
  it('issues a client cert whose subject carries the groups as O=', () => {
    const ca = createCA('test-ca');
    const admin = new X509Certificate(issueCert(ca, { commonName: 'admin', organizations: ['system:masters'], usage: 'client' }).certPem);
    const caCert = new X509Certificate(ca.certPem);
    expect(caCert.ca).toBe(true);
    expect(admin.checkIssued(caCert)).toBe(true);
    expect(admin.verify(caCert.publicKey)).toBe(true);
    expect(admin.subject).toContain('CN=admin');
    expect(admin.subject).toContain('O=system:masters');
    expect(admin.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth only
  });

  it('serves TLS for loopback and every <svc>.<ns>.svc name', async () => {
    const { ca, serving } = createServingCerts([{ name: 'arkonis-api', namespace: 'arkonis-system' }]);
    const cert = new X509Certificate(serving.certPem);
    expect(cert.subjectAltName).toContain('DNS:arkonis-api.arkonis-system.svc');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');

    const server = createServer({ cert: serving.certPem, key: serving.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      for (const servername of ['arkonis-api.arkonis-system.svc', 'localhost']) {
        expect(await handshake(port, ca.certPem, servername)).toBe(true);
      }
      expect(await handshake(port, ca.certPem, 'other.default.svc')).toBe(false);
      expect(await handshake(port, createCA('stranger').certPem, 'localhost')).toBe(false);
    } finally {
      server.close();
    }
  });
});

/** True when a TLS client trusting `caPem` accepts the server's cert for `servername`. */
function handshake(port: number, caPem: string, servername: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca: caPem, servername }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
