// The certificate set a local kube-apiserver needs, written as PEM files into one directory:
// cluster CA, apiserver serving cert, admin client cert (system:masters), front-proxy CA and
// client (for aggregated API servers), and the service-account signing key pair.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCA, createRsaKeyPair, issueCert } from './certs.js';

/** Absolute paths of the files written by writeClusterCerts. */
export interface ClusterCertFiles {
  readonly caCert: string;
  readonly caKey: string;
  readonly apiserverCert: string;
  readonly apiserverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly frontProxyCaCert: string;
  readonly frontProxyClientCert: string;
  readonly frontProxyClientKey: string;
  readonly serviceAccountPublicKey: string;
  readonly serviceAccountPrivateKey: string;
}

/** Names an in-cluster client may use to reach the apiserver; all go into its serving cert. */
const APISERVER_DNS_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];
/** 10.96.0.1 is the first address of --service-cluster-ip-range (the `kubernetes` Service). */
const APISERVER_IPS = ['127.0.0.1', '10.96.0.1'];

/** Generates a fresh certificate set into `dir` (created if missing, files mode 0600). */
export async function writeClusterCerts(dir: string): Promise<ClusterCertFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = createCA('arkonis-kube-ca');
  const frontProxyCa = createCA('arkonis-front-proxy-ca');
  const apiserver = issueCert(ca, {
    commonName: 'kube-apiserver',
    usage: 'server',
    dnsNames: APISERVER_DNS_NAMES,
    ipAddresses: APISERVER_IPS,
  });
  const admin = issueCert(ca, { commonName: 'kubernetes-admin', organizations: ['system:masters'], usage: 'client' });
  const frontProxyClient = issueCert(frontProxyCa, { commonName: 'front-proxy-client', usage: 'client' });
  const sa = createRsaKeyPair();

  const files: ClusterCertFiles = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    apiserverCert: join(dir, 'apiserver.crt'),
    apiserverKey: join(dir, 'apiserver.key'),
    adminCert: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
    frontProxyCaCert: join(dir, 'front-proxy-ca.crt'),
    frontProxyClientCert: join(dir, 'front-proxy-client.crt'),
    frontProxyClientKey: join(dir, 'front-proxy-client.key'),
    serviceAccountPublicKey: join(dir, 'sa.pub'),
    serviceAccountPrivateKey: join(dir, 'sa.key'),
  };
  const contents: [string, string][] = [
    [files.caCert, ca.certPem],
    [files.caKey, ca.keyPem],
    [files.apiserverCert, apiserver.certPem],
    [files.apiserverKey, apiserver.keyPem],
    [files.adminCert, admin.certPem],
    [files.adminKey, admin.keyPem],
    [files.frontProxyCaCert, frontProxyCa.certPem],
    [files.frontProxyClientCert, frontProxyClient.certPem],
    [files.frontProxyClientKey, frontProxyClient.keyPem],
    [files.serviceAccountPublicKey, sa.publicPem],
    [files.serviceAccountPrivateKey, sa.privatePem],
  ];
  await Promise.all(contents.map(([path, pem]) => writeFile(path, pem, { mode: 0o600 })));
  return files;
}
