// The tools of one agent: inline HTTP tools and MCP servers (unless MCP is switched off).
// MCP header values come from literal values or Secrets of the agent's object source.
import type { ArkAgentSpec, McpServer } from '../../api/index.js';
import type { ObjectSource } from '../objects.js';
import { httpTool } from './http.js';
import type { McpConnection } from './mcp.js';
import type { ToolBinding } from './types.js';

export interface AgentTools {
  bindings: ToolBinding[];
  close(): Promise<void>;
}

export async function agentTools(spec: ArkAgentSpec, objects: ObjectSource, options: { noMcp: boolean; where: string }): Promise<AgentTools> {
  const bindings = (spec.tools ?? []).map((tool) => httpTool(tool));
  const connections: McpConnection[] = [];
  const close = async (): Promise<void> => { await Promise.all(connections.map((connection) => connection.close())); };
  if (!options.noMcp && spec.mcpServers?.length) {
    // The MCP SDK costs ~80 ms to load; only agents with MCP servers pay for it.
    const { connectMcpServer } = await import('./mcp.js');
    try {
      for (const [index, server] of spec.mcpServers.entries()) {
        const where = `${options.where}.mcpServers[${index}]`;
        const connection = await connectMcpServer(server, { headers: await mcpHeaders(server, objects, where) });
        connections.push(connection);
        bindings.push(...connection.tools);
      }
    } catch (error) {
      await close();
      throw error;
    }
  }
  return { bindings, close };
}

async function mcpHeaders(server: McpServer, objects: ObjectSource, where: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const header of server.headers ?? []) {
    if (header.value !== undefined) headers[header.name] = header.value;
    const ref = header.valueFrom?.secretKeyRef;
    if (!ref) continue;
    const value = await objects.value('Secret', ref.name, ref.key);
    if (value === undefined) {
      throw new Error(`${where}.headers (${header.name}): Secret ${ref.name} has no key "${ref.key}"; fix: ${objects.missingHint('Secret', ref.name, ref.key)}`);
    }
    headers[header.name] = value;
  }
  return headers;
}
