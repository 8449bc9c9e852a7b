// Reading ArkRuns in e2e tests: the status from kube-apiserver (polled until a check passes,
// the last status in the failure message) and the run's event log from Redis.
import { waitFor } from '../../hack/kube-env/net.js';
import type { ArkRunStatus } from '../../src/api/index.js';
import { runIdOf } from '../../src/core/run-requests.js';
import type { LoggedEvent } from '../../src/engine/events.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { RedisEventLog } from '../../src/store/redis-event-log.js';
import { silentLogger } from '../../src/telemetry/types.js';
import { kubectlJson } from './kube.js';

export const runEnded = (s: ArkRunStatus): boolean => s.phase !== undefined && !['Pending', 'Running'].includes(s.phase);

export async function runStatus(namespace: string, name: string): Promise<ArkRunStatus> {
  return (await kubectlJson<{ status?: ArkRunStatus }>(['get', '-n', namespace, 'arkrun', name])).status ?? {};
}

/** Polls the ArkRun until `check` passes; `context()` adds logs to the failure message. */
export async function untilRun(namespace: string, name: string, check: (s: ArkRunStatus) => boolean, ms = 60_000, context: () => string = () => ''): Promise<ArkRunStatus> {
  let last: ArkRunStatus = {};
  await waitFor(`ArkRun ${name}`, async () => check((last = await runStatus(namespace, name))), ms, () => undefined).catch((error: Error) => {
    throw new Error(`${error.message}; last status ${JSON.stringify(last).slice(0, 2000)}\n${context()}`);
  });
  return last;
}

/** The run's event log as the engine and the runtimes wrote it to Redis. */
export async function readRunLog(redisUrl: string, namespace: string, name: string): Promise<LoggedEvent[]> {
  const connection = connectRedis(redisUrl, { logger: silentLogger, role: 'test' });
  try {
    return await new RedisEventLog(connection, () => connection).read(runIdOf(namespace, name));
  } finally {
    await closeRedis(connection);
  }
}

/** Task ids of the log's task.completed events, sorted. */
export function completedTasks(log: readonly LoggedEvent[]): string[] {
  return log.flatMap((e) => (e.type === 'task.completed' ? [(e as { taskId: string }).taskId] : [])).sort();
}

/** Follows the run's log from its start for at most `ms`: the event types, and whether the follow ended by itself. */
export async function followRunLog(redisUrl: string, namespace: string, name: string, ms: number): Promise<{ types: string[]; ended: boolean }> {
  const connection = connectRedis(redisUrl, { logger: silentLogger, role: 'test' });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  const types: string[] = [];
  try {
    const log = new RedisEventLog(connection, () => connectRedis(redisUrl, { logger: silentLogger, role: 'test-follow' }));
    for await (const event of log.follow(runIdOf(namespace, name), 0, abort.signal)) types.push(event.type);
    return { types, ended: !abort.signal.aborted };
  } finally {
    clearTimeout(timer);
    await closeRedis(connection);
  }
}
