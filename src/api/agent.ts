// ArkAgent: a pool of identical agent pods. The agent fields are also the body of an
// inline ArkTeam role, so they are built by one factory with or without defaults.
import { z } from 'zod';
import {
  conditions, jsonSchemaValue, localObjectRef, nonNegativeInt, podField, podListField, positiveInt, seconds, tokenUsage,
} from './common.js';

export const PROVIDERS = ['openai', 'anthropic', 'mock'] as const;
export const DEFAULT_PROMPT_KEY = 'prompt';
/** Prompts larger than this must come from a ConfigMap or Secret (etcd objects stay small). */
export const MAX_INLINE_PROMPT_BYTES = 50 * 1024;

const keySelector = (what: string) =>
  z.strictObject({
    name: z.string().min(1).describe(`Name of the ${what} in the same namespace.`),
    key: z.string().min(1).optional().describe(`Key within the ${what}; defaults to "${DEFAULT_PROMPT_KEY}".`),
  });

export const systemPromptRef = z
  .strictObject({
    configMapKeyRef: keySelector('ConfigMap').optional().describe('Read the prompt from a ConfigMap key.'),
    secretKeyRef: keySelector('Secret').optional().describe('Read the prompt from a Secret key.'),
    fileRef: z.strictObject({
      path: z.string().min(1).describe('Path of the prompt file, relative to the YAML file.'),
    }).optional().describe('Local runs only: read the prompt from a file; `ark deploy` turns it into a ConfigMap.'),
  })
  .describe('Where the system prompt lives; exactly one of configMapKeyRef, secretKeyRef or fileRef.');

/** An http(s) URL; other schemes (file:, javascript:) are refused. */
const httpUrl = () => z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' });

const secretKeyRef = z.strictObject({ name: z.string().min(1), key: z.string().min(1) });

export const mcpServer = z.strictObject({
  name: z.string().min(1).describe('Identifier of this MCP server; prefixes its tool names.'),
  url: httpUrl().describe('Streamable HTTP or SSE endpoint of the MCP server.'),
  headers: z
    .array(
      z.strictObject({
        name: z.string().min(1).describe('HTTP header name.'),
        value: z.string().optional().describe('Literal header value.'),
        valueFrom: z.strictObject({ secretKeyRef }).optional().describe('Read the value from a Secret key.'),
      }),
    )
    .optional()
    .describe('Headers sent with every request, e.g. Authorization from a Secret.'),
  guidance: z.string().optional().describe('Deployment-specific advice appended to the system prompt.'),
});

export const webhookTool = z.strictObject({
  name: z.string().min(1).regex(/^[a-zA-Z0-9_-]+$/, { message: 'use letters, digits, "_" and "-" only' })
    .describe('Tool name shown to the model; unique within the agent.'),
  description: z.string().optional().describe('What the tool does, for the model.'),
  url: httpUrl().describe('HTTP endpoint called with the tool arguments.'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).default('POST').describe('HTTP method.'),
  inputSchema: jsonSchemaValue('JSON Schema of the tool arguments (object or JSON text).').optional(),
});

export const agentLimits = z
  .strictObject({
    maxTokensPerCall: positiveInt().default(8000).describe("Sent as the provider's max output tokens per call."),
    timeoutSeconds: seconds().default(120).describe('Deadline of one task, tool turns included.'),
    maxConcurrentTasks: positiveInt().default(5).describe('Tasks in flight per pod.'),
    maxDailyTokens: positiveInt().optional()
      .describe('Rolling 24 h token budget (input + output); when spent the agent scales to zero. Unset = no limit.'),
  })
  .describe('Per-agent limits; all are enforced.');

export const livenessProbe = z
  .strictObject({
    type: z.enum(['semantic', 'ping']).describe('semantic: the validator prompt must pass; ping: the provider must answer.'),
    intervalSeconds: seconds().default(30).describe('How often the probe runs.'),
    validatorPrompt: z.string().optional().describe('Prompt whose answer decides readiness (semantic probes).'),
  })
  .describe('How /readyz decides that a pod may receive tasks.');

const replicas = () => nonNegativeInt().max(50).describe('Number of agent pods (0-50); also the scale subresource.');

/**
 * The agent fields shared by ArkAgent and inline ArkTeam roles, without the two that have
 * defaults (replicas, limits): an ArkAgent declares those with defaults, a role without,
 * because defaults make no sense on a role that references another agent or team.
 */
export const agentFields = {
  model: z.string().min(1).describe('Model id, e.g. gpt-4o, claude-sonnet-4-20250514, llama3.2.'),
  provider: z.enum(PROVIDERS).optional().describe('LLM provider; auto-detected from the model when unset.'),
  systemPrompt: z.string().optional().describe('Inline system prompt (at most 50 KB; use systemPromptRef beyond).'),
  systemPromptRef: systemPromptRef.optional(),
  mcpServers: z.array(mcpServer).optional().describe('MCP tool servers.'),
  tools: z.array(webhookTool).optional().describe('Inline HTTP tools.'),
  livenessProbe: livenessProbe.optional(),
  resources: podField('Container resources, as in a PodSpec.').optional(),
  env: podListField('Container env, as in a PodSpec.').optional(),
  envFrom: podListField('Container envFrom, as in a PodSpec (API keys from Secrets).').optional(),
  serviceAccountName: z.string().optional().describe('Service account of the agent pods.'),
  nodeSelector: z.record(z.string(), z.string()).optional().describe('Node selector of the agent pods.'),
  tolerations: podListField('Tolerations of the agent pods.').optional(),
  affinity: podField('Affinity of the agent pods.').optional(),
  configRef: localObjectRef.optional().describe('ArkSettings to apply.'),
  memoryRef: localObjectRef.optional().describe('ArkMemory backend.'),
  notifyRef: localObjectRef.optional().describe('ArkNotify for alerts.'),
};

/** The same fields with nothing defaulted, for ArkTeam roles. */
export const roleAgentFields = { ...agentFields, replicas: replicas().optional(), limits: agentLimits.optional() };

export const arkAgentSpec = z
  .strictObject({ replicas: replicas().default(1), ...agentFields, limits: agentLimits.prefault({}) })
  .describe('Desired state of an agent pool.');

export const arkAgentStatus = z.strictObject({
  replicas: nonNegativeInt().optional().describe('Pods that exist.'),
  readyReplicas: nonNegativeInt().optional().describe('Pods whose readiness probe passes.'),
  selector: z.string().optional().describe('Label selector of the pods (for the scale subresource).'),
  observedGeneration: nonNegativeInt().optional(),
  dailyTokenUsage: tokenUsage.optional().describe('Tokens used in the rolling 24 h window.'),
  budgetResetsAt: z.string().optional().describe('When enough of the daily window frees up (RFC 3339).'),
  conditions: conditions.optional().describe('Ready and BudgetExceeded.'),
});

export type ArkAgentSpec = z.infer<typeof arkAgentSpec>;
export type ArkAgentSpecInput = z.input<typeof arkAgentSpec>;
export type ArkAgentStatus = z.infer<typeof arkAgentStatus>;
export type McpServer = z.infer<typeof mcpServer>;
export type WebhookTool = z.infer<typeof webhookTool>;
