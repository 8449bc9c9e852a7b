// One agent pod (`ark runtime`): consumes its queue (and its own routed queue) with up to
// maxConcurrentTasks in flight, runs the agent loop per task with the system prompt
// resolved again from its source, checks and records daily token budgets around every
// LLM call, writes the loop's events to the run's log stream, heartbeats its readiness
// and load for routing, and serves /healthz, /readyz and /metrics.
import type { Redis } from 'ioredis';
import { RedisUsageLedger } from '../budget/redis.js';
import type { RuntimeConfig } from '../config/runtime.js';
import { errorMessage } from '../core/errors.js';
import type { Clock } from '../engine/clock.js';
import { EventRecorder } from '../engine/event-log.js';
import { fanOut } from '../engine/events.js';
import { TaskError, type AgentTask, type TaskOutcome } from '../engine/ports.js';
import type { Provider } from '../providers/types.js';
import { agentQueue, podQueue, teamRoleQueue } from '../queue/names.js';
import { QueueDispatcher } from '../queue/dispatcher.js';
import { closeRedis, connectRedis } from '../queue/redis-connection.js';
import { RedisQueue } from '../queue/redis.js';
import type { Delivery, Subscription } from '../queue/types.js';
import { observabilityApp } from '../server/health.js';
import { listenHttp, type RunningServer } from '../server/listen.js';
import { RedisEventLog } from '../store/redis-event-log.js';
import type { Logger, Telemetry } from '../telemetry/types.js';
import { MemoryMetrics } from '../telemetry/types.js';
import { runAgentTask, type AgentConfig } from './agent-loop.js';
import { buildAgent, type AgentAssembly, type BuiltAgent, type Locate } from './agent.js';
import { budgetedProvider } from './budget.js';
import { RuntimeMetrics } from './metrics.js';
import { mountedObjectSource } from './mounted-objects.js';
import type { ObjectSource } from './objects.js';
import { ReadinessProbe } from './probe.js';
import { resolveSystemPrompt } from './prompt.js';
import { Heartbeat } from './heartbeat.js';
import { Slots } from './slots.js';

export interface PodDeps {
  config: RuntimeConfig;
  provider: Provider;
  logger: Logger;
  clock: Clock;
  host?: string;
}

export interface AgentPod {
  readonly port: number;
  readonly queue: string;
  /** Stops taking tasks, lets those in flight finish for the grace period, hands the rest back. */
  close(): Promise<void>;
}

/** The queue a pod consumes: AGENT_QUEUE, or its team role's, or its agent's. */
export function podQueueName(config: RuntimeConfig): string {
  if (config.queue) return config.queue;
  if (config.team) return teamRoleQueue(config.namespace, config.team.name, config.team.role ?? config.agent);
  return agentQueue(config.namespace, config.agent);
}

export async function startAgentPod(deps: PodDeps): Promise<AgentPod> {
  const { config, logger, clock } = deps;
  const queueName = podQueueName(config);
  const connections: Redis[] = [];
  const connect = (role: string): Redis => { const redis = connectRedis(config.redisUrl, { logger, role }); connections.push(redis); return redis; };
  const queue = new RedisQueue({ url: config.redisUrl, logger, clock, visibilityTimeoutMs: config.visibilityTimeoutMs, maxDeliveries: config.maxDeliveries });
  const telemetry: Telemetry = { logger, metrics: new MemoryMetrics() };
  const recorder = new EventRecorder(new RedisEventLog(connect('run-log'), () => connect('run-log-follow')), telemetry);
  const metrics = new RuntimeMetrics(config.agent);
  const events = fanOut(telemetry, recorder, metrics);
  const ledger = new RedisUsageLedger(connect('usage'));
  const provider = budgetedProvider(deps.provider, ledger, {
    namespace: config.namespace, agent: config.agent, agentDailyTokens: config.spec.limits.maxDailyTokens,
    ...(config.team ? { team: { name: config.team.name, maxDailyTokens: config.team.maxDailyTokens } } : {}),
  }, clock);
  const objects: ObjectSource = config.objectsDir ? mountedObjectSource(config.objectsDir) : unmountedSource;
  const locate: Locate = (path) => `ArkAgent ${config.namespace}/${config.agent} spec.${path}`;
  const built = await buildAgent({ name: config.agent, spec: config.spec, provider, objects, locate, logger, ...delegation(config, queue) });
  const probe = new ReadinessProbe(config.spec, deps.provider, clock);
  const slots = new Slots(config.spec.limits.maxConcurrentTasks);
  const runTask = async (task: AgentTask, delivery: Delivery): Promise<TaskOutcome> => {
    if (delivery.enqueuedAt !== undefined) metrics.queueWait(clock.now() - delivery.enqueuedAt);
    return slots.run(delivery.signal, async () => {
      // The prompt is read again for every task, so a ConfigMap rollout reaches the next one.
      const [agent, systemPrompt] = await Promise.all([prepared(built), promptFor(config, objects, locate)]);
      return runAgentTask({ ...agent, provider, systemPrompt }, task, delivery.signal, { events, clock, worker: config.pod });
    });
  };
  const onError = (error: Error): void => logger.warn(`queue ${queueName}: ${error.message}`, { queue: queueName });
  const options = { concurrency: config.spec.limits.maxConcurrentTasks, consumer: config.pod, onError };
  const subscriptions: Subscription[] = [queue.consume(queueName, runTask, options), queue.consume(podQueue(queueName, config.pod), runTask, options)];
  probe.start();
  const heartbeat = new Heartbeat(connect('readiness'), { queue: queueName, pod: config.pod, clock, ready: () => probe.notReadyReason() === undefined, active: () => slots.active });
  const server = await listenHttp(observabilityApp(metrics.registry, new Map([['agent', () => probe.notReadyReason()]])), { host: deps.host ?? '0.0.0.0', port: config.port });
  logger.info(`agent ${config.agent} consuming ${queueName} as ${config.pod} (up to ${options.concurrency} tasks); http on ${server.url}`);
  return {
    port: server.port,
    queue: queueName,
    close: () => shutdown({ config, logger, probe, heartbeat, subscriptions, queue, recorder, built, server, connections, ledger }),
  };
}

/** The delegate tool of a team role with CAN_DELEGATE: tasks go to the other roles' queues. */
function delegation(config: RuntimeConfig, queue: RedisQueue): Pick<AgentAssembly, 'delegation'> {
  const team = config.team;
  if (!team || team.canDelegate.length === 0) return {};
  const dispatcher = new QueueDispatcher(queue, (role) => teamRoleQueue(config.namespace, team.name, role));
  return { delegation: { canDelegate: team.canDelegate, dispatcher } };
}

/** The agent with its tool servers connected (on the first task); a failure fails the task. */
async function prepared(built: BuiltAgent): Promise<AgentConfig> {
  try {
    return await built.prepare();
  } catch (error) {
    throw new TaskError(errorMessage(error), undefined, { cause: error });
  }
}

async function promptFor(config: RuntimeConfig, objects: ObjectSource, locate: Locate): Promise<string> {
  try {
    return await resolveSystemPrompt(config.spec, objects, locate);
  } catch (error) {
    throw new TaskError(`cannot resolve the system prompt: ${errorMessage(error)}`);
  }
}

interface Running {
  config: RuntimeConfig; logger: Logger; probe: ReadinessProbe; heartbeat: Heartbeat; subscriptions: Subscription[];
  queue: RedisQueue; recorder: EventRecorder; built: BuiltAgent; server: RunningServer; connections: Redis[]; ledger: RedisUsageLedger;
}

async function shutdown(pod: Running): Promise<void> {
  pod.probe.stop();
  await pod.heartbeat.stop();
  pod.logger.info(`stopping: finishing tasks in flight for up to ${pod.config.graceMs} ms, then handing the rest back`);
  await Promise.all(pod.subscriptions.map((subscription) => subscription.close({ graceMs: pod.config.graceMs })));
  await pod.recorder.flush();
  await pod.queue.close();
  await pod.built.close();
  await pod.server.close();
  await Promise.all(pod.connections.map(closeRedis));
}

const unmountedSource: ObjectSource = {
  value: async () => undefined,
  file: async (path) => { throw new Error(`cannot read ${path}: no OBJECTS_DIR is mounted; fix: mount the prompt and set OBJECTS_DIR`); },
  missingHint: (kind, name) => `mount ${kind} ${name} and set OBJECTS_DIR to the directory holding it`,
};
