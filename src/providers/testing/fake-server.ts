// A scripted HTTP server on 127.0.0.1 (random port) for tests that need a real wire:
// each request to a served path takes the next queued reply, or the fallback when the
// queue is empty; every request is logged with its parsed JSON body. A `hang` reply
// never answers (timeouts, aborts); close() drops such connections.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRecord } from '../shared.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

export type ScriptedReply =
  | { status?: number; headers?: Record<string, string>; body: unknown }
  /** Sent as is (an HTML page from a proxy, a body that is not JSON). */
  | { status?: number; headers?: Record<string, string>; raw: string }
  | { hang: true };

export type Responder = (request: RecordedRequest) => ScriptedReply;

export interface FakeServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Queues replies, consumed one per request. */
  reply(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** Paths answered from the script; others get 404. */
  paths: string[];
  /** Reply when the queue is empty. */
  fallback: Responder;
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const recorded = await record(req);
    requests.push(recorded);
    if (!options.paths.includes(recorded.path)) return send(res, { status: 404, body: { error: { message: `no route ${recorded.path}` } } });
    const reply = queue.shift() ?? options.fallback(recorded);
    if ('hang' in reply) return;
    send(res, reply);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers[key] = String(value);
  return { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers, body: parseBody(text) };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(res: ServerResponse, reply: Exclude<ScriptedReply, { hang: true }>): void {
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
  res.end('raw' in reply ? reply.raw : JSON.stringify(reply.body));
}

/** The content of the last user message in an OpenAI- or Anthropic-shaped body, for echo fallbacks. */
export function lastUserText(body: unknown): string {
  const messages = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
  const last = messages.findLast((m) => isRecord(m) && m.role === 'user');
  if (!isRecord(last)) return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content.map((b) => (isRecord(b) && typeof b.text === 'string' ? b.text : '')).join('');
}
