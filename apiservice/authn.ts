// Delegated authentication, in the order k8s.io/apiserver applies it: a front-proxy client
// certificate (signed by the request-header CA, with an allowed name) makes the X-Remote-*
// headers the user; a client certificate signed by the client CA is the user (CN, O); a
// bearer token is checked with a TokenReview by the caller. The X-Remote-* headers of any
// other request are ignored, so they cannot be forged. Pure: the caller hands in the peer
// certificate, the headers and the time.
import type { X509Certificate } from 'node:crypto';
import type { AuthConfig, RequestHeaderConfig } from './auth-config.js';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra: Record<string, string[]>;
}

export type Credentials =
  | { kind: 'user'; user: UserInfo; via: 'front-proxy' | 'client-cert' }
  | { kind: 'token'; token: string }
  | { kind: 'none' };

/** Header name → every value it was sent with, one per header line (Node's headersDistinct). */
export type DistinctHeaders = Readonly<Record<string, string[] | undefined>>;

const CLIENT_AUTH_EKU = '1.3.6.1.5.5.7.3.2';
export const AUTHENTICATED_GROUP = 'system:authenticated';

export function credentials(peer: X509Certificate | undefined, headers: DistinctHeaders, config: AuthConfig, now: number): Credentials {
  if (peer !== undefined) {
    const proxy = config.requestHeader;
    if (proxy !== undefined && signedBy(peer, proxy.cas, now) && nameAllowed(peer, proxy.allowedNames)) {
      const user = headerUser(headers, proxy);
      if (user !== undefined) return { kind: 'user', user, via: 'front-proxy' };
    }
    if (signedBy(peer, config.clientCas, now)) return { kind: 'user', user: certUser(peer), via: 'client-cert' };
  }
  const token = bearerToken(headers);
  return token === undefined ? { kind: 'none' } : { kind: 'token', token };
}

/** True when `cert` is valid now, usable for client auth and issued and signed by one of `cas`. */
export function signedBy(cert: X509Certificate, cas: readonly X509Certificate[], now: number): boolean {
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return false;
  const usages = cert.keyUsage as string[] | undefined;
  if (usages !== undefined && usages.length > 0 && !usages.includes(CLIENT_AUTH_EKU)) return false;
  return cas.some((ca) => {
    try {
      return cert.checkIssued(ca) && cert.verify(ca.publicKey);
    } catch {
      return false;
    }
  });
}

function nameAllowed(cert: X509Certificate, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.includes(commonName(cert) ?? '');
}

/** The user the front proxy vouches for; undefined when no username header is set. */
export function headerUser(headers: DistinctHeaders, config: RequestHeaderConfig): UserInfo | undefined {
  const first = (names: readonly string[]): string | undefined =>
    names.flatMap((name) => headers[name] ?? []).find((value) => value.length > 0);
  const username = first(config.usernameHeaders);
  if (username === undefined) return undefined;
  const groups = config.groupHeaders.flatMap((name) => headers[name] ?? []);
  const extra: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    const prefix = config.extraHeaderPrefixes.find((p) => name.startsWith(p) && name.length > p.length);
    if (prefix === undefined || values === undefined) continue;
    const key = unescapeKey(name.slice(prefix.length));
    (extra[key] ??= []).push(...values);
  }
  const uid = first(config.uidHeaders);
  return withAuthenticated({ username, groups, extra, ...(uid !== undefined ? { uid } : {}) });
}

/** Extra keys are percent-encoded in header names (k8s.io/apiserver unescapes them). */
function unescapeKey(key: string): string {
  try {
    return decodeURIComponent(key).toLowerCase();
  } catch {
    return key.toLowerCase();
  }
}

function certUser(cert: X509Certificate): UserInfo {
  const groups = subjectValues(cert, 'O');
  return withAuthenticated({ username: commonName(cert) ?? '', groups, extra: {} });
}

export function withAuthenticated(user: UserInfo): UserInfo {
  return user.groups.includes(AUTHENTICATED_GROUP) ? user : { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}

function commonName(cert: X509Certificate): string | undefined {
  return subjectValues(cert, 'CN')[0];
}

/** Values of one attribute of the subject (`CN=a\nO=b\nO=c`, Node's format). */
function subjectValues(cert: X509Certificate, attribute: string): string[] {
  return cert.subject.split('\n').flatMap((line) => (line.startsWith(`${attribute}=`) ? [line.slice(attribute.length + 1)] : []));
}

function bearerToken(headers: DistinctHeaders): string | undefined {
  const value = headers.authorization?.[0];
  const match = value === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}
