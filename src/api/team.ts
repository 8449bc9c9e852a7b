// ArkTeam: agents wired together, as a pipeline (DAG), dynamically (entry + delegate), or both.
import { z } from 'zod';
import { roleAgentFields } from './agent.js';
import {
  anyValue, conditions, jsonSchemaValue, localObjectRef, nonNegativeInt, OPAQUE, positiveInt, seconds,
} from './common.js';

/** Longest DNS label (RFC 1123): role names become parts of object and queue names. */
export const MAX_DNS_LABEL = 63;

const roleName = z.string().min(1).max(MAX_DNS_LABEL).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
  message: 'must be a lowercase DNS label (letters, digits, "-"): it names the ArkAgent {team}-{role} and its queue',
});

/** A role is inline agent fields, a reference to an ArkAgent, or a reference to another team. */
export const teamRole = z
  .strictObject({
    name: roleName.describe('Role name; the step identity in pipelines and the delegate() target.'),
    ...roleAgentFields,
    model: z.string().min(1).optional().describe('Model id of an inline role (makes this role inline).'),
    arkAgent: z.string().min(1).optional().describe('Use this existing ArkAgent for the role.'),
    arkTeam: z.string().min(1).optional().describe('Run this whole other team as the role.'),
    canDelegate: z.array(z.string().min(1)).optional().describe('Roles this role may delegate() to.'),
  })
  .describe('One role: exactly one of inline fields (model), arkAgent or arkTeam.');

export const stepLoop = z
  .strictObject({
    condition: z.string().min(1).describe('Template evaluated after each iteration; the loop repeats while it is truthy.'),
    maxIterations: positiveInt().max(100).default(10).describe('Upper bound on iterations (1-100).'),
  })
  .describe('Repeat the step while the condition holds.');

export const stepValidate = z
  .strictObject({
    contains: z.string().optional().describe('Regular expression the output must match.'),
    rejectPatterns: z.array(z.string()).optional().describe('Regular expressions the output must not match.'),
    schema: jsonSchemaValue('JSON Schema the parsed output must satisfy (object or JSON text).').optional(),
    semantic: z.string().optional().describe('Validator prompt; the answer must start with VALID (not INVALID).'),
    onFailure: z.enum(['retry', 'fail']).default('fail').describe('retry the step or fail it when a check fails.'),
    maxRetries: nonNegativeInt().max(10).default(2).describe('Retries when onFailure is retry (0-10).'),
  })
  .describe('Checks applied to the step output.');

export const pipelineStep = z
  .strictObject({
    role: z.string().min(1).max(MAX_DNS_LABEL).describe('Role that runs this step; also the step name in templates.'),
    inputs: z.record(z.string(), z.string()).optional()
      .describe('Templates rendered into the task; "prompt" is the main one.'),
    dependsOn: z.array(z.string().min(1)).optional().describe('Steps that must finish first.'),
    if: z.string().optional().describe('Template; when it renders falsy the step is Skipped.'),
    loop: stepLoop.optional(),
    outputSchema: jsonSchemaValue('JSON Schema the step output must satisfy (object or JSON text).').optional(),
    validate: stepValidate.optional(),
  })
  .describe('One step of the pipeline DAG.');

export const INPUT_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;

export const inputDeclaration = z.strictObject({
  name: z.string().min(1).describe('Input name, used as {{ .input.<name> }}.'),
  type: z.enum(INPUT_TYPES).optional().describe('Expected type of the value; unset accepts any value.'),
  description: z.string().optional(),
  required: z.boolean().default(false).describe('A run without this input is rejected.'),
  default: anyValue('Value used when the run does not give one.').optional(),
});

export const arkTeamSpec = z
  .strictObject({
    roles: z.array(teamRole).min(1).describe('The roles of the team.'),
    pipeline: z.array(pipelineStep).optional().describe('Pipeline mode: steps wired as a DAG.'),
    entry: z.string().min(1).optional().describe('Dynamic mode: the role that receives the task.'),
    inputs: z.array(inputDeclaration).optional().describe('Typed inputs of a run.'),
    input: z.record(z.string(), z.unknown()).meta(OPAQUE).optional()
      .describe('Older form: a map of input defaults.'),
    output: z.string().optional().describe('Template for the run output; defaults to the last step output.'),
    timeoutSeconds: seconds().optional().describe('Deadline of a run; past it the run is TimedOut.'),
    maxTokens: positiveInt().optional().describe('Token budget of one run; once exceeded no new steps start.'),
    limits: z.strictObject({
      maxDailyTokens: positiveInt().optional().describe('Team-wide rolling 24 h token budget.'),
    }).optional(),
    notifyRef: localObjectRef.optional().describe('ArkNotify for run alerts.'),
    successfulRunsHistoryLimit: nonNegativeInt().default(10).describe('Succeeded ArkRuns kept.'),
    failedRunsHistoryLimit: nonNegativeInt().default(5).describe('Failed ArkRuns kept.'),
  })
  .describe('Desired state of a team.');

export const TEAM_PHASES = ['Pending', 'Ready', 'Degraded', 'Failed'] as const;

export const arkTeamStatus = z.strictObject({
  phase: z.enum(TEAM_PHASES).optional().describe('Ready when every role is ready.'),
  lastRunName: z.string().optional().describe('The most recent ArkRun.'),
  observedGeneration: nonNegativeInt().optional(),
  roles: z.array(z.strictObject({
    name: z.string(),
    ready: z.boolean().optional(),
    readyReplicas: nonNegativeInt().optional(),
    replicas: nonNegativeInt().optional(),
  })).optional().describe('Readiness per role.'),
  conditions: conditions.optional(),
});

export type ArkTeamSpec = z.infer<typeof arkTeamSpec>;
export type ArkTeamSpecInput = z.input<typeof arkTeamSpec>;
export type TeamRole = z.infer<typeof teamRole>;
export type PipelineStep = z.infer<typeof pipelineStep>;
export type InputDeclaration = z.infer<typeof inputDeclaration>;
export type ArkTeamStatus = z.infer<typeof arkTeamStatus>;
