// MCP tools as ToolBindings: provider-safe names, and call results turned into the text the
// model reads. A result with isError is thrown, since the agent loop reports thrown errors
// to the model as the tool's result.
import { createHash } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema } from '../../providers/types.js';
import { describeError, redactSecrets } from './mcp-errors.js';
import type { ToolBinding } from './types.js';

/** Provider APIs accept tool names of at most 64 characters from this set. */
const MAX_NAME_LENGTH = 64;
const INVALID_NAME_CHARS = /[^a-zA-Z0-9_-]/g;

/**
 * `<server>__<tool>`, so tools of two servers cannot clash. A name that had to be changed
 * (characters outside [a-zA-Z0-9_-], or longer than 64) ends in a hash of the original,
 * so two tools whose names differ only in replaced characters still get distinct names.
 */
export function mcpToolName(server: string, tool: string): string {
  const raw = `${server}__${tool}`;
  const clean = raw.replace(INVALID_NAME_CHARS, '_');
  if (clean === raw && raw.length <= MAX_NAME_LENGTH) return raw;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `${clean.slice(0, MAX_NAME_LENGTH - hash.length - 1)}_${hash}`;
}

/** Text parts joined by newlines; other parts summarised; structuredContent when no text. */
export function formatToolResult(result: CallToolResult): string {
  const parts = result.content.map(describePart);
  const hasText = result.content.some((part) => part.type === 'text');
  if (!hasText && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
  return parts.join('\n');
}

type ContentPart = CallToolResult['content'][number];

function describePart(part: ContentPart): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'image':
    case 'audio':
      return `[${part.type} ${part.mimeType}, ${Buffer.byteLength(part.data, 'base64')} bytes]`;
    case 'resource_link':
      return `[resource ${part.uri}${part.description ? `: ${part.description}` : ''}]`;
    case 'resource':
      return 'text' in part.resource
        ? `[resource ${part.resource.uri}]\n${part.resource.text}`
        : `[resource ${part.resource.uri}, ${Buffer.byteLength(part.resource.blob, 'base64')} bytes]`;
  }
}

export interface McpToolOptions {
  serverName: string;
  timeoutMs: number;
  /** Header values to scrub from error messages. */
  secrets: readonly string[];
}

export function mcpToolBinding(client: Client, tool: Tool, options: McpToolOptions): ToolBinding {
  const name = mcpToolName(options.serverName, tool.name);
  return {
    spec: {
      name,
      description: tool.description ?? tool.title ?? `Tool "${tool.name}" of MCP server "${options.serverName}".`,
      inputSchema: tool.inputSchema as JsonSchema,
    },
    async invoke(args, { signal }) {
      let result: CallToolResult;
      try {
        // The declared type also admits the legacy `toolResult` shape; the default result
        // schema used here only ever yields a CallToolResult.
        result = (await client.callTool({ name: tool.name, arguments: args }, undefined, { signal, timeout: options.timeoutMs })) as CallToolResult;
      } catch (error) {
        // A cancelled task keeps its own abort reason, so the caller can tell it apart.
        if (signal.aborted) throw error;
        throw new Error(redactSecrets(`${name}: ${describeError(error)}`, options.secrets));
      }
      const text = formatToolResult(result);
      if (result.isError) throw new Error(redactSecrets(`${name} failed: ${text || 'no details given'}`, options.secrets));
      return { content: text };
    },
  };
}
