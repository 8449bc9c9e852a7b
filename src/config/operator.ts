// The operator's configuration from the environment, parsed once at its entry point.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional().catch(undefined);

const operatorEnvSchema = z.object({
  /** Redis holding queues and token usage (the same variable the agent runtime reads). */
  TASK_QUEUE_URL: optionalText,
  KUBECONFIG: optionalText,
  /** The pod's name (downward API): the operator's leader-election identity. */
  POD_NAME: optionalText,
});

export type OperatorEnv = z.infer<typeof operatorEnvSchema>;

export function parseOperatorEnv(env: NodeJS.ProcessEnv): OperatorEnv {
  return operatorEnvSchema.parse(env);
}

/** Where `ark operator --dev-register` keeps its dev CA and serving cert. */
export const DEFAULT_DEV_CERT_DIR = join(homedir(), '.cache', 'arkonis', 'dev-certs');
