// Writes self-contained kubeconfigs (certificates embedded as base64 data) for the local
// control plane: the admin one (client cert) and, in tests, ones that act as a service account.
import { readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

const CONTEXT_NAME = 'arkonis-kube-env';

/** Who a kubeconfig authenticates as: a client cert and key (PEM files) or a bearer token. */
export type KubeconfigUser =
  | { readonly name: string; readonly certFile: string; readonly keyFile: string }
  | { readonly name: string; readonly token: string };

/** Writes a kubeconfig (mode 0600) for `server`, trusting the CA in `caFile`, as `user`. */
export async function writeKubeconfig(path: string, server: string, caFile: string, user: KubeconfigUser): Promise<void> {
  const b64 = async (file: string): Promise<string> => (await readFile(file)).toString('base64');
  const credentials =
    'token' in user
      ? { token: user.token }
      : { 'client-certificate-data': await b64(user.certFile), 'client-key-data': await b64(user.keyFile) };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server, 'certificate-authority-data': await b64(caFile) } }],
    users: [{ name: user.name, user: credentials }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: user.name, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
    preferences: {},
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
}
