// `ark runtime`: the process of one agent pod. Its configuration comes from the
// environment and flags only (src/config/runtime.ts); bad configuration exits 1 with one
// line per problem. SIGTERM (or SIGINT) stops it gracefully: no new tasks, those in flight
// finish within SHUTDOWN_GRACE_SECONDS, the rest go back to the queue at once.
import { hostname } from 'node:os';
import { parseRuntimeConfig, type RuntimeFlags } from '../../config/runtime.js';
import type { CliEnv } from '../../config/cli.js';
import { systemClock } from '../../engine/clock.js';
import { loadMockResponses, type MockOptions } from '../../providers/index.js';
import { startAgentPod } from '../../runtime/pod.js';
import { jsonLogger } from '../../telemetry/json-logger.js';
import { ProviderPool } from '../local/providers.js';
import { UsageError, type Io } from './io.js';

export async function runtimeCommand(flags: RuntimeFlags, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const parsed = parseRuntimeConfig(env, flags, hostname());
  if (!parsed.ok) throw new UsageError(parsed.problems);
  const { config } = parsed;
  const logger = jsonLogger(io.err, { agent: config.agent, pod: config.pod });
  const mock: MockOptions = config.mockResponses ? await loadMockResponses(config.mockResponses) : {};
  if (config.mockDelayMs !== undefined) mock.delayMs = config.mockDelayMs;
  const providers = new ProviderPool(config.provider, config.providerEnv as CliEnv, mock);
  const provider = await providers.get(providers.choose(config.spec, `AGENT_SPEC (ArkAgent ${config.agent})`));
  const pod = await startAgentPod({ config, provider, logger, clock: systemClock });
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info(`received ${signal}`);
      process.removeListener('SIGTERM', onTerm);
      process.removeListener('SIGINT', onInt);
      resolve();
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
  });
  await pod.close();
  logger.info('stopped');
  return 0;
}
