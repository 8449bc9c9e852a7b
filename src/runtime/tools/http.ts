// Inline HTTP ("webhook") tools: the arguments go as a JSON body (query string for GET);
// the response body is the tool result. Non-2xx answers are errors the model sees.
import type { WebhookTool } from '../../api/index.js';
import { compileJsonSchema, parseJsonSchema } from '../../core/json-schema.js';
import type { JsonSchema } from '../../providers/types.js';
import { deadlineAt } from '../../engine/clock.js';
import type { ToolBinding } from './types.js';

const EMPTY_OBJECT_SCHEMA: JsonSchema = { type: 'object', properties: {} };

/** One HTTP tool call may take this long; the task deadline may cut it shorter. */
const TOOL_TIMEOUT_MS = 30_000;

export function httpTool(tool: WebhookTool): ToolBinding {
  const parsed = tool.inputSchema === undefined ? EMPTY_OBJECT_SCHEMA : parseJsonSchema(tool.inputSchema);
  const inputSchema = typeof parsed === 'boolean' ? EMPTY_OBJECT_SCHEMA : parsed;
  const validate = compileJsonSchema(inputSchema);
  return {
    spec: { name: tool.name, description: tool.description ?? `HTTP ${tool.method} ${tool.url}`, inputSchema },
    async invoke(args, { signal, clock }) {
      const problems = validate(args);
      if (problems.length > 0) throw new Error(`invalid arguments for ${tool.name}: ${problems.join('; ')}`);
      const limit = deadlineAt(clock, signal, clock.now() + TOOL_TIMEOUT_MS);
      try {
        const response = await fetch(...request(tool, args, limit.signal));
        const body = await response.text();
        if (!response.ok) throw new Error(`${tool.name}: HTTP ${response.status} ${body.slice(0, 500)}`);
        return { content: body };
      } finally {
        limit.dispose();
      }
    },
  };
}

/** Arguments go in the query string for GET, as a JSON body otherwise. */
function request(tool: WebhookTool, args: Record<string, unknown>, signal: AbortSignal): [URL, RequestInit] {
  const url = new URL(tool.url);
  const init: RequestInit = { method: tool.method, signal };
  if (tool.method === 'GET') {
    for (const [key, value] of Object.entries(args)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  } else {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(args);
  }
  return [url, init];
}
