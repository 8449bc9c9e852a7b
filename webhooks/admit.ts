// One admission request from body to answer, shared by the HTTP routes, the fuzz test and the
// bench: decode (a broken review is a 400 with the reason), skip what is never blocked
// (subresources such as status, deletes), guard the object's size, run the handler. Never
// throws: an unexpected failure becomes a denial that says so.
import { decodeReview, encodeReview } from './review.js';
import type { AdmissionAnswer, AdmissionRequest, AdmissionReviewResponse } from './review.js';
import type { AdmissionDeps } from './cluster.js';
import { mutateHandler, validateHandler } from './handlers.js';
import type { StatusBody } from '../src/server/errors.js';
import { statusBody } from '../src/server/errors.js';
import { formatPath } from '../src/core/index.js';

export type WebhookName = 'validate' | 'mutate';

export interface AdmissionOutcome {
  httpStatus: 200 | 400;
  body: AdmissionReviewResponse | StatusBody;
  /** For metrics: the object's kind, the operation and how it ended. */
  kind: string;
  operation: string;
  verdict: 'allowed' | 'denied' | 'patched' | 'bad-request' | 'error';
}

/** Objects nesting deeper than this are denied before any rule walks them (recursion depth). */
export const MAX_OBJECT_DEPTH = 64;

export async function admit(webhook: WebhookName, body: unknown, deps: AdmissionDeps): Promise<AdmissionOutcome> {
  const decoded = decodeReview(body);
  if ('reason' in decoded) {
    return { httpStatus: 400, body: statusBody(400, 'BadRequest', `invalid AdmissionReview: ${decoded.reason}`), kind: 'unknown', operation: 'unknown', verdict: 'bad-request' };
  }
  const { request } = decoded;
  let answer: AdmissionAnswer;
  let verdict: AdmissionOutcome['verdict'];
  try {
    answer = await handle(webhook, request, deps);
    verdict = !answer.allowed ? 'denied' : answer.patch !== undefined && answer.patch.length > 0 ? 'patched' : 'allowed';
  } catch (error) {
    answer = { allowed: false, code: 500, reason: 'InternalError', message: `the ARKONIS ${webhook} webhook failed on this object (${(error as Error).message}); fix: retry, and report it if it persists` };
    verdict = 'error';
  }
  return { httpStatus: 200, body: encodeReview(request.uid, answer), kind: request.kind, operation: request.operation, verdict };
}

function handle(webhook: WebhookName, request: AdmissionRequest, deps: AdmissionDeps): Promise<AdmissionAnswer> | AdmissionAnswer {
  // The operator must always be able to write status (and scale); deletes and connects carry no object to check.
  if (request.subResource !== '' || request.operation === 'DELETE' || request.operation === 'CONNECT') return { allowed: true };
  const deep = deepestPath(request.object, MAX_OBJECT_DEPTH);
  if (deep !== undefined) {
    return { allowed: false, code: 422, reason: 'Invalid', message: `${deep}: nests deeper than ${MAX_OBJECT_DEPTH} levels; fix: flatten the object (no ARKONIS field is nested that deep)` };
  }
  return webhook === 'validate' ? validateHandler(request, deps) : mutateHandler(request, deps);
}

interface Visit {
  value: unknown;
  depth: number;
  segment?: string | number;
  parent?: Visit;
}

/** The path of the first value deeper than `limit`, found without recursion; undefined when within it. */
function deepestPath(value: unknown, limit: number): string | undefined {
  const stack: Visit[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (typeof visit.value !== 'object' || visit.value === null) continue;
    if (visit.depth >= limit) return pathOf(visit);
    const children = Array.isArray(visit.value) ? visit.value.entries() : Object.entries(visit.value);
    for (const [segment, child] of children) stack.push({ value: child, depth: visit.depth + 1, segment, parent: visit });
  }
  return undefined;
}

function pathOf(visit: Visit): string {
  const segments: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.segment !== undefined; at = at.parent) segments.unshift(at.segment);
  const path = formatPath(segments);
  return path === '' ? '(object)' : path.length > 200 ? `${path.slice(0, 197)}...` : path;
}
