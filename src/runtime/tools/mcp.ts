// An agent's MCP tool servers (spec.mcpServers): one SDK client per server. Streamable HTTP
// is tried first; a server that answers it with a 4xx is taken to be a legacy HTTP+SSE
// server and retried over SSE (the SDK's backward-compatibility pattern). URLs ending in
// /sse try SSE first, and fall back the same way. A server that speaks neither is tried
// with the plain HTTP tool contract (plain-http.ts) before the connection is given up.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServer } from '../../api/index.js';
import { describeError, displayUrl, redactSecrets, secretsOf } from './mcp-errors.js';
import { mcpToolBinding } from './mcp-tools.js';
import { connectPlainHttpServer } from './plain-http.js';
import type { ToolBinding } from './types.js';

export interface McpConnection {
  tools: ToolBinding[];
  /** The server's own instructions, then spec.mcpServers[].guidance; for the system prompt. */
  guidance?: string;
  /** Closes the client and its transport; safe to call more than once. */
  close(): Promise<void>;
}

export interface McpConnectOptions {
  /** Resolved header values (literal or from Secrets); never shown in messages. */
  headers: Record<string, string>;
  /** Bound on connecting, on listing tools, and on each tool call. Default 60 s. */
  timeoutMs?: number;
  /** Reported to the server in clientInfo. */
  clientName?: string;
  /** Cancels connecting and listing (tool calls use the task's own signal). */
  signal?: AbortSignal;
}

type TransportKind = 'streamable-http' | 'sse';

const DEFAULT_TIMEOUT_MS = 60_000;
const CLIENT_VERSION = '0.1.0';
/** Guard against a server whose cursors never end. */
const MAX_TOOL_PAGES = 100;

/** Connects to one MCP server and returns its tools as bindings named `<server>__<tool>`. */
export async function connectMcpServer(server: McpServer, options: McpConnectOptions): Promise<McpConnection> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = secretsOf(options.headers, server.url);
  const failure = (what: string): Error => new Error(redactSecrets(
    `MCP server "${server.name}" at ${displayUrl(server.url)}: ${what}; fix: check the server's url and headers and that it is running, or run with --mcp-optional or --no-mcp`,
    secrets,
  ));
  let client: Client;
  try {
    client = await connectClient(server.url, options, timeoutMs);
  } catch (error) {
    if (options.signal?.aborted) throw failure(`cannot connect (${describeError(error)})`);
    return connectPlainHttpServer(server, { headers: options.headers, timeoutMs, secrets, ...(options.signal ? { signal: options.signal } : {}) })
      .catch((plain: unknown) => { throw failure(`cannot connect (${describeError(error)}; plain HTTP tool contract: ${describeError(plain)})`); });
  }
  let tools: Tool[];
  try {
    tools = await listTools(client, deadline(options.signal, timeoutMs), timeoutMs);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw failure(`listing tools failed (${describeError(error)})`);
  }
  const guidance = [client.getInstructions(), server.guidance].filter((text) => text?.trim()).join('\n\n');
  let closing: Promise<void> | undefined;
  return {
    tools: tools.map((tool) => mcpToolBinding(client, tool, { serverName: server.name, timeoutMs, secrets })),
    ...(guidance ? { guidance } : {}),
    close: () => (closing ??= client.close().catch(() => undefined)),
  };
}

/** A connected client; the error of a failure has one part per transport tried. */
async function connectClient(rawUrl: string, options: McpConnectOptions, timeoutMs: number): Promise<Client> {
  const url = new URL(rawUrl);
  const order: TransportKind[] = url.pathname.endsWith('/sse') ? ['sse', 'streamable-http'] : ['streamable-http', 'sse'];
  const errors: string[] = [];
  for (const kind of order) {
    const client = new Client({ name: options.clientName ?? 'arkonis', version: CLIENT_VERSION });
    try {
      await connectWithin(client, createTransport(kind, url, options.headers), deadline(options.signal, timeoutMs), timeoutMs);
      return client;
    } catch (error) {
      await client.close().catch(() => undefined);
      errors.push(`${kind}: ${describeError(error)}`);
      if (!isHttpClientError(error)) break;
    }
  }
  throw new Error(errors.join('; '));
}

function createTransport(kind: TransportKind, url: URL, headers: Record<string, string>): Transport {
  const requestInit: RequestInit = { headers };
  return kind === 'sse' ? new SSEClientTransport(url, { requestInit }) : new StreamableHTTPClientTransport(url, { requestInit });
}

/** A 4xx answer: the server is up but does not speak this transport (or rejects us). */
function isHttpClientError(error: unknown): boolean {
  if (!(error instanceof StreamableHTTPError || error instanceof SseError)) return false;
  return error.code !== undefined && error.code >= 400 && error.code < 500;
}

function deadline(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/**
 * client.connect bounded by the signal. The SDK applies the signal to the initialize
 * request only; an SSE transport that never sends its endpoint event would hang in start(),
 * so the whole connect is raced against the signal.
 */
async function connectWithin(client: Client, transport: Transport, signal: AbortSignal, timeoutMs: number): Promise<void> {
  signal.throwIfAborted();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([client.connect(transport, { signal, timeout: timeoutMs }), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** tools/list, following nextCursor; a server without the tools capability has none. */
async function listTools(client: Client, signal: AbortSignal, timeoutMs: number): Promise<Tool[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page++) {
    const result = await client.listTools(cursor === undefined ? undefined : { cursor }, { signal, timeout: timeoutMs });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}
