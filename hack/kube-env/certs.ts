// Certificate minting with node-forge: CAs, server/client leaf certs and bare RSA key pairs.
// Used for the local control plane (hack/kube-env/cluster-certs.ts) and by tests that need a
// serving cert for a webhook or an aggregated API server that kube-apiserver will trust.
// Keys are RSA 2048; node-forge delegates generation to node:crypto, so each takes milliseconds.
import forge from 'node-forge';

/** A PEM certificate and its PEM private key. */
export interface CertPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A certificate authority that can sign leaf certificates. */
export interface CertAuthority extends CertPair {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
}

export interface LeafOptions {
  readonly commonName: string;
  /** Subject O= entries; Kubernetes maps them to groups (e.g. system:masters). */
  readonly organizations?: readonly string[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** Extended key usage; 'server' for TLS servers, 'client' for client auth. */
  readonly usage: 'server' | 'client' | 'both';
  readonly validDays?: number;
}

const DEFAULT_VALID_DAYS = 365;
let serialCounter = 0;

/** Creates a self-signed CA valid for ten years. */
export function createCA(commonName: string): CertAuthority {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = baseCert(keys.publicKey, [{ name: 'commonName', value: commonName }], 3650);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, ...toPem(cert, keys.privateKey) };
}

/** Issues a leaf certificate signed by `ca`. */
export function issueCert(ca: CertAuthority, opts: LeafOptions): CertPair {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const subject = [
    { name: 'commonName', value: opts.commonName },
    ...(opts.organizations ?? []).map((value) => ({ name: 'organizationName', value })),
  ];
  const cert = baseCert(keys.publicKey, subject, opts.validDays ?? DEFAULT_VALID_DAYS);
  cert.setIssuer(ca.cert.subject.attributes);
  const altNames = [
    ...(opts.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(opts.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    {
      name: 'extKeyUsage',
      serverAuth: opts.usage !== 'client',
      clientAuth: opts.usage !== 'server',
    },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return toPem(cert, keys.privateKey);
}

/** An RSA key pair in PEM (PKCS#1 private key, SPKI public key), e.g. for service-account tokens. */
export function createRsaKeyPair(): { readonly publicPem: string; readonly privatePem: string } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  return {
    publicPem: forge.pki.publicKeyToPem(keys.publicKey),
    privatePem: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

/** Server names a cert for an in-cluster Service answers to: svc, svc.ns, svc.ns.svc, and the FQDN. */
function serviceDnsNames(service: string, namespace: string): string[] {
  const base = `${service}.${namespace}`;
  return [service, base, `${base}.svc`, `${base}.svc.cluster.local`];
}

/**
 * A fresh CA plus a serving cert for our own webhook / aggregated API servers. The cert is
 * valid for loopback (127.0.0.1, localhost) and every `services` entry (`{name, namespace}`),
 * so kube-apiserver accepts it both via `clientConfig.url` and via a Service reference.
 * Put `ca.certPem` (base64) into caBundle.
 */
export function createServingCerts(
  services: readonly { readonly name: string; readonly namespace: string }[] = [],
): { readonly ca: CertAuthority; readonly serving: CertPair } {
  const ca = createCA('arkonis-serving-ca');
  const serving = issueCert(ca, {
    commonName: 'arkonis-serving',
    usage: 'server',
    ipAddresses: ['127.0.0.1'],
    dnsNames: ['localhost', ...services.flatMap((s) => serviceDnsNames(s.name, s.namespace))],
  });
  return { ca, serving };
}

function baseCert(
  publicKey: forge.pki.rsa.PublicKey,
  subject: forge.pki.CertificateField[],
  validDays: number,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Serial: positive, unique within this process, random enough across processes.
  serialCounter += 1;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}${serialCounter.toString(16).padStart(4, '0')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60_000); // tolerate small clock skew
  cert.validity.notAfter = new Date(now + validDays * 86_400_000);
  cert.setSubject(subject);
  return cert;
}

function toPem(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): CertPair {
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(key) };
}
