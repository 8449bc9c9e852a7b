// Real MCP servers from the SDK's server side, on 127.0.0.1: a stateless Streamable HTTP
// server and a legacy HTTP+SSE server (which answers Streamable HTTP POSTs with 405).
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../engine/clock.js';
import type { AgentTask } from '../../engine/ports.js';
import { connectMcpServer, type McpConnection } from './mcp.js';
import { mcpToolName } from './mcp-tools.js';
import type { ToolBinding } from './types.js';

/** Calls of the slow tool the server has started. */
let slowCalls = 0;

const TOKEN = 'Bearer s3cret-token-value';
const task: AgentTask = { id: 'run/step/0/0', runId: 'run', step: 'step', role: 'r', kind: 'step', prompt: 'p', inputs: {} };
const PNG = Buffer.from('not really a png').toString('base64');

function toolsServer(): McpServer {
  const server = new McpServer({ name: 'tools', version: '1.0.0' }, { instructions: 'Prefer add for sums.' });
  server.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } },
    ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
  server.registerTool('fail', { description: 'Always fails.' }, () => ({ content: [{ type: 'text', text: 'boom' }], isError: true }));
  server.registerTool('whoami', { description: 'Echoes Authorization.' }, (extra) => ({
    content: [{ type: 'text', text: String(extra.requestInfo?.headers.authorization ?? 'none') }],
  }));
  server.registerTool('picture', { description: 'Mixed content.' }, () => ({
    content: [{ type: 'image', data: PNG, mimeType: 'image/png' }, { type: 'resource_link', uri: 'file:///a.txt', name: 'a' }],
    structuredContent: { ok: true },
  }));
  server.registerTool('slow', { description: 'Takes 3 s.' }, async (extra) => {
    slowCalls++;
    await sleep(3_000, undefined, { signal: extra.signal, ref: false }).catch(() => undefined);
    return { content: [{ type: 'text', text: 'late' }] };
  });
  return server;
}

function legacyServer(): Server {
  const server = new Server({ name: 'legacy', version: '1.0.0' }, { capabilities: { tools: {} } });
  const page = (name: string) => ({ name, description: `${name} tool`, inputSchema: { type: 'object' as const, properties: {} } });
  // Two pages, to prove the client follows nextCursor.
  server.setRequestHandler(ListToolsRequestSchema, (request) =>
    request.params?.cursor === 'p2' ? { tools: [page('ping')] } : { tools: [page('echo')], nextCursor: 'p2' });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => ({
    content: [{ type: 'text', text: `${request.params.name}:${String(extra.requestInfo?.headers.authorization ?? 'none')}` }],
  }));
  return server;
}

async function handleStreamable(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url === '/reject') {
    res.writeHead(403).end(`bad credentials ${String(req.headers.authorization)}`);
    return;
  }
  const server = toolsServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => void transport.close().then(() => server.close()));
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

function sseHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const sessions = new Map<string, SSEServerTransport>();
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET') {
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      await legacyServer().connect(transport);
    } else if (url.pathname === '/messages') {
      await sessions.get(url.searchParams.get('sessionId') ?? '')?.handlePostMessage(req, res);
    } else {
      res.writeHead(405).end();
    }
  };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ http: HttpServer; base: string }> {
  const http = createServer((req, res) => void handler(req, res).catch(() => res.writeHead(500).end()));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { http, base: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

function stop(http: HttpServer): Promise<void> {
  http.closeAllConnections();
  return new Promise((resolve) => http.close(() => resolve()));
}

function tool(connection: McpConnection, name: string): ToolBinding {
  const found = connection.tools.find((binding) => binding.spec.name === name);
  if (!found) throw new Error(`no tool ${name} in ${connection.tools.map((t) => t.spec.name).join(', ')}`);
  return found;
}

const call = (binding: ToolBinding, args: Record<string, unknown> = {}, signal = AbortSignal.timeout(2_000)) =>
  binding.invoke(args, { signal, clock: systemClock, task, callId: 'call_1', position: { turn: 1, call: 0 } });

describe('connectMcpServer over Streamable HTTP', () => {
  let http: HttpServer;
  let base: string;
  let connection: McpConnection;
  beforeAll(async () => {
    ({ http, base } = await listen(handleStreamable));
    connection = await connectMcpServer({ name: 'calc', url: `${base}/mcp`, guidance: 'Use for arithmetic.' },
      { headers: { Authorization: TOKEN }, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await connection.close();
    await stop(http);
  });

  it('lists tools with prefixed names and the servers own input schemas', () => {
    expect(connection.tools.map((binding) => binding.spec.name)).toEqual(['calc__add', 'calc__fail', 'calc__whoami', 'calc__picture', 'calc__slow']);
    const add = tool(connection, 'calc__add').spec;
    expect(add.description).toBe('Adds two numbers.');
    expect(add.inputSchema).toMatchObject({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] });
  });

  it('joins server instructions and spec guidance', () => {
    expect(connection.guidance).toBe('Prefer add for sums.\n\nUse for arithmetic.');
  });

  it('calls a tool and returns its text', async () => {
    await expect(call(tool(connection, 'calc__add'), { a: 2, b: 40 })).resolves.toEqual({ content: '42' });
  });

  it('throws the text of an isError result', async () => {
    await expect(call(tool(connection, 'calc__fail'))).rejects.toThrow('calc__fail failed: boom');
  });

  it('sends the configured headers with every request', async () => {
    await expect(call(tool(connection, 'calc__whoami'))).resolves.toEqual({ content: TOKEN });
  });

  it('summarises non-text parts and adds structuredContent when there is no text', async () => {
    const { content } = await call(tool(connection, 'calc__picture'));
    expect(content).toBe(`[image image/png, 16 bytes]\n[resource file:///a.txt]\n{"ok":true}`);
  });

  it('cancels a slow tool when the task signal aborts', async () => {
    const controller = new AbortController();
    const before = slowCalls;
    const pending = call(tool(connection, 'calc__slow'), {}, controller.signal);
    while (slowCalls === before) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('task cancelled'));
    // The tool would answer 'late' after 3 s: a rejection proves the call was cut short.
    await expect(pending).rejects.toThrow('task cancelled');
  });

  it('gives up on a slow tool after timeoutMs', async () => {
    const quick = await connectMcpServer({ name: 'calc', url: `${base}/mcp` }, { headers: {}, timeoutMs: 1_000 });
    try {
      await expect(call(tool(quick, 'calc__slow'))).rejects.toThrow(/calc__slow: .*timed out/i);
    } finally {
      await quick.close();
    }
  });

  it('names the server and URL when it rejects the client, without header values', async () => {
    const error = await connectMcpServer({ name: 'calc', url: `${base}/reject` }, { headers: { Authorization: TOKEN }, timeoutMs: 2_000 })
      .then(() => undefined, (reason: unknown) => reason as Error);
    expect(error?.message).toMatch(/^MCP server "calc" at http:\/\/127\.0\.0\.1:\d+\/reject: cannot connect .*403/);
    expect(error?.message).toContain('--no-mcp');
    expect(error?.message).toContain('[redacted]');
    expect(error?.message).not.toContain('s3cret');
  });
});

describe('connectMcpServer over legacy SSE', () => {
  let http: HttpServer;
  let base: string;
  beforeAll(async () => ({ http, base } = await listen(sseHandler())));
  afterAll(() => stop(http));

  it.each(['/mcp', '/sse'])('falls back to SSE (%s) and follows tools/list cursors', async (path) => {
    const connection = await connectMcpServer({ name: 'old', url: `${base}${path}` }, { headers: { Authorization: TOKEN }, timeoutMs: 2_000 });
    try {
      expect(connection.tools.map((binding) => binding.spec.name)).toEqual(['old__echo', 'old__ping']);
      expect(connection.guidance).toBeUndefined();
      await expect(call(tool(connection, 'old__ping'))).resolves.toEqual({ content: `ping:${TOKEN}` });
    } finally {
      await connection.close();
      await connection.close();
    }
  });
});

describe('connectMcpServer failures', () => {
  it('says what to check when nothing listens at the URL', async () => {
    const { http, base } = await listen(async () => undefined);
    await stop(http);
    await expect(connectMcpServer({ name: 'gone', url: `${base}/mcp` }, { headers: { 'X-Key': 'abcdefgh' }, timeoutMs: 1_000 }))
      .rejects.toThrow(/^MCP server "gone" at http:\/\/127\.0\.0\.1:\d+\/mcp: cannot connect .*ECONNREFUSED.*fix: check the server's url.*--no-mcp$/);
  });

  it('keeps URL credentials and query values out of the message', async () => {
    const error = await connectMcpServer({ name: 'gone', url: 'http://user:pass1234@127.0.0.1:9/mcp?key=abcd1234' }, { headers: {}, timeoutMs: 1_000 })
      .then(() => undefined, (reason: unknown) => reason as Error);
    expect(error?.message).toMatch(/^MCP server "gone" at http:\/\/127\.0\.0\.1:9\/mcp\?…: cannot connect/);
    expect(error?.message).not.toMatch(/pass1234|abcd1234/);
  });

  it('stops connecting when the signal aborts', async () => {
    await expect(connectMcpServer({ name: 'x', url: 'http://127.0.0.1:9/mcp' }, { headers: {}, signal: AbortSignal.abort() }))
      .rejects.toThrow(/MCP server "x".*cannot connect/);
  });
});

describe('mcpToolName', () => {
  it('keeps valid names and makes the others provider-safe and distinct', () => {
    expect(mcpToolName('github', 'create_issue')).toBe('github__create_issue');
    const dotted = mcpToolName('fs', 'read.file');
    expect(dotted).toMatch(/^fs__read_file_[0-9a-f]{8}$/);
    expect(dotted).not.toBe(mcpToolName('fs', 'read_file'));
    const long = mcpToolName('s', 'x'.repeat(100));
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[a-zA-Z0-9_-]+$/);
  });
});
