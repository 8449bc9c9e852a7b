// ArkBudget: a token budget for a namespace, or for the teams/agents a selector picks.
import { z } from 'zod';
import { conditions, nonNegativeInt, positiveInt } from './common.js';

export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly'] as const;

export const arkBudgetSpec = z
  .strictObject({
    selector: z.strictObject({
      team: z.string().min(1).optional().describe('Only runs of this team count.'),
      agent: z.string().min(1).optional().describe('Only tasks of this agent count.'),
      matchLabels: z.record(z.string(), z.string()).optional().describe('Only teams/agents with these labels count.'),
    }).optional().describe('What the budget covers; absent means the whole namespace.'),
    period: z.enum(BUDGET_PERIODS).default('daily').describe('Budget window (UTC calendar day, ISO week or month).'),
    maxTokens: positiveInt().describe('Tokens allowed per period.'),
    warnAtPercent: z.number().int().min(1).max(100).optional().describe('Warn once usage reaches this percentage.'),
  })
  .describe('Desired state of a budget.');

export const arkBudgetStatus = z.strictObject({
  used: nonNegativeInt().optional(),
  remaining: nonNegativeInt().optional(),
  resetsAt: z.string().optional().describe('Start of the next period (RFC 3339).'),
  observedGeneration: nonNegativeInt().optional(),
  conditions: conditions.optional(),
});

export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export type ArkBudgetSpec = z.infer<typeof arkBudgetSpec>;
