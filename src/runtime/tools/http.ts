// Inline HTTP ("webhook") tools: the arguments go as a JSON body (query string for GET);
// the response body is the tool result. Non-2xx answers are errors the model sees.
import type { WebhookTool } from '../../api/index.js';
import { compileJsonSchema } from '../../core/json-schema.js';
import type { JsonSchema } from '../../providers/types.js';
import type { ToolBinding } from './types.js';

const EMPTY_OBJECT_SCHEMA: JsonSchema = { type: 'object', properties: {} };

export function httpTool(tool: WebhookTool, timeoutMs = 30_000): ToolBinding {
  const inputSchema = typeof tool.inputSchema === 'string' ? (JSON.parse(tool.inputSchema) as JsonSchema) : (tool.inputSchema ?? EMPTY_OBJECT_SCHEMA);
  const validate = compileJsonSchema(inputSchema);
  return {
    spec: { name: tool.name, description: tool.description ?? `HTTP ${tool.method} ${tool.url}`, inputSchema },
    async invoke(args, { signal }) {
      const problems = validate(args);
      if (problems.length > 0) throw new Error(`invalid arguments for ${tool.name}: ${problems.join('; ')}`);
      const url = new URL(tool.url);
      const init: RequestInit = { method: tool.method, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) };
      if (tool.method === 'GET') {
        for (const [key, value] of Object.entries(args)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      } else {
        init.headers = { 'content-type': 'application/json' };
        init.body = JSON.stringify(args);
      }
      const response = await fetch(url, init);
      const body = await response.text();
      if (!response.ok) throw new Error(`${tool.name}: HTTP ${response.status} ${body.slice(0, 500)}`);
      return { content: body };
    },
  };
}
