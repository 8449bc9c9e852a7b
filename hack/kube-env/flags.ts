// Command lines for etcd and kube-apiserver. Everything listens on 127.0.0.1 only.
import type { ClusterCertFiles } from './cluster-certs.js';

const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/12';

/** Single-member etcd for tests: no fsync (data is throw-away), quiet logs. */
export function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=kube-env',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=kube-env=${peer}`,
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

/**
 * kube-apiserver with what the e2e tier relies on: client-cert and service-account token
 * authentication, Node+RBAC authorization, token issuance (`kubectl create token`), and the
 * front-proxy request-header setup that aggregated API servers authenticate against.
 * Aggregator routing stays off so an APIService can point at an ExternalName Service
 * (`localhost`), which is how a local aggregated server is reached without a kubelet.
 */
export function apiserverArgs(certs: ClusterCertFiles, securePort: number, etcdClientPort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdClientPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${securePort}`,
    `--tls-cert-file=${certs.apiserverCert}`,
    `--tls-private-key-file=${certs.apiserverKey}`,
    `--client-ca-file=${certs.caCert}`,
    '--authorization-mode=Node,RBAC',
    '--allow-privileged=true',
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${certs.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${certs.serviceAccountPrivateKey}`,
    `--requestheader-client-ca-file=${certs.frontProxyCaCert}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${certs.frontProxyClientCert}`,
    `--proxy-client-key-file=${certs.frontProxyClientKey}`,
    '--enable-aggregator-routing=false',
    '--profiling=false',
    '--v=0',
  ];
}
