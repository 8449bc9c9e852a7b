// The tools of one agent: inline HTTP tools at once, and its tool servers (MCP, or the
// plain HTTP tool contract) connected when the agent first needs them, not before the
// run: an unreachable server fails only the tasks of agents that use it (and is tried
// again on the next task), or with `optional` is left out with one warning.
import type { ArkAgentSpec, McpServer } from '../../api/index.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../telemetry/types.js';
import type { ObjectSource } from '../objects.js';
import { httpTool } from './http.js';
import type { McpConnection } from './mcp.js';
import type { ToolBinding } from './types.js';

/** Formats a field path of the agent for a message, e.g. `team.yaml:14: spec.roles[2].mcpServers[0].url`. */
export type Locate = (fieldPath: string) => string;

export interface ToolboxOptions {
  /** Connect to no tool servers at all (`--no-mcp`). */
  noMcp: boolean;
  /** Leave out a server that cannot be reached, with a warning, instead of failing tasks. */
  optional: boolean;
  locate: Locate;
  logger: Logger;
}

export class AgentToolbox {
  private readonly http: ToolBinding[];
  private readonly servers: McpServer[];
  private readonly connections = new Map<number, Promise<McpConnection | undefined>>();
  private settledCount = 0;

  constructor(spec: ArkAgentSpec, private readonly objects: ObjectSource, private readonly options: ToolboxOptions) {
    this.http = (spec.tools ?? []).map((tool) => httpTool(tool));
    this.servers = options.noMcp ? [] : (spec.mcpServers ?? []);
  }

  /** Every tool, connecting servers not yet connected; throws a located Error when one cannot be reached. */
  async tools(): Promise<ToolBinding[]> {
    const connections = await Promise.all(this.servers.map((_server, index) => this.connection(index)));
    return [...this.http, ...connections.flatMap((connection) => connection?.tools ?? [])];
  }

  /** True once every tool server is connected (or left out): tools() will not change any more. */
  get settled(): boolean {
    return this.settledCount === this.servers.length;
  }

  async close(): Promise<void> {
    const connections = await Promise.all([...this.connections.values()].map((pending) => pending.catch(() => undefined)));
    await Promise.all(connections.map((connection) => connection?.close()));
  }

  private connection(index: number): Promise<McpConnection | undefined> {
    let pending = this.connections.get(index);
    if (!pending) {
      pending = this.connect(index);
      // A failed connection is not kept: the next task tries again (the server may be up by then).
      pending.then(() => { this.settledCount++; }, () => this.connections.delete(index));
      this.connections.set(index, pending);
    }
    return pending;
  }

  private async connect(index: number): Promise<McpConnection | undefined> {
    const server = this.servers[index]!;
    const at = (path: string): string => this.options.locate(`mcpServers[${index}].${path}`);
    try {
      const headers = await mcpHeaders(server, this.objects, at);
      // The MCP SDK costs ~80 ms to load; only agents with tool servers pay for it.
      const { connectMcpServer } = await import('./mcp.js');
      return await connectMcpServer(server, { headers }).catch((error: unknown) => {
        throw new Error(`${at('url')}: ${errorMessage(error)}`, { cause: error });
      });
    } catch (error) {
      if (!this.options.optional) throw error;
      this.options.logger.warn(`${errorMessage(error)} (left out: tool servers are optional in this run)`);
      return undefined;
    }
  }
}

async function mcpHeaders(server: McpServer, objects: ObjectSource, locate: Locate): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [index, header] of (server.headers ?? []).entries()) {
    if (header.value !== undefined) headers[header.name] = header.value;
    const ref = header.valueFrom?.secretKeyRef;
    if (!ref) continue;
    const value = await objects.value('Secret', ref.name, ref.key);
    if (value === undefined) {
      throw new Error(`${locate(`headers[${index}].valueFrom.secretKeyRef`)} (${header.name}): Secret ${ref.name} has no key "${ref.key}"; fix: ${objects.missingHint('Secret', ref.name, ref.key)}`);
    }
    headers[header.name] = value;
  }
  return headers;
}
