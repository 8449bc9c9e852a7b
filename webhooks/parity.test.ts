// One rule library, two front doors: `ark validate` and the admission server (mutate, then
// validate, as kube-apiserver calls them) must reach the same verdict with the same lines
// on every fixture and example (file:line prefixes aside). The cluster holds the objects
// of the file, as it would after `kubectl create -f` of the whole file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../src/cli/commands/validate.js';
import { parseYamlDocuments } from '../src/core/documents.js';
import type { RunningServer } from '../src/server/listen.js';
import { MemoryCluster } from './memory-cluster.js';
import type { AdmissionReviewResponse } from './review.js';
import { startWebhookServer } from './server.js';
import { applyAnswerPatch, postJson, review, tempServingCerts } from './testing.js';

const yamlIn = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.mock.yaml')).map((f) => join(dir, f)).sort();
const FILES = [...yamlIn('test/fixtures'), ...yamlIn('examples')];

let server: RunningServer;
let ca: string;
let cluster: MemoryCluster;

beforeAll(async () => {
  const certs = await tempServingCerts();
  ca = certs.caPem;
  cluster = new MemoryCluster();
  server = await startWebhookServer({ cluster, clock: { now: () => Date.now() } }, { host: '127.0.0.1', port: 0, tls: certs, log: () => undefined });
});
afterAll(async () => { await server.close(); });

interface Verdicts { errors: string[]; warnings: string[] }

async function arkValidate(file: string): Promise<Verdicts & { parsed: boolean }> {
  const lines: string[] = [];
  await validateCommand([file], { stdout: process.stdout, out: () => undefined, err: (line) => lines.push(line) });
  const prefix = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+)?: `);
  const issues = lines.filter((line) => prefix.test(line)).map((line) => line.replace(prefix, ''));
  return {
    parsed: !issues.some((line) => line.startsWith('YAML: ')),
    errors: issues.filter((line) => !line.startsWith('warning: ')).sort(),
    warnings: issues.filter((line) => line.startsWith('warning: ')).map((line) => line.slice('warning: '.length)).sort(),
  };
}

async function call(path: string, object: unknown): Promise<AdmissionReviewResponse['response']> {
  const answer = await postJson(`${server.url}${path}`, review(object), ca);
  expect(answer.status).toBe(200);
  return (answer.body as AdmissionReviewResponse).response;
}

async function webhook(file: string): Promise<Verdicts> {
  const docs = parseYamlDocuments(readFileSync(file, 'utf8'), file).documents.map((d) => d.value)
    .filter((v): v is { apiVersion: string } => typeof (v as { apiVersion?: unknown } | null)?.apiVersion === 'string' && (v as { apiVersion: string }).apiVersion.startsWith('arkonis.dev/'));
  for (const doc of docs) cluster.put(doc as never, 'default');
  const result: Verdicts = { errors: [], warnings: [] };
  for (const doc of docs) {
    const mutated = await call('/mutate', doc);
    const answer = mutated.allowed ? await call('/validate', applyAnswerPatch(doc, mutated)) : mutated;
    if (!answer.allowed) result.errors.push(...(answer.status?.message.split('\n') ?? []));
    result.warnings.push(...(answer.warnings ?? []));
  }
  return { errors: result.errors.sort(), warnings: result.warnings.sort() };
}

describe('ark validate and the admission webhooks agree', () => {
  it('has fixtures with problems and without', () => {
    expect(FILES.filter((f) => f.includes('/bad/')).length).toBeGreaterThan(2);
    expect(FILES.filter((f) => !f.includes('/bad/')).length).toBeGreaterThan(3);
  });

  it.each(FILES)('%s', async (file) => {
    const cli = await arkValidate(file);
    if (!cli.parsed) return; // kubectl cannot send what YAML cannot parse: no review to compare
    const admission = await webhook(file);
    expect(admission).toEqual({ errors: cli.errors, warnings: cli.warnings });
    if (file.includes('/bad/')) expect(admission.errors.length).toBeGreaterThan(0);
  });
});
