// Random requests for the aggregated API's fuzz test: paths built from the route pieces
// and junk, any method, headers (forged X-Remote-*, odd Authorization), query values and
// bodies. `proxied` requests carry the front-proxy client certificate, as kube-apiserver's.
import fc from 'fast-check';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  proxied: boolean;
}

const segment = fc.oneof(
  fc.constantFrom('apis', 'runtime.arkonis.dev', 'v1alpha1', 'namespaces', 'e2e-apiservice', 'arkruns', 'arkagents', 'arkservices', 'arkteams', 'tasks',
    'log', 'retry', 'cancel', 'runs', 'logged', 'echo', 'blog', 'openapi', 'v2', '..', '%2e%2e', '%00', '%zz', ''),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const route = fc.array(segment, { minLength: 0, maxLength: 8 }).map((parts) => `/${parts.join('/')}`);
const prefixed = fc.tuple(fc.constantFrom('arkruns/logged/log', 'arkagents/echo/tasks', 'arkservices/none/tasks', 'tasks/task-0123456789abcdef0123', 'arkteams/blog/runs', 'arkruns/logged/retry', 'arkruns/logged/cancel'), fc.boolean())
  .map(([tail, otherNs]) => `/apis/runtime.arkonis.dev/v1alpha1/namespaces/${otherNs ? 'kube-system' : 'e2e-apiservice'}/${tail}`);
const query = fc.array(fc.tuple(
  fc.constantFrom('follow', 'tailLines', 'sinceSeconds', 'timestamps', 'step', 'format', 'wait', 'x', '__proto__'),
  fc.oneof(fc.constantFrom('true', '0', '-1', '1e9', 'json', '99999999999', ''), fc.string({ maxLength: 10 })),
), { maxLength: 4 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`));
const headerValue = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, ''));
const headers = fc.dictionary(
  fc.constantFrom('x-remote-user', 'x-remote-group', 'x-remote-extra-scopes', 'authorization', 'content-type', 'x-forwarded-for', 'impersonate-user'),
  fc.oneof(headerValue, fc.constantFrom('system:admin', 'system:masters', 'Bearer x', 'Bearer ', 'application/json')),
  { maxKeys: 4 },
);
const body = fc.oneof(
  fc.constant(''),
  fc.json({ maxDepth: 3 }),
  fc.record({ prompt: fc.oneof(fc.string({ maxLength: 30 }), fc.integer()), inputs: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })) }).map((o) => JSON.stringify(o)),
  fc.record({ step: fc.string({ maxLength: 5 }), input: fc.object({ maxDepth: 2 }) }).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 60 }),
);

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  path: fc.tuple(fc.oneof(route, prefixed), query).map(([p, q]) => `${p}${q}`),
  headers,
  body,
  proxied: fc.boolean(),
});
