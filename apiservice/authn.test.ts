// Delegated authentication from certificates and headers: the front proxy's user comes
// from X-Remote-* only with a valid, allowed front-proxy certificate; forged headers are
// ignored; client certificates of the client CA authenticate directly.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCA, issueCert } from '../hack/kube-env/certs.js';
import { parseAuthConfig } from './auth-config.js';
import { credentials } from './authn.js';

const proxyCa = createCA('front-proxy-ca');
const clientCa = createCA('client-ca');
const otherCa = createCA('stranger');
const config = parseAuthConfig({
  'client-ca-file': clientCa.certPem,
  'requestheader-client-ca-file': proxyCa.certPem,
  'requestheader-allowed-names': '["front-proxy-client"]',
  'requestheader-username-headers': '["X-Remote-User"]',
  'requestheader-group-headers': '["X-Remote-Group"]',
  'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
  'requestheader-uid-headers': '["X-Remote-Uid"]',
});
const cert = (ca: typeof proxyCa, commonName: string, organizations: string[] = []): X509Certificate =>
  new X509Certificate(issueCert(ca, { commonName, organizations, usage: 'client' }).certPem);
const proxy = cert(proxyCa, 'front-proxy-client');
const headers = {
  'x-remote-user': ['alice'], 'x-remote-uid': ['u-1'], 'x-remote-group': ['dev', 'ops,qa'],
  'x-remote-extra-scopes': ['read', 'write'], 'x-remote-extra-acme.com%2fproject': ['x'],
};
const now = Date.now();

describe('delegated authentication', () => {
  it('takes the user, uid, repeated groups (kept distinct) and extras from a valid front proxy, adding system:authenticated', () => {
    expect(credentials(proxy, headers, config, now)).toEqual({
      kind: 'user', via: 'front-proxy',
      user: { username: 'alice', uid: 'u-1', groups: ['dev', 'ops,qa', 'system:authenticated'], extra: { scopes: ['read', 'write'], 'acme.com/project': ['x'] } },
    });
  });

  it('ignores forged X-Remote-* headers: no certificate, a stranger CA, or a name not allowed', () => {
    expect(credentials(undefined, headers, config, now)).toEqual({ kind: 'none' });
    expect(credentials(cert(otherCa, 'front-proxy-client'), headers, config, now)).toEqual({ kind: 'none' });
    expect(credentials(cert(proxyCa, 'someone-else'), headers, config, now)).toEqual({ kind: 'none' });
  });

  it('refuses a front-proxy certificate outside its validity period', () => {
    expect(credentials(proxy, headers, config, now + 400 * 86_400_000)).toEqual({ kind: 'none' });
  });

  it('authenticates a client certificate of the client CA as its CN and O', () => {
    expect(credentials(cert(clientCa, 'bob', ['team-a', 'team-b']), { 'x-remote-user': ['root'] }, config, now)).toEqual({
      kind: 'user', via: 'client-cert', user: { username: 'bob', groups: ['team-a', 'team-b', 'system:authenticated'], extra: {} },
    });
  });

  it('hands a bearer token to the TokenReview, and nothing else', () => {
    expect(credentials(undefined, { authorization: ['Bearer abc.def'] }, config, now)).toEqual({ kind: 'token', token: 'abc.def' });
    expect(credentials(undefined, { authorization: ['Basic YTpi'] }, config, now)).toEqual({ kind: 'none' });
    expect(credentials(undefined, { authorization: ['Bearer'] }, config, now)).toEqual({ kind: 'none' });
  });

  it('names the ConfigMap key that does not parse', () => {
    expect(() => parseAuthConfig({ 'requestheader-client-ca-file': proxyCa.certPem, 'requestheader-allowed-names': 'front-proxy' }))
      .toThrow(/data\["requestheader-allowed-names"\]: expected a JSON array of strings/);
  });
});
