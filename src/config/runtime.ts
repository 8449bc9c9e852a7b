// The agent runtime's configuration (`ark runtime`, one agent pod), parsed once at its
// entry point from the environment and flags (a flag wins over its variable). The agent
// itself comes as its ArkAgent spec (AGENT_SPEC, JSON, as the operator writes it into the
// Deployment), checked with the same schema as admission. Every problem is one line that
// names the variable, the value and the fix.
import { z } from 'zod';
import { arkAgentSpec, PROVIDERS, type ArkAgentSpec } from '../api/index.js';

const text = z.string().trim().min(1);
const optionalText = text.optional();
const whole = (min: number) => z.coerce.number().int().min(min);

const runtimeEnvSchema = z.object({
  TASK_QUEUE_URL: z.string().regex(/^rediss?:\/\//, 'expected redis://host:port or rediss://host:port'),
  AGENT_NAME: text,
  AGENT_NAMESPACE: text.default('default'),
  AGENT_SPEC: text,
  /** The queue to consume; default: the team role's queue (TEAM_NAME + TEAM_ROLE) or the agent's. */
  AGENT_QUEUE: optionalText,
  TEAM_NAME: optionalText,
  TEAM_ROLE: optionalText,
  TEAM_MAX_DAILY_TOKENS: whole(1).optional(),
  /** Roles of TEAM_NAME this agent may delegate to (comma-separated): gives it the delegate tool. */
  CAN_DELEGATE: optionalText,
  POD_NAME: optionalText,
  /** Mounted ConfigMaps and Secrets: <dir>/configmaps/<name>/<key>, <dir>/secrets/<name>/<key>. */
  OBJECTS_DIR: optionalText,
  PORT: whole(0).max(65_535).default(8080),
  SHUTDOWN_GRACE_SECONDS: whole(0).default(25),
  VISIBILITY_TIMEOUT_MS: whole(10).default(30_000),
  MAX_DELIVERIES: whole(1).default(3),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  /**
   * The provider every call of this pod uses, like `ark run --provider`: `auto` honours the
   * spec's `provider` or detects it from the model; a name overrides both (e.g. `mock` runs
   * the examples' real model names on the mock provider in a dev stack without API keys).
   */
  ARK_PROVIDER: z.enum(['auto', ...PROVIDERS]).default('auto'),
  /** Replies of the mock provider (YAML/JSON file), for tests and demos. */
  MOCK_RESPONSES: optionalText,
  /** Delay of each mock provider call, to play a slow model. */
  MOCK_DELAY_MS: whole(0).optional(),
});

export interface RuntimeFlags {
  port?: number;
  provider?: string;
  queue?: string;
  podName?: string;
}

export interface RuntimeConfig {
  redisUrl: string;
  agent: string;
  namespace: string;
  spec: ArkAgentSpec;
  queue: string | undefined;
  team: { name: string; role: string | undefined; maxDailyTokens: number | undefined; canDelegate: string[] } | undefined;
  pod: string;
  objectsDir: string | undefined;
  port: number;
  graceMs: number;
  visibilityTimeoutMs: number;
  maxDeliveries: number;
  provider: 'auto' | (typeof PROVIDERS)[number];
  providerEnv: { OPENAI_API_KEY?: string; OPENAI_BASE_URL?: string; ANTHROPIC_API_KEY?: string; ANTHROPIC_BASE_URL?: string };
  mockResponses: string | undefined;
  mockDelayMs: number | undefined;
}

export type ParsedRuntimeConfig = { ok: true; config: RuntimeConfig } | { ok: false; problems: string[] };

export function parseRuntimeConfig(env: NodeJS.ProcessEnv, flags: RuntimeFlags, hostname: string): ParsedRuntimeConfig {
  const values = withFlags(env, flags);
  const parsed = runtimeEnvSchema.safeParse(values);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => problemLine(issue, values)) };
  const e = parsed.data;
  const spec = parseSpec(e.AGENT_SPEC);
  if (!spec.ok) return spec;
  const { OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL } = e;
  const canDelegate = (e.CAN_DELEGATE ?? '').split(',').map((role) => role.trim()).filter(Boolean);
  if (canDelegate.length > 0 && !e.TEAM_NAME) {
    return { ok: false, problems: [`CAN_DELEGATE: ${JSON.stringify(e.CAN_DELEGATE)} names roles of a team, but TEAM_NAME is unset; fix: set TEAM_NAME, or unset CAN_DELEGATE`] };
  }
  return {
    ok: true,
    config: {
      redisUrl: e.TASK_QUEUE_URL, agent: e.AGENT_NAME, namespace: e.AGENT_NAMESPACE, spec: spec.spec, queue: e.AGENT_QUEUE,
      team: e.TEAM_NAME ? { name: e.TEAM_NAME, role: e.TEAM_ROLE, maxDailyTokens: e.TEAM_MAX_DAILY_TOKENS, canDelegate } : undefined,
      pod: e.POD_NAME ?? hostname, objectsDir: e.OBJECTS_DIR, port: e.PORT, graceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
      visibilityTimeoutMs: e.VISIBILITY_TIMEOUT_MS, maxDeliveries: e.MAX_DELIVERIES,
      provider: e.ARK_PROVIDER, providerEnv: definedOnly({ OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL }),
      mockResponses: e.MOCK_RESPONSES, mockDelayMs: e.MOCK_DELAY_MS,
    },
  };
}

function withFlags(env: NodeJS.ProcessEnv, flags: RuntimeFlags): Record<string, string | undefined> {
  return {
    ...env,
    ...(flags.port !== undefined ? { PORT: String(flags.port) } : {}),
    ...(flags.provider !== undefined ? { ARK_PROVIDER: flags.provider } : {}),
    ...(flags.queue !== undefined ? { AGENT_QUEUE: flags.queue } : {}),
    ...(flags.podName !== undefined ? { POD_NAME: flags.podName } : {}),
  };
}

function parseSpec(json: string): { ok: true; spec: ArkAgentSpec } | { ok: false; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [`AGENT_SPEC: not JSON (${(error as Error).message}); fix: set it to the ArkAgent's spec as JSON`] };
  }
  const parsed = arkAgentSpec.safeParse(value);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `AGENT_SPEC: spec.${issue.path.join('.')}: ${issue.message}; fix: correct the ArkAgent spec (ark validate checks it)`) };
}

/** Secrets (API keys, the spec) are never echoed back. */
const HIDDEN = new Set(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'AGENT_SPEC', 'TASK_QUEUE_URL']);

function problemLine(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? '');
  const value = env[name];
  const shown = value === undefined ? 'unset' : HIDDEN.has(name) ? 'set (value hidden)' : JSON.stringify(value);
  const fix = value === undefined ? `set ${name}` : `correct ${name}`;
  return `${name}: ${issue.message} (${shown}); fix: ${fix}`;
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}
