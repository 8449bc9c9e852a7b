// The CLI's configuration from the environment, parsed once at the entry point. Nothing
// else in the program reads process.env.
import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional().catch(undefined);

const cliEnvSchema = z.object({
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText,
  /** Run through Redis (redis://host:port) instead of the in-memory queue, as the cluster does. */
  TASK_QUEUE_URL: optionalText,
  /** Colour and live redraws only on a terminal, unless NO_COLOR says otherwise. */
  NO_COLOR: optionalText,
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function parseCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  return cliEnvSchema.parse(env);
}
