// The admission server over real HTTPS on loopback: verdicts, messages, patches, runs,
// budgets, status updates, broken reviews and metrics.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryUsageLedger, UsageCache } from '../src/budget/index.js';
import { listenHttp } from '../src/server/listen.js';
import type { RunningServer } from '../src/server/listen.js';
import { observabilityApp } from '../src/server/health.js';
import { MemoryCluster } from './memory-cluster.js';
import { admissionMetrics } from './metrics.js';
import type { AdmissionReviewResponse } from './review.js';
import { startWebhookServer } from './server.js';
import { applyAnswerPatch, postJson, review, tempServingCerts } from './testing.js';
import { systemClock } from '../src/engine/clock.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const clock = { ...systemClock, now: () => NOW };
const team = {
  apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam',
  metadata: { name: 'research', namespace: 'ns', uid: 'team-uid', generation: 3, labels: { tier: 'gold' } },
  spec: {
    inputs: [{ name: 'topic', type: 'string', required: true }, { name: 'depth', type: 'integer', default: 2 }],
    roles: [{ name: 'writer', model: 'mock', systemPrompt: 'Write.' }],
    pipeline: [{ role: 'writer', inputs: { prompt: 'About {{ .input.topic }}' } }],
  },
};
const run = (spec: unknown, name = 'r1') => ({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name, namespace: 'ns' }, spec });

let server: RunningServer;
let metricsServer: RunningServer;
let ca: string;
const cluster = new MemoryCluster();
const ledger = new MemoryUsageLedger();
const usage = new UsageCache({ ledger, clock, refreshMs: 1000 });

async function send(path: string, body: unknown): Promise<AdmissionReviewResponse['response']> {
  const answer = await postJson(`${server.url}${path}`, body, ca);
  expect(answer.status).toBe(200);
  const reviewed = answer.body as AdmissionReviewResponse;
  expect(reviewed).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
  return reviewed.response;
}

beforeAll(async () => {
  const certs = await tempServingCerts();
  ca = certs.caPem;
  cluster.put(team);
  cluster.put({ kind: 'ArkBudget', metadata: { name: 'team-cap', namespace: 'ns' }, spec: { selector: { team: 'research' }, maxTokens: 10_000, warnAtPercent: 50 } });
  const registry = new Registry();
  server = await startWebhookServer({ cluster, usage, clock }, { host: '127.0.0.1', port: 0, tls: certs, metrics: admissionMetrics(registry), log: () => undefined });
  metricsServer = await listenHttp(observabilityApp(registry, new Map()), { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  await metricsServer.close();
});

describe('validating webhook', () => {
  it('denies a broken team with one line per problem, as ark validate words them', async () => {
    const broken = { ...team, spec: { ...team.spec, maxTokens: 5000, roles: [{ name: 'writer', model: 'mock', systemPrompt: 'x', limits: { maxTokensPerCall: 9000 } }], pipeline: [{ role: 'writer', dependsOn: ['nobody'] }] } };
    const response = await send('/validate', review(broken, { namespace: 'ns' }));
    expect(response.allowed).toBe(false);
    expect(response.status?.message.split('\n')).toEqual([
      'spec.pipeline[0].dependsOn[0]: unknown step "nobody"; fix: none are declared',
      'spec.roles[0].limits.maxTokensPerCall: 9000 exceeds spec.maxTokens 5000; fix: set spec.roles[0].limits.maxTokensPerCall to at most 5000 or raise spec.maxTokens',
    ]);
  });

  it('warns about role references that do not exist yet, and allows the team', async () => {
    const refs = { ...team, spec: { ...team.spec, roles: [...team.spec.roles, { name: 'helper', arkAgent: 'later' }] } };
    const response = await send('/validate', review(refs, { namespace: 'ns' }));
    expect(response.allowed).toBe(true);
    expect(response.warnings).toEqual(['spec.roles[1].arkAgent: ArkAgent "later" not found in namespace "ns"; fix: create it before running the team']);
  });

  it('denies a run of a missing team and a run without its required input', async () => {
    const missing = await send('/validate', review(run({ teamRef: { name: 'nope' } }), { namespace: 'ns' }));
    expect(missing.status?.message).toBe('spec.teamRef.name: ArkTeam "nope" not found in namespace "ns"; fix: create the team first, or fix the name');
    const noInput = await send('/validate', review(run({ teamRef: { name: 'research' } }), { namespace: 'ns' }));
    expect(noInput.status?.message).toBe('spec.input: missing required input: topic; fix: set spec.input.topic');
  });

  it('keeps a run spec immutable but never blocks status updates', async () => {
    const old = run({ teamRef: { name: 'research' }, input: { topic: 'a' } });
    const edited = run({ teamRef: { name: 'research' }, input: { topic: 'b' } });
    const denied = await send('/validate', review(edited, { namespace: 'ns', operation: 'UPDATE', oldObject: old }));
    expect(denied.status?.message).toBe('spec.input.topic: an ArkRun is immutable once admitted; fix: create a new ArkRun');
    const status = await send('/validate', review({ ...edited, status: { phase: 'Running' } }, { namespace: 'ns', operation: 'UPDATE', oldObject: old, subResource: 'status' }));
    expect(status.allowed).toBe(true);
    const labelsOnly = await send('/validate', review({ ...old, metadata: { ...old.metadata, labels: { x: 'y' } } }, { namespace: 'ns', operation: 'UPDATE', oldObject: old }));
    expect(labelsOnly.allowed).toBe(true);
    // Retry and cancel requests (contract C2) are annotations on the otherwise immutable run.
    const annotations = { 'arkonis.dev/retry-requested': '2026-12-01T10:00:00Z', 'arkonis.dev/retry-step': 'writer', 'arkonis.dev/cancel-requested': '2026-12-01T10:00:00Z' };
    const annotated = { ...old, metadata: { ...old.metadata, annotations } };
    for (const path of ['/validate', '/mutate']) {
      const answer = await send(path, review(annotated, { namespace: 'ns', operation: 'UPDATE', oldObject: old }));
      expect(answer.allowed, path).toBe(true);
    }
  });

  it('denies a run once the team budget is spent, warns from warnAtPercent, and allows again next day', async () => {
    const create = () => send('/validate', review(run({ teamRef: { name: 'research' }, input: { topic: 't' } }), { namespace: 'ns' }));
    await ledger.record({ namespace: 'ns', team: 'research', tokens: 6_000, at: NOW });
    await usage.refresh();
    expect((await create()).warnings).toEqual(['ArkBudget team-cap: 6000/10000 tokens used today (60%, warnAtPercent 50); resets at 2026-12-02T00:00:00Z']);
    await ledger.record({ namespace: 'ns', team: 'research', tokens: 4_000, at: NOW });
    await usage.refresh();
    const denied = await create();
    expect(denied.allowed).toBe(false);
    expect(denied.status).toEqual({ code: 403, reason: 'Forbidden', message: 'ArkBudget team-cap: 10000/10000 tokens used today; resets at 2026-12-02T00:00:00Z' });
  });
});

describe('mutating webhook', () => {
  it('writes every default as a JSON Patch that keeps fields it does not model', async () => {
    const agent = { apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', metadata: { name: 'a', namespace: 'ns', annotations: { keep: 'me' } }, spec: { model: 'gpt-4o', systemPromptRef: { configMapKeyRef: { name: 'prompts' } } } };
    const response = await send('/mutate', review(agent, { namespace: 'ns' }));
    const patched = applyAnswerPatch(agent, response) as { metadata: unknown; spec: Record<string, unknown> };
    expect(response.patchType).toBe('JSONPatch');
    expect(patched.metadata).toEqual(agent.metadata);
    expect(patched.spec).toMatchObject({ replicas: 1, systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'prompt' } }, limits: { maxTokensPerCall: 8000, timeoutSeconds: 120, maxConcurrentTasks: 5 } });
    const again = await send('/mutate', review(patched, { namespace: 'ns' }));
    expect(again).toEqual({ uid: expect.any(String) as string, allowed: true });
  });

  it('snapshots the team into a bare run: spec, resolved input, generation, label, owner', async () => {
    const bare = run({ teamRef: { name: 'research' }, input: { topic: 'tides', depth: '5' } });
    const patched = applyAnswerPatch(bare, await send('/mutate', review(bare, { namespace: 'ns' }))) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
    expect(patched.metadata.labels).toEqual({ 'arkonis.dev/team': 'research' });
    expect(patched.metadata.ownerReferences).toEqual([{ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', name: 'research', uid: 'team-uid' }]);
    expect(patched.spec.input).toEqual({ topic: 'tides', depth: 5 });
    expect(patched.spec.teamGeneration).toBe(3);
    expect(patched.spec.teamSpec).toMatchObject({ roles: [{ name: 'writer', model: 'mock', replicas: 1 }], successfulRunsHistoryLimit: 10 });
    const validated = await send('/validate', review(patched, { namespace: 'ns' }));
    expect(validated.status?.message ?? '').not.toMatch(/input/);
  });
});

describe('bad requests', () => {
  it('answers 400 with a reason for broken JSON, a non-review and an oversized body', async () => {
    const garbage = await postJson(`${server.url}/validate`, '{"apiVersion": ', ca);
    expect(garbage).toMatchObject({ status: 400, body: { kind: 'Status', reason: 'BadRequest' } });
    const notReview = await postJson(`${server.url}/mutate`, { hello: 'world' }, ca);
    expect(notReview).toMatchObject({ status: 400, body: { message: 'invalid AdmissionReview: apiVersion/kind: expected admission.k8s.io/v1 AdmissionReview, got nothing nothing' } });
    const huge = await postJson(`${server.url}/validate`, review({ kind: 'ArkTeam', blob: 'x'.repeat(3 * 1024 * 1024) }), ca);
    expect(huge).toMatchObject({ status: 400, body: { reason: 'RequestEntityTooLarge' } });
  });

  it('denies an object nested too deep instead of crashing', async () => {
    const deep = `${'{"d":'.repeat(100_000)}"leaf"${'}'.repeat(100_000)}`;
    const body = JSON.stringify(review({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', metadata: { name: 'x' }, spec: 'DEEP' })).replace('"DEEP"', deep);
    const response = await send('/validate', body);
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toMatch(/^spec(\.d)+: nests deeper than 64 levels; fix: /);
  });

  it('counts requests by kind, operation and verdict in /metrics', async () => {
    const res = await fetch(`${metricsServer.url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/arkonis_admission_requests_total\{webhook="validate",kind="ArkRun",operation="CREATE",verdict="denied"\} [1-9]/);
    expect(text).toMatch(/arkonis_admission_requests_total\{webhook="mutate",kind="ArkAgent",operation="CREATE",verdict="patched"\} 1/);
    expect(text).toMatch(/arkonis_admission_duration_seconds_bucket\{le="0.005",webhook="validate",verdict="allowed"\} [1-9]/);
  });
});
