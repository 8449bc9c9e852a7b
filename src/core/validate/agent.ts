// Rules for the agent fields, shared by ArkAgent specs and inline ArkTeam roles. Paths are
// relative to the object holding the fields; callers prefix `spec` or `spec.roles[i]`.
import { MAX_INLINE_PROMPT_BYTES } from '../../api/index.js';
import type { ArkAgentSpec, TeamRole } from '../../api/index.js';
import { compileJsonSchema } from '../json-schema.js';
import { RegexError } from '../regex.js';
import { fieldError, fieldWarning, formatPath, underPath } from '../issues.js';
import type { FieldIssue } from '../issues.js';
import { firstIndexes } from './name-index.js';
import type { FirstIndex } from './name-index.js';
import { forbiddenUrlReason } from './ssrf.js';
import { errorMessage } from '../errors.js';

/** The agent fields the rules read; an ArkAgentSpec and an inline TeamRole both fit. */
export type AgentFields = Pick<TeamRole, 'systemPrompt' | 'systemPromptRef' | 'mcpServers' | 'tools' | 'livenessProbe' | 'env'> & {
  limits?: { maxTokensPerCall?: number; maxDailyTokens?: number } | undefined;
};

/** Env vars whose literal value is a model base URL the pods will call. */
export const BASE_URL_ENV_NAMES = ['OPENAI_BASE_URL', 'ANTHROPIC_BASE_URL'] as const;

/** Where a systemPromptRef may read from; exactly one is set. */
const PROMPT_SOURCES = ['configMapKeyRef', 'secretKeyRef', 'fileRef'] as const;

export interface AgentRuleOptions {
  /**
   * An ArkAgent without any system prompt is an error. An inline team role may run on its
   * step inputs alone (ARKONIS accepted that), so there it is only a warning.
   */
  promptRequired: boolean;
}

/** Rules of an ArkAgent spec, with paths under `spec`. */
export function validateAgentSpec(spec: ArkAgentSpec): FieldIssue[] {
  return underPath('spec', agentFieldRules(spec, { promptRequired: true }));
}

/** Every agent-field rule; paths are relative (`systemPrompt`, `tools[1].url`). */
export function agentFieldRules(fields: AgentFields, options: AgentRuleOptions): FieldIssue[] {
  return [
    ...promptRules(fields, options),
    ...duplicateNames('tools', fields.tools ?? []),
    ...duplicateNames('mcpServers', fields.mcpServers ?? []),
    ...toolSchemaRules(fields),
    ...probeRules(fields),
    ...ssrfRules(fields),
    ...limitRules(fields),
  ];
}

function promptRules(fields: AgentFields, options: AgentRuleOptions): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { systemPrompt, systemPromptRef } = fields;
  if (systemPrompt !== undefined && systemPromptRef !== undefined) {
    issues.push(fieldError('systemPromptRef', 'systemPrompt and systemPromptRef are both set', 'keep exactly one of them'));
  } else if (systemPrompt === undefined && systemPromptRef === undefined) {
    const fix = 'set systemPrompt, or systemPromptRef to a ConfigMap or Secret key';
    issues.push(options.promptRequired
      ? fieldError('systemPrompt', 'a system prompt is required', fix)
      : fieldWarning('systemPrompt', 'no system prompt: the role runs on its step inputs alone', fix));
  }
  if (systemPrompt !== undefined) {
    const bytes = utf8ByteLength(systemPrompt);
    if (bytes > MAX_INLINE_PROMPT_BYTES) {
      issues.push(fieldError('systemPrompt', `${bytes} bytes exceeds the inline limit of ${MAX_INLINE_PROMPT_BYTES} bytes`,
        'move it to a ConfigMap and use systemPromptRef'));
    }
  }
  if (systemPromptRef !== undefined) {
    const sources = PROMPT_SOURCES.filter((source) => systemPromptRef[source] !== undefined);
    if (sources.length !== 1) {
      issues.push(fieldError('systemPromptRef', sources.length === 0 ? 'names no source' : `sets ${sources.join(' and ')}`,
        `set exactly one of ${PROMPT_SOURCES.join(', ')}`));
    }
  }
  return issues;
}

/** Errors for entries of `list` whose `name` repeats an earlier entry's; `firstIndex` when built already. */
export function duplicateNames(
  field: string, list: readonly { name: string }[], firstIndex: FirstIndex = firstIndexes(list, (item) => item.name),
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  list.forEach(({ name }, index) => {
    const first = firstIndex.get(name);
    if (first !== index) issues.push(fieldError(formatPath([field, index, 'name']), `duplicate name "${name}" (also ${field}[${first}])`, 'give each entry a unique name'));
  });
  return issues;
}

function toolSchemaRules(fields: AgentFields): FieldIssue[] {
  return (fields.tools ?? []).flatMap((tool, index) =>
    tool.inputSchema === undefined ? [] : jsonSchemaIssues(formatPath(['tools', index, 'inputSchema']), tool.inputSchema));
}

/** An error when `schema` (object or JSON text) is not a usable JSON Schema. */
export function jsonSchemaIssues(path: string, schema: string | object): FieldIssue[] {
  try {
    compileJsonSchema(schema);
    return [];
  } catch (err) {
    const reason = errorMessage(err);
    // A `pattern` RE2 refuses has its own fix; anything else gets an example schema.
    const fix = err instanceof Error && err.cause instanceof RegexError ? err.cause.fix
      : 'write a JSON Schema, e.g. {"type": "object", "properties": {"answer": {"type": "string"}}}';
    return [fieldError(path, reason, fix)];
  }
}

function probeRules(fields: AgentFields): FieldIssue[] {
  const probe = fields.livenessProbe;
  if (probe?.type !== 'semantic' || (probe.validatorPrompt ?? '').trim() !== '') return [];
  return [fieldError('livenessProbe.validatorPrompt', 'a semantic probe needs a validator prompt',
    'set validatorPrompt, or use type: ping')];
}

function ssrfRules(fields: AgentFields): FieldIssue[] {
  const targets: { path: string; url: string }[] = [
    ...(fields.mcpServers ?? []).map((server, i) => ({ path: formatPath(['mcpServers', i, 'url']), url: server.url })),
    ...(fields.tools ?? []).map((tool, i) => ({ path: formatPath(['tools', i, 'url']), url: tool.url })),
    ...(fields.env ?? []).flatMap((entry, i) =>
      isBaseUrlEnv(entry) ? [{ path: formatPath(['env', i, 'value']), url: entry.value }] : []),
  ];
  return targets.flatMap(({ path, url }) => {
    const reason = forbiddenUrlReason(url);
    return reason === undefined ? [] : [fieldError(path, `${JSON.stringify(url)} is not allowed: ${reason}`,
      'point it at a routable service address')];
  });
}

function isBaseUrlEnv(entry: Record<string, unknown>): entry is { name: string; value: string } {
  return (BASE_URL_ENV_NAMES as readonly unknown[]).includes(entry['name']) && typeof entry['value'] === 'string';
}

function limitRules(fields: AgentFields): FieldIssue[] {
  const perCall = fields.limits?.maxTokensPerCall;
  const daily = fields.limits?.maxDailyTokens;
  if (perCall === undefined || daily === undefined || perCall <= daily) return [];
  return [fieldError('limits.maxTokensPerCall', `${perCall} exceeds limits.maxDailyTokens ${daily}`,
    `lower maxTokensPerCall to at most ${daily} or raise maxDailyTokens`)];
}

/** UTF-8 length of a string without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
