// The ArkRun controller: watches ArkRuns in every namespace and drives each non-terminal
// one, at most once per process at a time, with the run engine over Redis. Event-driven:
// a watch event or the engine saving a change is what makes it act; nothing polls.
import type { Redis } from 'ioredis';
import type { ArkRunStatus, RunPhase } from '../../api/index.js';
import { errorMessage } from '../../core/errors.js';
import { cancelMessage, runIdOf, runRequests, type RunRequests } from '../../core/run-requests.js';
import type { RunEvent } from '../../engine/events.js';
import { EventRecorder } from '../../engine/event-log.js';
import { Reflector } from '../../kube/reflector.js';
import { ObjectStore } from '../../kube/store.js';
import { closeRedis, connectRedis } from '../../queue/redis-connection.js';
import { RedisQueue } from '../../queue/redis.js';
import { RedisEventLog } from '../../store/redis-event-log.js';
import { deleteRunState } from '../../store/redis-run-cleanup.js';
import { RedisRunStore } from '../../store/redis-run-store.js';
import type { Logger, Telemetry } from '../../telemetry/types.js';
import { MemoryMetrics } from '../../telemetry/types.js';
import { Availability } from './availability.js';
import { decide, isTerminal } from './decide.js';
import { describeFailure, driveRun, failedStatus, queueOfRole } from './driver.js';
import { runEvents } from './events.js';
import { logRunEnd } from './log-end.js';
import { clearCancelRequest, isGone, listRuns, readTeamSpec, RUNS_PATH, toCachedRun, writeRunStatus, type CachedRun } from './kube-status.js';
import { runnableSpec } from './spec.js';
import { projectStatus } from './status.js';
import { StatusWriter } from './status-writer.js';
import type { RunControllerDeps } from './types.js';

interface Active {
  abort: AbortController;
  writer: StatusWriter<ArkRunStatus>;
  deleted: boolean;
  cancel?: { at: string; by?: string };
  /** A cancel request already handled before this retry (it is being cleared). */
  ignoreCancelAt?: string;
  observedRetry?: string;
  done: Promise<void>;
}

export class RunController {
  private readonly store = new ObjectStore<CachedRun>();
  private readonly active = new Map<string, Active>();
  /** Runs this process ended whose terminal status the watch has not shown yet. */
  private readonly settled = new Map<string, { phase: RunPhase; observedRetry?: string }>();
  /** Each run's role → queue map, from its spec: a deleted run's step results are found by it. */
  private readonly queues = new Map<string, (role: string) => string>();
  private readonly availability: Availability;
  private readonly telemetry: Telemetry;
  private readonly redis: Redis;
  private readonly queue: RedisQueue;
  private readonly runStore: RedisRunStore;
  private readonly log: RedisEventLog;
  private readonly recorder: EventRecorder;
  private readonly reflector: Reflector<CachedRun>;
  private stopped = false;

  constructor(private readonly deps: RunControllerDeps) {
    this.availability = new Availability(deps.log);
    const logger = redisLogger(this.availability, deps.log);
    this.telemetry = { logger, metrics: new MemoryMetrics() };
    this.redis = connectRedis(deps.redisUrl, { logger, role: 'run-controller', pipelined: true });
    this.redis.on('ready', () => this.availability.ok('redis'));
    this.queue = new RedisQueue({ url: deps.redisUrl, logger, clock: deps.clock });
    this.runStore = new RedisRunStore(this.redis);
    this.log = new RedisEventLog(this.redis, () => connectRedis(deps.redisUrl, { logger, role: 'run-log-follow' }));
    this.recorder = new EventRecorder(this.log, this.telemetry);
    this.reflector = new Reflector<CachedRun>({
      config: deps.clients.config, path: RUNS_PATH, store: this.store, transform: toCachedRun,
      list: (page) => listRuns(deps.clients, page),
      onError: (error) => this.availability.failed('apiserver (ArkRun watch)', `${error.message}: ${errorMessage(error.cause)}`),
      onChange: (namespace, name, value) => {
        this.availability.ok('apiserver (ArkRun watch)');
        this.reconcile(namespace, name, value);
      },
    });
  }

  async start(): Promise<void> {
    await this.reflector.start();
  }

  /** Stops watching and writing; runs in flight are left to the next leader (their tasks keep running). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.reflector.stop();
    for (const run of this.active.values()) run.writer.close();
    // The store's connection closes first: nothing the engine does after this is saved.
    await closeRedis(this.redis);
    await this.queue.close();
  }

  get activeRuns(): number {
    return this.active.size;
  }

  private reconcile(namespace: string, name: string, value: CachedRun | undefined): void {
    if (this.stopped) return;
    const key = `${namespace}/${name}`;
    const active = this.active.get(key);
    const settled = this.settled.get(key);
    if (value && settled && isTerminal(value.phase) && value.observedRetry === settled.observedRetry) this.settled.delete(key);
    const requests = runRequests(value?.annotations);
    if (active && requests.cancel?.at === active.ignoreCancelAt) delete requests.cancel;
    const action = decide({
      deleted: value === undefined, active: active !== undefined, requests,
      phase: this.settled.get(key)?.phase ?? value?.phase,
      observedRetry: active?.observedRetry ?? this.settled.get(key)?.observedRetry ?? value?.observedRetry,
    });
    if (value) this.rememberQueues(key, value);
    if (action.type === 'cleanup') this.cleanup(namespace, name);
    else if (action.type === 'cancel' && active && requests.cancel) this.cancel(active, requests.cancel);
    else if (action.type === 'drive' && value) this.begin(value, requests, undefined);
    else if (action.type === 'retry' && value) this.begin(value, requests, action);
  }

  /** Once per run: an ArkRun's spec is immutable once admitted. */
  private rememberQueues(key: string, run: CachedRun): void {
    if (this.queues.has(key)) return;
    const checked = runnableSpec(run.name, run.spec);
    if (checked.ok) this.queues.set(key, queueOfRole(run.namespace, checked.spec));
  }

  private cancel(active: Active, cancel: { at: string; by?: string }): void {
    if (active.cancel) return;
    active.cancel = cancel;
    active.abort.abort();
  }

  /** Registers the run as active at once (so no second drive starts), then drives it. */
  private begin(run: CachedRun, requests: RunRequests, retry: { token: string; step?: string } | undefined): void {
    const key = `${run.namespace}/${run.name}`;
    const abort = new AbortController();
    const active: Active = { abort, deleted: false, writer: this.writer(run), done: Promise.resolve() };
    if (retry) {
      active.observedRetry = retry.token;
      if (requests.cancel) {
        active.ignoreCancelAt = requests.cancel.at;
        clearCancelRequest(this.deps.clients, run).catch((error: unknown) => this.deps.log(`runs: ${key}: clearing the handled cancel request failed: ${errorMessage(error)}`));
      }
    } else if (requests.cancel) {
      active.cancel = requests.cancel;
      abort.abort();
    }
    if (run.observedRetry !== undefined) active.observedRetry ??= run.observedRetry;
    this.settled.delete(key);
    this.active.set(key, active);
    active.done = this.drive(run, active, retry).catch((error: unknown) => {
      // A run the engine refuses (its plan cannot be built) ends Failed, saying why.
      this.deps.log(`runs: ${key}: ${describeFailure(error)}`);
      const extra = active.observedRetry !== undefined ? { observedRetry: active.observedRetry } : {};
      return this.finish(run, active, failedStatus(describeFailure(error), this.deps.clock.now(), extra));
    }).finally(() => {
      if (this.active.get(key) === active) this.active.delete(key);
    });
  }

  private async drive(run: CachedRun, active: Active, retry: { token: string; step?: string } | undefined): Promise<void> {
    const runId = runIdOf(run.namespace, run.name);
    const extra = () => ({
      ...(active.observedRetry !== undefined ? { observedRetry: active.observedRetry } : {}),
      ...(run.generation !== undefined ? { observedGeneration: run.generation } : {}),
    });
    const checked = runnableSpec(run.name, run.spec);
    if (!checked.ok) return this.finish(run, active, failedStatus(checked.message, this.deps.clock.now(), extra()));
    const saved = retry ? undefined : await this.runStore.load(runId);
    if (saved && isTerminal(saved.phase)) {
      // Ended before a restart, its final status write lost: write it again, run nothing.
      return this.finish(run, active, projectStatus({ runId, run: saved, steps: saved.steps, ...extra() }));
    }
    const events = runEvents(run, this.deps.recordEvent);
    let last: ArkRunStatus | undefined;
    const withCancel = (status: ArkRunStatus): ArkRunStatus =>
      active.cancel && status.phase === 'Cancelled' ? { ...status, message: cancelMessage(active.cancel) } : status;
    const result = await driveRun({
      queue: this.queue, store: this.runStore, events: this.recorder, clock: this.deps.clock, telemetry: this.telemetry,
      status: (status) => { last = withCancel(status); active.writer.update(last); },
      observe: (event: RunEvent) => events.observe(event),
      teams: (namespace, name) => readTeamSpec(this.deps.clients, namespace, name),
    }, { runId, namespace: run.namespace, spec: checked.spec, signal: active.abort.signal, extra, ...(retry ? { retry: retry.step === undefined ? {} : { step: retry.step } } : {}) });
    await this.recorder.release(runId);
    if (active.deleted || this.stopped) return;
    events.finished(result.phase, active.cancel ? cancelMessage(active.cancel) : result.message);
    await this.finish(run, active, last ?? withCancel(projectStatus({ runId, run: undefined, steps: [], ...extra() })));
  }

  private async finish(run: CachedRun, active: Active, status: ArkRunStatus): Promise<void> {
    if (active.deleted || this.stopped) return;
    // Alongside the status write, which must not wait for Redis.
    const logged = logRunEnd({ log: this.log, recorder: this.recorder, now: () => this.deps.clock.now() }, runIdOf(run.namespace, run.name), status)
      .catch((error: unknown) => this.deps.log(`runs: ${run.namespace}/${run.name}: logging the run's end failed (followers of its log wait for it): ${errorMessage(error)}`));
    active.writer.update(status);
    await Promise.all([active.writer.flush(), logged]);
    if (status.phase && isTerminal(status.phase)) {
      const settled: { phase: RunPhase; observedRetry?: string } = { phase: status.phase };
      if (status.observedRetry !== undefined) settled.observedRetry = status.observedRetry;
      this.settled.set(`${run.namespace}/${run.name}`, settled);
    }
  }

  private writer(run: CachedRun): StatusWriter<ArkRunStatus> {
    const what = 'apiserver (ArkRun status)';
    return new StatusWriter<ArkRunStatus>({
      clock: this.deps.clock,
      write: (status) => writeRunStatus(this.deps.clients, run, status),
      fatal: isGone,
      onError: (error, attempt, delay) => this.availability.failed(what, `${run.namespace}/${run.name}: ${errorMessage(error)} (attempt ${attempt}, next in ${delay} ms)`),
      onRecovered: () => this.availability.ok(what),
    });
  }

  /** A deleted ArkRun: its run stops (in-flight tasks are cancelled) and its Redis state goes. */
  private cleanup(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    this.settled.delete(key);
    const queueOf = this.queues.get(key);
    this.queues.delete(key);
    const active = this.active.get(key);
    const previous = active ? (active.deleted = true, active.writer.close(), active.abort.abort(), active.done) : Promise.resolve();
    void previous.then(() => deleteRunState(this.redis, runIdOf(namespace, name), queueOf)).then(
      (deleted) => { if (deleted > 0) this.deps.log(`runs: ${key} deleted; removed ${deleted} Redis key(s) of its run`); },
      (error: unknown) => this.deps.log(`runs: ${key} deleted; removing its Redis state failed (it expires with the run retention): ${errorMessage(error)}`),
    );
  }
}

/** Redis connection problems become availability changes: one line when lost, one when back. */
function redisLogger(availability: Availability, log: (line: string) => void): Logger {
  return {
    info: (message) => log(`runs: ${message}`),
    warn: (message) => (/redis .*connection lost/.test(message) ? availability.failed('redis', message) : log(`runs: ${message}`)),
    error: (message) => log(`runs: ${message}`),
  };
}
