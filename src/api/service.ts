// ArkService: routes tasks to the ready pods of one ArkAgent.
import { z } from 'zod';
import { conditions, nonNegativeInt } from './common.js';

export const ROUTING_STRATEGIES = ['round-robin', 'least-busy', 'random'] as const;

export const arkServiceSpec = z
  .strictObject({
    selector: z.strictObject({
      arkAgent: z.string().min(1).describe('Name of the ArkAgent in the same namespace to route tasks to.'),
    }).describe('Identifies the target ArkAgent.'),
    routing: z.strictObject({
      strategy: z.enum(ROUTING_STRATEGIES).default('round-robin')
        .describe('round-robin, least-busy or random; only pods whose /readyz passes are eligible.'),
    }).prefault({}).describe('Task routing configuration.'),
    ports: z.array(z.strictObject({
      protocol: z.enum(['HTTP', 'A2A']).describe('HTTP: external task submission; A2A: agent-to-agent.'),
      port: z.number().int().min(1).max(65535).describe('Port number (1-65535).'),
    })).optional().describe('Ports exposed by the service.'),
  })
  .describe('Desired state of a service.');

export const arkServiceStatus = z.strictObject({
  readyReplicas: nonNegativeInt().optional().describe('Ready agent pods currently receiving tasks.'),
  observedGeneration: nonNegativeInt().optional(),
  conditions: conditions.optional(),
});

export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
export type ArkServiceSpec = z.infer<typeof arkServiceSpec>;
export type ArkServiceStatus = z.infer<typeof arkServiceStatus>;
