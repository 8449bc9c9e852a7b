// AuthSource applies every ConfigMap change its feed delivers: a rotated CA replaces the old
// one; data that does not parse and a deleted ConfigMap keep the last good settings and are
// reported once; until a first good read it is not ready.
import { describe, expect, it } from 'vitest';
import { createCA } from '../hack/kube-env/certs.js';
import { AuthSource } from './auth-source.js';
import type { AuthFeedHandlers } from './auth-source.js';

const first = createCA('client-ca-1');
const second = createCA('client-ca-2');

function source(): { auth: AuthSource; feed: AuthFeedHandlers; errors: string[] } {
  const errors: string[] = [];
  let handlers: AuthFeedHandlers | undefined;
  const auth = new AuthSource({
    feed: (given) => ((handlers = given), { start: async () => undefined, stop: () => undefined }),
    onError: (error) => errors.push(error.message),
  });
  void auth.start();
  return { auth, feed: handlers!, errors };
}
const subject = (auth: AuthSource): string[] => auth.current().clientCas.map((ca) => ca.subject);

describe('AuthSource', () => {
  it('is not ready until data is delivered, then uses each new CA as it arrives', () => {
    const { auth, feed } = source();
    expect(auth.notReady()).toBe('authentication settings not read yet');
    feed.deliver({ 'client-ca-file': first.certPem });
    expect(auth.notReady()).toBeUndefined();
    expect(subject(auth)).toEqual(['CN=client-ca-1']);
    feed.deliver({ 'client-ca-file': second.certPem });
    expect(subject(auth)).toEqual(['CN=client-ca-2']);
  });

  it('keeps the last good settings on data that does not parse or a deleted ConfigMap, reporting each problem once', () => {
    const { auth, feed, errors } = source();
    feed.deliver({ 'client-ca-file': first.certPem });
    feed.deliver({ 'client-ca-file': first.certPem, 'requestheader-client-ca-file': second.certPem, 'requestheader-allowed-names': 'front-proxy' });
    feed.deliver({ 'client-ca-file': first.certPem, 'requestheader-client-ca-file': second.certPem, 'requestheader-allowed-names': 'front-proxy' });
    feed.deliver(undefined);
    expect(subject(auth)).toEqual(['CN=client-ca-1']);
    expect(auth.current().requestHeader).toBeUndefined();
    expect(errors).toEqual([
      'reading kube-system/extension-apiserver-authentication failed: kube-system/extension-apiserver-authentication data["requestheader-allowed-names"]: expected a JSON array of strings, got "front-proxy"; keeping the last settings read',
      'reading kube-system/extension-apiserver-authentication failed: kube-system/extension-apiserver-authentication does not exist; keeping the last settings read',
    ]);
  });

  it('reports a failing feed and stays not ready with the reason', () => {
    const { auth, feed, errors } = source();
    feed.failed(new Error('forbidden: cannot list configmaps'));
    expect(auth.notReady()).toBe('authentication settings not read yet: forbidden: cannot list configmaps');
    expect(errors).toHaveLength(1);
  });
});
