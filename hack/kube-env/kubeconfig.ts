// Writes a self-contained admin kubeconfig (certificates embedded as base64 data).
import { readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { ClusterCertFiles } from './cluster-certs.js';

export const CONTEXT_NAME = 'arkonis-kube-env';

/** Writes a kubeconfig for `server` that authenticates with the admin client cert. */
export async function writeAdminKubeconfig(path: string, server: string, certs: ClusterCertFiles): Promise<void> {
  const b64 = async (file: string): Promise<string> => (await readFile(file)).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server, 'certificate-authority-data': await b64(certs.caCert) } }],
    users: [
      {
        name: 'admin',
        user: {
          'client-certificate-data': await b64(certs.adminCert),
          'client-key-data': await b64(certs.adminKey),
        },
      },
    ],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: 'admin', namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
    preferences: {},
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
}
