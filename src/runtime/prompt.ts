// Resolves an agent's system prompt: inline text, a prompt file, or a ConfigMap / Secret
// key (`prompt` by default), followed by the guidance of its MCP servers.
import { DEFAULT_PROMPT_KEY, type ArkAgentSpec } from '../api/index.js';
import type { ObjectSource } from './objects.js';
import type { Locate } from './tools/agent-tools.js';

export type PromptFields = Pick<ArkAgentSpec, 'systemPrompt' | 'systemPromptRef' | 'mcpServers'>;

export async function resolveSystemPrompt(agent: PromptFields, objects: ObjectSource, locate: Locate): Promise<string> {
  const base = await basePrompt(agent, objects, locate);
  const guidance = (agent.mcpServers ?? []).filter((server) => server.guidance);
  if (guidance.length === 0) return base;
  const sections = guidance.map((server) => `### ${server.name}\n${server.guidance!.trim()}`);
  return `${base}\n\n## MCP Tool Guidance\n${sections.join('\n\n')}`;
}

async function basePrompt(agent: PromptFields, objects: ObjectSource, locate: Locate): Promise<string> {
  const ref = agent.systemPromptRef;
  if (!ref) return agent.systemPrompt ?? '';
  if (ref.fileRef) {
    try {
      return await objects.file(ref.fileRef.path);
    } catch (error) {
      throw new Error(`${locate('systemPromptRef.fileRef.path')}: ${(error as Error).message}`, { cause: error });
    }
  }
  const selector = ref.configMapKeyRef ?? ref.secretKeyRef;
  if (!selector) return agent.systemPrompt ?? '';
  const kind = ref.configMapKeyRef ? 'ConfigMap' : 'Secret';
  const key = selector.key ?? DEFAULT_PROMPT_KEY;
  const value = await objects.value(kind, selector.name, key);
  if (value === undefined) {
    throw new Error(`${locate('systemPromptRef')}: ${kind} ${selector.name} has no key "${key}"; fix: ${objects.missingHint(kind, selector.name, key)}`);
  }
  return value;
}
