// Tool servers that speak ARKONIS's plain HTTP tool contract instead of MCP:
//   POST <url>/tools/list                      → { tools: [{ name, description, inputSchema }] }
//   POST <url>/tools/call  { name, arguments } → { content: [{ type: "text", text }] }
// Tools are named `<server>__<tool>`, as MCP tools are.
import { z } from 'zod';
import type { McpServer } from '../../api/index.js';
import type { JsonSchema } from '../../providers/types.js';
import { describeError, displayUrl, redactSecrets } from './mcp-errors.js';
import { mcpToolName } from './mcp-tools.js';
import type { McpConnection } from './mcp.js';
import type { ToolBinding } from './types.js';

const toolList = z.object({
  tools: z.array(z.object({ name: z.string().min(1), description: z.string().optional(), inputSchema: z.record(z.string(), z.unknown()).optional() })),
});
const callResult = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })).default([]),
  isError: z.boolean().optional(),
});

export interface PlainHttpOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  secrets: readonly string[];
  signal?: AbortSignal;
}

/** Lists the server's tools; throws an Error saying what came back when it is not this contract. */
export async function connectPlainHttpServer(server: McpServer, options: PlainHttpOptions): Promise<McpConnection> {
  const listed = toolList.safeParse(await post(server.url, '/tools/list', {}, options, options.signal));
  if (!listed.success) throw new Error(`POST ${displayUrl(endpoint(server.url, '/tools/list'))} did not answer { tools: [...] }`);
  const tools = listed.data.tools.map((tool): ToolBinding => ({
    spec: {
      name: mcpToolName(server.name, tool.name),
      description: tool.description ?? `Tool "${tool.name}" of server "${server.name}".`,
      inputSchema: (tool.inputSchema ?? { type: 'object', properties: {} }) as JsonSchema,
    },
    invoke: async (args, { signal }) => {
      const name = mcpToolName(server.name, tool.name);
      const parsed = callResult.safeParse(await post(server.url, '/tools/call', { name: tool.name, arguments: args }, options, signal));
      if (!parsed.success) throw new Error(`${name}: the server did not answer { content: [...] }`);
      const text = parsed.data.content.map((part) => part.text ?? `[${part.type}]`).join('\n');
      if (parsed.data.isError) throw new Error(redactSecrets(`${name} failed: ${text || 'no details given'}`, options.secrets));
      return { content: text };
    },
  }));
  return { tools, close: async () => {} };
}

function endpoint(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

async function post(base: string, path: string, body: unknown, options: PlainHttpOptions, signal: AbortSignal | undefined): Promise<unknown> {
  const url = endpoint(base, path);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST', headers: { ...options.headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body), signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(redactSecrets(`POST ${displayUrl(url)}: ${describeError(error)}`, options.secrets), { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw new Error(redactSecrets(`POST ${displayUrl(url)}: HTTP ${response.status} ${text.slice(0, 200)}`, options.secrets));
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`POST ${displayUrl(url)}: the answer is not JSON (${JSON.stringify(text.slice(0, 80))})`);
  }
}
