// The tools of one agent in a local run: inline HTTP tools and MCP servers (unless
// --no-mcp). MCP header values come from literal values or Secrets in the given files.
import type { ArkAgentSpec, McpServer } from '../../api/index.js';
import { httpTool } from '../../runtime/tools/http.js';
import type { McpConnection } from '../../runtime/tools/mcp.js';
import type { ToolBinding } from '../../runtime/tools/types.js';
import type { CoreObject } from '../files.js';

export interface AgentTools {
  bindings: ToolBinding[];
  close(): Promise<void>;
}

export async function agentTools(spec: ArkAgentSpec, objects: CoreObject[], options: { noMcp: boolean; where: string }): Promise<AgentTools> {
  const bindings = (spec.tools ?? []).map((tool) => httpTool(tool));
  const connections: McpConnection[] = [];
  if (!options.noMcp && spec.mcpServers?.length) {
    // The MCP SDK costs ~80 ms to load; only agents with MCP servers pay for it.
    const { connectMcpServer } = await import('../../runtime/tools/mcp.js');
    for (const [index, server] of (spec.mcpServers ?? []).entries()) {
      const where = `${options.where}.mcpServers[${index}]`;
      const connection = await connectMcpServer(server, { headers: mcpHeaders(server, objects, where) });
      connections.push(connection);
      bindings.push(...connection.tools);
    }
  }
  return { bindings, close: async () => { await Promise.all(connections.map((connection) => connection.close())); } };
}

function mcpHeaders(server: McpServer, objects: CoreObject[], where: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of server.headers ?? []) {
    if (header.value !== undefined) headers[header.name] = header.value;
    const ref = header.valueFrom?.secretKeyRef;
    if (!ref) continue;
    const value = objects.find((object) => object.kind === 'Secret' && object.name === ref.name)?.data[ref.key];
    if (value === undefined) {
      throw new Error(`${where}.headers (${header.name}): Secret ${ref.name} key "${ref.key}" is not in the files given to ark run; fix: add the Secret YAML to the command line, or run with --no-mcp`);
    }
    headers[header.name] = value;
  }
  return headers;
}
