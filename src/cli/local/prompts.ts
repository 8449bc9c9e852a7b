// Resolves an agent's system prompt for a local run: inline text, a local file
// (systemPromptRef.fileRef, relative to the YAML file), or a ConfigMap / Secret that is
// part of the files given to `ark run`.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DEFAULT_PROMPT_KEY, type ArkAgentSpec } from '../../api/index.js';
import type { CoreObject } from '../files.js';

type PromptFields = Pick<ArkAgentSpec, 'systemPrompt' | 'systemPromptRef' | 'mcpServers'>;

export async function resolveSystemPrompt(agent: PromptFields, yamlFile: string, objects: CoreObject[], where: string): Promise<string> {
  const base = await basePrompt(agent, yamlFile, objects, where);
  const guidance = (agent.mcpServers ?? []).filter((server) => server.guidance);
  if (guidance.length === 0) return base;
  const sections = guidance.map((server) => `### ${server.name}\n${server.guidance!.trim()}`);
  return `${base}\n\n## MCP Tool Guidance\n${sections.join('\n\n')}`;
}

async function basePrompt(agent: PromptFields, yamlFile: string, objects: CoreObject[], where: string): Promise<string> {
  const ref = agent.systemPromptRef;
  if (!ref) return agent.systemPrompt ?? '';
  if (ref.fileRef) {
    const path = resolve(dirname(yamlFile), ref.fileRef.path);
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new Error(`${where}.systemPromptRef.fileRef.path: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); fix: give a path relative to ${yamlFile}`, { cause: error });
    }
  }
  const selector = ref.configMapKeyRef ?? ref.secretKeyRef;
  const kind = ref.configMapKeyRef ? 'ConfigMap' : 'Secret';
  if (!selector) return agent.systemPrompt ?? '';
  const key = selector.key ?? DEFAULT_PROMPT_KEY;
  const object = objects.find((candidate) => candidate.kind === kind && candidate.name === selector.name);
  const value = object?.data[key];
  if (value === undefined) {
    throw new Error(`${where}.systemPromptRef: ${kind} ${selector.name} key "${key}" is not in the files given to ark run; fix: add the ${kind} to the file list, or use systemPromptRef.fileRef for local runs`);
  }
  return value;
}
