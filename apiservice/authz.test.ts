// The SubjectAccessReview cache: allowed and denied answers live for their own TTL on a
// fake clock, the cache stays bounded, and failed reviews are not cached.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/engine/fake-clock.js';
import { describePermission, requestAttributes } from './attributes.js';
import type { RequestAttributes } from './attributes.js';
import { CachingAuthorizer } from './authz.js';
import type { Decision } from './authz.js';

const user = { username: 'sa', groups: ['system:authenticated'], extra: {} };
const tasks = requestAttributes('POST', '/apis/runtime.arkonis.dev/v1alpha1/namespaces/ns/arkagents/writer/tasks');

function counting(answer: (attributes: RequestAttributes) => Decision | Error) {
  const calls: RequestAttributes[] = [];
  const review = async (_u: unknown, attributes: RequestAttributes): Promise<Decision> => {
    calls.push(attributes);
    const result = answer(attributes);
    if (result instanceof Error) throw result;
    return result;
  };
  return { calls, review };
}

describe('SubjectAccessReview cache', () => {
  it('asks once per TTL: allowed answers for allowTtlMs, denied ones for denyTtlMs', async () => {
    const clock = new FakeClock();
    let allowed = false;
    const { calls, review } = counting(() => ({ allowed }));
    const authorizer = new CachingAuthorizer(review, { clock, allowTtlMs: 10_000, denyTtlMs: 2_000 });
    expect(await authorizer.authorize(user, tasks)).toEqual({ allowed: false });
    allowed = true;
    await clock.advance(1_999);
    expect((await authorizer.authorize(user, tasks)).allowed).toBe(false);
    await clock.advance(1);
    expect((await authorizer.authorize(user, tasks)).allowed).toBe(true);
    await clock.advance(9_999);
    expect((await authorizer.authorize(user, tasks)).allowed).toBe(true);
    expect(calls).toHaveLength(2);
    await clock.advance(1);
    await authorizer.authorize(user, tasks);
    expect(calls).toHaveLength(3);
  });

  it('keys on the user and the attributes, stays bounded, and does not cache a failed review', async () => {
    const clock = new FakeClock();
    const { calls, review } = counting((a) => (a.kind === 'nonResource' && a.path === '/fail' ? new Error('down') : { allowed: true }));
    const authorizer = new CachingAuthorizer(review, { clock, maxEntries: 3 });
    for (let i = 0; i < 10; i++) await authorizer.authorize({ ...user, username: `u${i}` }, tasks);
    expect(authorizer.cachedEntries).toBe(3);
    await expect(authorizer.authorize(user, { kind: 'nonResource', path: '/fail', verb: 'get' })).rejects.toThrow('down');
    await expect(authorizer.authorize(user, { kind: 'nonResource', path: '/fail', verb: 'get' })).rejects.toThrow('down');
    expect(calls).toHaveLength(12);
  });
});

describe('request attributes', () => {
  it('maps each route to its resource, subresource, name, namespace and verb', () => {
    expect(tasks).toEqual({ kind: 'resource', attributes: { group: 'runtime.arkonis.dev', resource: 'arkagents', subresource: 'tasks', name: 'writer', namespace: 'ns', verb: 'create' } });
    expect(requestAttributes('GET', '/apis/runtime.arkonis.dev/v1alpha1/namespaces/ns/tasks/task-1')).toMatchObject({ attributes: { resource: 'tasks', subresource: '', name: 'task-1', verb: 'get' } });
    expect(requestAttributes('GET', '/apis/runtime.arkonis.dev/v1alpha1/namespaces/ns/arkruns/r/log')).toMatchObject({ attributes: { resource: 'arkruns', subresource: 'log', verb: 'get' } });
    expect(requestAttributes('GET', '/apis/runtime.arkonis.dev/v1alpha1')).toEqual({ kind: 'nonResource', path: '/apis/runtime.arkonis.dev/v1alpha1', verb: 'get' });
    expect(requestAttributes('POST', '/apis/runtime.arkonis.dev/v1alpha1/namespaces/ns/arkagents/a/secrets')).toMatchObject({ kind: 'nonResource' });
  });

  it('names the missing permission as kubectl auth can-i would', () => {
    expect(describePermission(tasks)).toBe('create arkagents/tasks.runtime.arkonis.dev "writer" in namespace "ns"');
  });
});
