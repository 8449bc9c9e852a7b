// The remote commands against a local HTTPS TEST DOUBLE of contract C3 (c3-double.ts): the
// kubeconfig's credentials, the C3 paths and bodies, streaming, and kubectl-style errors.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../main.js';
import type { Io } from '../commands/io.js';
import { sendJson, sendStatus, startC3Double, type C3Double } from './c3-double.js';

const API = '/apis/runtime.arkonis.dev/v1alpha1/namespaces';
let double: C3Double;
let certConfig: string;
let tokenConfig: string;

beforeAll(async () => {
  double = await startC3Double();
  const dir = await mkdtemp(join(tmpdir(), 'ark-remote-'));
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const cluster = { name: 'c', cluster: { server: double.url, 'certificate-authority-data': b64(double.ca.certPem) } };
  const write = async (file: string, user: object, namespace?: string): Promise<string> => {
    const context = { name: 'ctx', context: { cluster: 'c', user: 'u', ...(namespace ? { namespace } : {}) } };
    const other = { name: 'other', context: { cluster: 'c', user: 'u', namespace: 'elsewhere' } };
    await writeFile(join(dir, file), stringify({ apiVersion: 'v1', kind: 'Config', clusters: [cluster], users: [{ name: 'u', user }], contexts: [context, other], 'current-context': 'ctx' }));
    return join(dir, file);
  };
  certConfig = await write('cert.yaml', { 'client-certificate-data': b64(double.client.certPem), 'client-key-data': b64(double.client.keyPem) }, 'team-a');
  tokenConfig = await write('token.yaml', { token: double.token });
});
afterAll(() => double.close());
beforeEach(() => { double.requests.length = 0; double.routes.clear(); });

interface Captured { code: number; out: string[]; err: string[] }

async function ark(args: string[], onOut?: (line: string) => void): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { isTTY: false, write: (text: string) => { out.push(...text.split('\n').filter(Boolean)); return true; } } as unknown as NodeJS.WriteStream,
    out: (line) => { out.push(line); onOut?.(line); },
    err: (line) => { err.push(line); },
  };
  return { code: await main(args, io, {}), out, err };
}

const runObject = (name: string, phase?: string): object => ({
  apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name, namespace: 'team-a', resourceVersion: '7', creationTimestamp: '2026-12-01T12:00:00Z' },
  spec: { teamRef: { name: 'quickstart' } },
  status: phase ? { phase, startTime: '2026-12-01T12:00:00Z', completionTime: '2026-12-01T12:00:02Z', output: 'the output', totalTokenUsage: { input: 1, output: 2, total: 3 } } : {},
});

describe('ark trigger', () => {
  it('POSTs the input to arkteams/<team>/runs in the context\'s namespace with the client certificate, and prints the run', async () => {
    double.routes.set(`POST ${API}/team-a/arkteams/quickstart/runs`, (_req, res) => sendJson(res, 201, runObject('quickstart-x7k2p')));
    const result = await ark(['trigger', 'quickstart', '--kubeconfig', certConfig, '--input', 'topic=Redis', '--input', '{"n":3}']);
    expect(result).toMatchObject({ code: 0, out: ['quickstart-x7k2p'], err: ['arkrun.arkonis.dev/quickstart-x7k2p created'] });
    expect(double.requests[0]).toMatchObject({ user: 'alice', body: JSON.stringify({ input: { topic: 'Redis', n: 3 } }) });
  });

  it('--watch feeds the JSON event log to the step view, then ends with the summary line; --context and -n choose where', async () => {
    double.routes.set(`POST ${API}/ns2/arkteams/quickstart/runs`, (_req, res) => sendJson(res, 201, runObject('quickstart-w')));
    double.routes.set(`GET ${API}/ns2/arkruns/quickstart-w/log`, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      const events = [
        { seq: 1, type: 'run.started', runId: 'quickstart-w', team: 'quickstart', steps: ['research'], time: 1 },
        { seq: 2, type: 'step.started', step: 'research', attempt: 1, iteration: 1, time: 2 },
        { seq: 3, type: 'step.completed', step: 'research', phase: 'Succeeded', usage: { input: 1, output: 2, total: 3 }, time: 1002 },
      ];
      res.end(events.map((event) => JSON.stringify(event)).join('\n'));
    });
    double.routes.set('GET /apis/arkonis.dev/v1alpha1/namespaces/ns2/arkruns/quickstart-w', (_req, res) => sendJson(res, 200, runObject('quickstart-w', 'Succeeded')));
    const result = await ark(['trigger', 'quickstart', '--kubeconfig', tokenConfig, '--context', 'other', '-n', 'ns2', '--watch']);
    expect(result.code).toBe(0);
    expect(double.requests[1]!.url).toBe(`${API}/ns2/arkruns/quickstart-w/log?follow=true&format=json`);
    expect(result.out).toContain('  research: Succeeded (3 tokens, 1.0s)');
    expect(result.out.at(-1)).toBe('Succeeded in 2.00s · 3 tokens');
    expect(result.out.join('\n')).toContain('the output');
  });

  it('--sync exits 1 when the run did not succeed', async () => {
    double.routes.set(`POST ${API}/default/arkteams/t/runs`, (_req, res) => sendJson(res, 201, runObject('t-1')));
    double.routes.set('GET /apis/arkonis.dev/v1alpha1/namespaces/default/arkruns/t-1', (_req, res) => sendJson(res, 200, runObject('t-1', 'Failed')));
    const result = await ark(['trigger', 't', '--kubeconfig', tokenConfig, '--sync']);
    expect(result.code).toBe(1);
    expect(result.out.at(-1)).toMatch(/^Failed in 2\.00s · 3 tokens$/);
  });

  it('a bad --input is a usage error (exit 2) naming the flag, before any request', async () => {
    const result = await ark(['trigger', 'quickstart', '--kubeconfig', certConfig, '--input', 'novalue']);
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/^error: --input "novalue": expected key=value or a JSON object; fix: /);
    expect(double.requests).toHaveLength(0);
  });
});

describe('ark logs', () => {
  it('-f prints each line as it arrives, with --step and --timestamps passed on', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    double.routes.set(`GET ${API}/team-a/arkruns/r1/log`, async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('2026-12-01T12:00:00.000000001Z research step.started attempt 1\n');
      await released;
      res.end('2026-12-01T12:00:01.000000001Z research step.completed Succeeded\n');
    });
    // The first line must reach stdout while the server still holds the stream open.
    const result = await ark(['logs', 'r1', '-f', '--step', 'research', '--timestamps', '--kubeconfig', certConfig], () => release());
    expect(result.code).toBe(0);
    expect(result.out).toEqual(['2026-12-01T12:00:00.000000001Z research step.started attempt 1', '2026-12-01T12:00:01.000000001Z research step.completed Succeeded']);
    expect(double.requests[0]!.url).toBe(`${API}/team-a/arkruns/r1/log?follow=true&step=research&timestamps=true`);
  });

  it('a run that does not exist is shown as kubectl shows a 404, exit 1', async () => {
    double.routes.set(`GET ${API}/team-a/arkruns/nope/log`, (_req, res) => sendStatus(res, 404, 'NotFound', 'arkruns.arkonis.dev "nope" not found'));
    const result = await ark(['logs', 'nope', '--kubeconfig', certConfig]);
    expect(result).toMatchObject({ code: 1, err: ['Error from server (NotFound): arkruns.arkonis.dev "nope" not found'] });
  });
});

describe('ark submit', () => {
  const task = (phase: string, extra: object = {}): object => ({
    apiVersion: 'runtime.arkonis.dev/v1alpha1', kind: 'Task', metadata: { name: 'task-abc12', namespace: 'team-a' },
    spec: { target: 'arkservices/support', prompt: 'hi' }, status: { phase, ...extra },
  });

  it('service/<name> POSTs to arkservices/<name>/tasks; --wait long-polls ?wait=60 until the output is there', async () => {
    double.routes.set(`POST ${API}/team-a/arkservices/support/tasks`, (_req, res) => sendJson(res, 201, task('Pending')));
    let polls = 0;
    double.routes.set(`GET ${API}/team-a/tasks/task-abc12`, (_req, res) => {
      polls += 1;
      sendJson(res, 200, polls < 2 ? task('Running') : task('Succeeded', { output: 'Hello there', tokenUsage: { input: 3, output: 4, total: 7 } }));
    });
    const result = await ark(['submit', 'service/support', 'hi', '--wait', '--kubeconfig', certConfig]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual(['Hello there']);
    expect(result.err.at(-1)).toBe('Succeeded · 7 tokens');
    expect(double.requests[0]!.body).toBe('{"prompt":"hi"}');
    expect(double.requests.slice(1).map((req) => req.url)).toEqual([`${API}/team-a/tasks/task-abc12?wait=60`, `${API}/team-a/tasks/task-abc12?wait=60`]);
  });

  it('a 403 is shown from the Status message, kubectl-style, exit 1', async () => {
    const message = 'user "alice" cannot create resource "arkagents/tasks" in API group "runtime.arkonis.dev" in the namespace "team-a"';
    double.routes.set(`POST ${API}/team-a/arkagents/writer/tasks`, (_req, res) => sendStatus(res, 403, 'Forbidden', message));
    const result = await ark(['submit', 'writer', 'hi', '--kubeconfig', certConfig]);
    expect(result).toMatchObject({ code: 1, err: [`Error from server (Forbidden): ${message}`] });
  });

  it('a failed task exits 1 with its message', async () => {
    double.routes.set(`POST ${API}/team-a/arkagents/writer/tasks`, (_req, res) => sendJson(res, 201, task('Failed', { message: 'over budget' })));
    const result = await ark(['submit', 'agent/writer', 'hi', '--wait', '--kubeconfig', certConfig]);
    expect(result).toMatchObject({ code: 1, err: ['task/task-abc12 created (arkagents/writer)', 'Failed: over budget'] });
  });
});

describe('ark retry and ark cancel', () => {
  it('retry --step sends the step; cancel of a finished run shows the 409', async () => {
    double.routes.set(`POST ${API}/team-a/arkruns/r1/retry`, (_req, res) => sendJson(res, 200, runObject('r1', 'Failed')));
    double.routes.set(`POST ${API}/team-a/arkruns/r1/cancel`, (_req, res) => sendStatus(res, 409, 'Conflict', 'run r1 has already finished (Succeeded); only a running run can be cancelled'));
    expect(await ark(['retry', 'r1', '--step', 'write', '--kubeconfig', certConfig])).toMatchObject({ code: 0, out: ['arkrun.arkonis.dev/r1 retry requested (step write)'] });
    expect(double.requests[0]!.body).toBe('{"step":"write"}');
    expect(await ark(['cancel', 'r1', '--kubeconfig', certConfig])).toMatchObject({ code: 1, err: ['Error from server (Conflict): run r1 has already finished (Succeeded); only a running run can be cancelled'] });
    expect(double.requests[1]!.body).toBe('{}');
  });
});

describe('local errors name the flag, the value and the fix (exit 2)', () => {
  it.each([
    [['status', '--kubeconfig', '/no/such/file'], /^error: --kubeconfig \/no\/such\/file: cannot load \(ENOENT/],
    [['status', '--context', 'nope'], /^error: --context nope: no such context .*; fix: use one of ctx, other/],
    [['status', '-n', 'Team_A'], /^error: -n\/--namespace "Team_A": not a namespace name; fix: /],
    [['cancel', 'Bad/Name'], /^error: <run> "Bad\/Name": not a Kubernetes object name; fix: /],
    [['submit', 'deployment/x', 'hi'], /^error: <target> "deployment\/x": unknown kind "deployment"; fix: /],
  ])('%j', async (args, message) => {
    const result = await ark([...args, ...(args.includes('--kubeconfig') ? [] : ['--kubeconfig', certConfig])]);
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(message);
  });

  it('a server that cannot be reached says so, exit 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ark-remote-'));
    const file = join(dir, 'down.yaml');
    await writeFile(file, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user: { token: 'x' } }], contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }], 'current-context': 'ctx' }));
    const result = await ark(['status', '--kubeconfig', file]);
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/^Unable to connect to the server https:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });
});
