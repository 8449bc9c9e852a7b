// A dev CA and a loopback serving cert (node-forge) for `ark operator --dev-register`,
// written once to a directory and reused while valid for 127.0.0.1 for another week.
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServingCerts } from '../../hack/kube-env/certs.js';

export interface DevCerts {
  certFile: string;
  keyFile: string;
  /** PEM of the CA that signed the serving cert (the webhook caBundle). */
  caPem: string;
}

export interface DevService {
  name: string;
  namespace: string;
}

const MIN_REMAINING_MS = 7 * 86_400_000;

/** `services`: Services the cert must also serve as `<name>.<namespace>.svc` (an APIService's). */
export async function ensureDevCerts(dir: string, now: number = Date.now(), services: readonly DevService[] = []): Promise<DevCerts> {
  const files = { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
  const existing = await reusable(files, now, services.map((s) => `${s.name}.${s.namespace}.svc`));
  if (existing !== undefined) return { certFile: files.certFile, keyFile: files.keyFile, caPem: existing };
  const { ca, serving } = createServingCerts(services);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(files.caFile, ca.certPem);
  await writeFile(files.keyFile, serving.keyPem, { mode: 0o600 });
  await writeFile(files.certFile, serving.certPem);
  return { certFile: files.certFile, keyFile: files.keyFile, caPem: ca.certPem };
}

/** The CA PEM when the stored pair still serves 127.0.0.1 for a while and chains to it. */
async function reusable(files: { caFile: string; certFile: string; keyFile: string }, now: number, hosts: readonly string[]): Promise<string | undefined> {
  try {
    const [caPem, certPem] = await Promise.all([readFile(files.caFile, 'utf8'), readFile(files.certFile, 'utf8'), readFile(files.keyFile)]);
    const cert = new X509Certificate(certPem);
    const fresh = Date.parse(cert.validTo) - now > MIN_REMAINING_MS && cert.checkIP('127.0.0.1') !== undefined
      && hosts.every((host) => cert.checkHost(host) !== undefined);
    return fresh && cert.verify(new X509Certificate(caPem).publicKey) ? caPem : undefined;
  } catch {
    return undefined;
  }
}
