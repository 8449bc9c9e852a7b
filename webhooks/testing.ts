// Helpers for webhook tests: AdmissionReview requests, a JSON Patch applier (add/replace,
// what the mutating webhook emits), and an HTTPS client that trusts a given CA.
import { request } from 'node:https';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServingCerts } from '../hack/kube-env/certs.js';
import type { TlsFiles } from '../src/server/tls.js';
import type { AdmissionReviewResponse } from './review.js';

let uids = 0;

export function review(object: unknown, options: { operation?: string; oldObject?: unknown; subResource?: string; namespace?: string; kind?: string } = {}): unknown {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `uid-${++uids}`,
      kind: { group: 'arkonis.dev', version: 'v1alpha1', kind: options.kind ?? (object as { kind?: string }).kind ?? 'ArkTeam' },
      operation: options.operation ?? 'CREATE',
      namespace: options.namespace ?? 'default',
      ...(options.subResource ? { subResource: options.subResource } : {}),
      object,
      ...(options.oldObject ? { oldObject: options.oldObject } : {}),
    },
  };
}

/** Applies the base64 JSON Patch of an answer (add / replace) to a copy of `object`. */
export function applyAnswerPatch(object: unknown, response: AdmissionReviewResponse['response']): unknown {
  const copy = structuredClone(object) as Record<string, unknown>;
  if (response.patch === undefined) return copy;
  const ops = JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as { op: string; path: string; value: unknown }[];
  for (const op of ops) {
    if (op.op !== 'add' && op.op !== 'replace') throw new Error(`unexpected patch op ${op.op}`);
    const tokens = op.path.split('/').slice(1).map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = tokens.pop()!;
    // Own properties only, set by definition: a key such as "__proto__" is data, never the prototype.
    let parent: Record<string, unknown> = copy;
    for (const token of tokens) {
      if (!Object.hasOwn(parent, token)) throw new Error(`patch path ${op.path} runs through a missing field`);
      parent = parent[token] as Record<string, unknown>;
    }
    if (op.op === 'replace' && !Object.hasOwn(parent, last)) throw new Error(`replace of missing ${op.path}`);
    Object.defineProperty(parent, last, { value: op.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A fresh CA + loopback serving pair written to a temp dir. */
export async function tempServingCerts(): Promise<TlsFiles & { caPem: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'arkonis-webhook-certs-'));
  const { ca, serving } = createServingCerts();
  const files = { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
  await writeFile(files.certFile, serving.certPem);
  await writeFile(files.keyFile, serving.keyPem);
  return { ...files, caPem: ca.certPem, dir };
}

export interface HttpsAnswer {
  status: number;
  body: unknown;
}

/** POSTs `body` (a string is sent as is) and parses the JSON answer. */
export function postJson(url: string, body: unknown, ca: string): Promise<HttpsAnswer> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
        } catch (error) {
          reject(new Error(`answer ${res.statusCode ?? 0} is not JSON: ${text.slice(0, 200)}`, { cause: error }));
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
