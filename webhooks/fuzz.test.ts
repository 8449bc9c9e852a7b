// Fuzzing the decoder and the rules through admit(), the function the HTTP routes call:
// ≥ 10,000 generated reviews per kind (near-valid objects with one field replaced, random
// JSON, huge strings, deep nesting, wrong types, full unicode, broken envelopes). Every
// answer must be a 400 Status or a valid AdmissionReview for the same uid, never an
// internal error, and every patch must apply to the object as sent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_NAMES } from '../src/api/index.js';
import type { KindName } from '../src/api/index.js';
import { MemoryUsageLedger, UsageCache } from '../src/budget/index.js';
import { admit } from './admit.js';
import { MemoryCluster } from './memory-cluster.js';
import type { AdmissionReviewResponse } from './review.js';
import { applyAnswerPatch } from './testing.js';

const RUNS_PER_KIND = 10_000;
const clock = { now: () => Date.parse('2026-12-01T12:00:00Z') };
const cluster = new MemoryCluster();
cluster.put({ kind: 'ArkTeam', metadata: { name: 'team', namespace: 'ns', uid: 'u', generation: 1 }, spec: { inputs: [{ name: 'topic', required: true }], roles: [{ name: 'a', model: 'mock' }] } });
cluster.put({ kind: 'ArkBudget', metadata: { name: 'cap', namespace: 'ns' }, spec: { maxTokens: 10 } });
const deps = { cluster, clock, usage: new UsageCache({ ledger: new MemoryUsageLedger(), clock }) };

const BASES: Record<KindName, Record<string, unknown>> = {
  ArkAgent: { model: 'gpt-4o', systemPrompt: 'x', limits: { maxTokensPerCall: 100 }, tools: [{ name: 't', url: 'https://example.com' }] },
  ArkTeam: { roles: [{ name: 'a', model: 'mock' }, { name: 'b', arkAgent: 'x' }], pipeline: [{ role: 'a', inputs: { prompt: '{{ .input.topic }}' } }, { role: 'b', dependsOn: ['a'] }], inputs: [{ name: 'topic' }] },
  ArkRun: { teamRef: { name: 'team' }, input: { topic: 'x' } },
  ArkService: { selector: { arkAgent: 'x' }, ports: [{ protocol: 'HTTP', port: 8080 }] },
  ArkBudget: { maxTokens: 100, selector: { team: 'team' } },
};

const unicode = fc.string({ unit: 'binary', maxLength: 40 });
const huge = fc.constantFrom('x', 'é', '😀', '\u0000', '{{').map((s) => s.repeat(100_000));
const deep = fc.integer({ min: 1, max: 300 }).map((depth) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { k: value } : [value];
  return value;
});
const anyValue = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: unicode },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}, 'gpt-4o', '{{ .steps.a.output }}', '{{ .input.', 'a(') },
);
/** Mostly absent: `value` in one case out of `1 + absentWeight`. */
const rarely = <T>(value: fc.Arbitrary<T>, absentWeight = 4) => fc.oneof({ weight: absentWeight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
const fieldPath = fc.array(fc.oneof(fc.constantFrom('roles', 'pipeline', 'limits', 'inputs', 'model', 'name', 'dependsOn', 'selector', 'teamRef', 'input', 'maxTokens', 'ports', '0', '1', '__proto__', 'constructor'), unicode), { minLength: 1, maxLength: 4 });

/** The kind's valid base with the value at one (possibly new) path replaced. */
function nearValid(kind: KindName) {
  return fc.tuple(fieldPath, anyValue).map(([path, value]) => {
    const spec = structuredClone(BASES[kind]);
    let parent: Record<string, unknown> = spec;
    // Defined, not assigned: a generated "__proto__" is a field name like any other.
    const define = (target: Record<string, unknown>, key: string, v: unknown) => Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
    for (const segment of path.slice(0, -1)) {
      const next = Object.hasOwn(parent, segment) ? parent[segment] : undefined;
      if (typeof next === 'object' && next !== null) parent = next as Record<string, unknown>;
      else { const child = {}; define(parent, segment, child); parent = child; }
    }
    define(parent, path[path.length - 1]!, value);
    return spec;
  });
}

function objectFor(kind: KindName) {
  const metadata = fc.oneof(fc.constant({ name: 'x', namespace: 'ns' }), fc.record({ name: anyValue, labels: anyValue, uid: anyValue }, { requiredKeys: [] }));
  const spec = fc.oneof({ weight: 6, arbitrary: nearValid(kind) }, { weight: 2, arbitrary: anyValue }, { weight: 1, arbitrary: fc.constant(BASES[kind]) });
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ apiVersion: fc.constantFrom('arkonis.dev/v1alpha1', 'arkonis.dev/v1alpha1', 'v1', 42), kind: fc.constant(kind), metadata, spec, status: rarely(anyValue) }) },
    { weight: 1, arbitrary: anyValue },
  );
}

function reviewFor(kind: KindName) {
  const request = fc.record({
    uid: fc.oneof({ weight: 9, arbitrary: fc.uuid() }, { weight: 1, arbitrary: anyValue }),
    kind: fc.oneof({ weight: 9, arbitrary: fc.constant({ group: 'arkonis.dev', version: 'v1alpha1', kind }) }, { weight: 1, arbitrary: anyValue }),
    operation: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('CREATE', 'UPDATE') }, { weight: 1, arbitrary: anyValue }),
    namespace: fc.oneof({ weight: 9, arbitrary: fc.constant('ns') }, { weight: 1, arbitrary: anyValue }),
    subResource: rarely(fc.oneof(fc.constant('status'), anyValue), 8),
    object: objectFor(kind),
    oldObject: rarely(objectFor(kind), 2),
    dryRun: rarely(fc.oneof(fc.boolean(), anyValue), 2),
  }, { requiredKeys: ['uid', 'kind', 'operation', 'object'] });
  // Half the reviews are well-formed around a near-valid object, so the rules (not only the decoder) are exercised.
  const clean = fc.record({
    uid: fc.uuid(), kind: fc.constant({ group: 'arkonis.dev', version: 'v1alpha1', kind }), operation: fc.constantFrom('CREATE', 'UPDATE'), namespace: fc.constant('ns'),
    object: fc.record({ apiVersion: fc.constant('arkonis.dev/v1alpha1'), kind: fc.constant(kind), metadata: fc.constant({ name: 'x', namespace: 'ns' }), spec: nearValid(kind) }),
    oldObject: rarely(fc.record({ apiVersion: fc.constant('arkonis.dev/v1alpha1'), kind: fc.constant(kind), metadata: fc.constant({ name: 'x' }), spec: nearValid(kind) }), 1),
  });
  const envelope = (req: fc.Arbitrary<unknown>) => fc.record({ apiVersion: fc.constant('admission.k8s.io/v1'), kind: fc.constant('AdmissionReview'), request: req });
  const body = fc.oneof({ weight: 10, arbitrary: envelope(clean) }, { weight: 9, arbitrary: envelope(request) }, { weight: 1, arbitrary: anyValue });
  return fc.tuple(fc.constantFrom('validate' as const, 'mutate' as const), body);
}

function checkAnswer(body: unknown, outcome: Awaited<ReturnType<typeof admit>>): void {
  expect(outcome.verdict).not.toBe('error');
  JSON.stringify(outcome.body);
  if (outcome.httpStatus === 400) {
    expect(outcome.body).toMatchObject({ kind: 'Status', code: 400, message: expect.stringMatching(/^invalid AdmissionReview: /) as string });
    return;
  }
  const review = outcome.body as AdmissionReviewResponse;
  const request = (body as { request: { uid: string; object: unknown } }).request;
  expect(review).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request.uid } });
  expect(typeof review.response.allowed).toBe('boolean');
  if (!review.response.allowed) expect(review.response.status?.message).toMatch(/\S/);
  if (review.response.patch !== undefined) {
    expect(review.response.patchType).toBe('JSONPatch');
    applyAnswerPatch(request.object, review.response);
  }
}

describe('admission fuzz', () => {
  it.each(KIND_NAMES)(`answers ${RUNS_PER_KIND} generated %s reviews without a crash`, async (kind) => {
    const verdicts = new Map<string, number>();
    await fc.assert(fc.asyncProperty(reviewFor(kind), async ([webhook, body]) => {
      const outcome = await admit(webhook, body, deps);
      verdicts.set(outcome.verdict, (verdicts.get(outcome.verdict) ?? 0) + 1);
      checkAnswer(body, outcome);
    }), { numRuns: RUNS_PER_KIND });
    // No review may leak into shared state (a "__proto__" key once polluted Object.prototype here).
    expect(Object.keys(Object.prototype)).toEqual([]);
    // The generators reach every kind of answer, not only early rejections.
    for (const verdict of ['allowed', 'patched', 'denied', 'bad-request']) expect(verdicts.get(verdict) ?? 0, `${verdict} in ${JSON.stringify([...verdicts])}`).toBeGreaterThan(20);
  }, 300_000);
});
