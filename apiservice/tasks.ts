// Task submission (POST namespaces/{ns}/arkagents|arkservices/{name}/tasks) and status
// (GET namespaces/{ns}/tasks/{id}). The aggregator runs no admission for this group, so
// the budget check of the webhook (src/budget checkBudgets) and the queue's backpressure
// are applied here: 403 with the budget that is spent, 429 with Retry-After when full.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { RoutingStrategy } from '../src/api/index.js';
import { checkBudgets } from '../src/budget/index.js';
import type { BudgetObject, LabelledTeam, UsageSnapshot } from '../src/budget/index.js';
import type { Clock } from '../src/engine/clock.js';
import type { AgentTask } from '../src/engine/ports.js';
import { ROLE_LABEL, TEAM_LABEL } from '../src/controller/agent/labels.js';
import { queueOfAgent } from '../src/queue/names.js';
import type { ReadinessRegistry } from '../src/queue/readiness.js';
import type { Settled } from '../src/queue/result-book.js';
import { Router } from '../src/queue/router.js';
import { QueueFullError } from '../src/queue/types.js';
import type { TaskQueue } from '../src/queue/types.js';
import type { ArkObject, ClusterApi } from './kube.js';
import { parse, taskBody, taskQuery } from './queries.js';
import { ApiError, forbidden, notFound } from './status.js';
import { taskObject } from './task-object.js';
import type { TaskObject } from './task-object.js';
import type { TaskRecords, TaskTimes } from './task-records.js';

/** What budget checks read: the operator's watched caches and usage snapshot. */
export interface BudgetView {
  budgets(namespace: string): readonly BudgetObject[];
  teams(namespace: string): readonly LabelledTeam[];
  team(namespace: string, name: string): Promise<{ spec?: { limits?: { maxDailyTokens?: number | undefined } | undefined } | undefined } | undefined>;
  usage(): UsageSnapshot;
}

export interface TaskDeps {
  cluster: ClusterApi;
  queue: TaskQueue;
  registry: ReadinessRegistry;
  records: TaskRecords;
  clock: Clock;
  /** Undefined: budgets are not enforced (--no-budgets). */
  budgets?: BudgetView;
}

const RETRY_AFTER_SECONDS = 5;

export class TaskService {
  private readonly routers = new Map<string, Router>();

  constructor(private readonly deps: TaskDeps) {}

  async submit(kind: 'arkagents' | 'arkservices', req: Request): Promise<TaskObject> {
    const body = parse(taskBody, req.body, 'body');
    const { ns = '', name = '' } = req.params as Record<string, string>;
    const service = kind === 'arkservices' ? await this.mustGet(ns, 'arkservices', name) : undefined;
    const agentName = service === undefined ? name : serviceAgent(service);
    const agent = await this.mustGet(ns, 'arkagents', agentName);
    const labels = agent.metadata?.labels ?? {};
    const team = labels[TEAM_LABEL];
    const queueName = queueOfAgent(ns, agentName, labels);
    await this.checkBudget(ns, agentName, team);
    const id = `task-${randomBytes(10).toString('hex')}`;
    const task: AgentTask = {
      id, runId: id, step: 'task', role: labels[ROLE_LABEL] ?? agentName, kind: 'step', prompt: body.prompt, inputs: { ...body.inputs, prompt: body.prompt }, recordStart: true,
    };
    const record = { namespace: ns, target: `${kind}/${name}`, prompt: body.prompt, created: this.deps.clock.now(), queue: queueName };
    await this.deps.records.save(id, record);
    try {
      record.queue = service === undefined ? (await this.deps.queue.enqueue(queueName, task), queueName) : await this.router(ns, name, service).enqueue(queueName, task);
    } catch (error) {
      if (error instanceof QueueFullError) throw new ApiError(429, 'TooManyRequests', error.message, { retryAfterSeconds: RETRY_AFTER_SECONDS });
      throw error;
    }
    return taskObject(id, record, undefined);
  }

  async status(req: Request, res: Response): Promise<TaskObject> {
    const query = parse(taskQuery, req.query, 'query');
    const { ns = '', id = '' } = req.params as Record<string, string>;
    const record = /^task-[0-9a-f]{20}$/.test(id) ? await this.deps.records.load(id) : undefined;
    if (record === undefined || record.namespace !== ns) throw notFound(`tasks.runtime.arkonis.dev "${id}" not found`, { name: id, group: 'runtime.arkonis.dev', kind: 'tasks' });
    let [result, times] = await this.progress(id, record.queue);
    if (result === undefined && query.wait !== undefined && query.wait > 0) {
      const signal = AbortSignal.any([AbortSignal.timeout(query.wait * 1000), closed(res)]);
      await this.deps.queue.result(record.queue, id, signal).catch(() => undefined);
      [result, times] = await this.progress(id, record.queue);
    }
    return taskObject(id, record, result, times);
  }

  /** The result and the times, read together (one round trip on the pipelined connection). */
  private progress(id: string, queue: string): Promise<[Settled | undefined, TaskTimes]> {
    return Promise.all([this.deps.queue.peek(queue, id), this.deps.records.times(id, queue, this.deps.clock.now())]);
  }

  private async mustGet(ns: string, plural: 'arkagents' | 'arkservices', name: string): Promise<ArkObject> {
    const object = await this.deps.cluster.get(ns, plural, name);
    if (object === undefined) throw notFound(`${plural}.arkonis.dev "${name}" not found`, { name, group: 'arkonis.dev', kind: plural });
    return object;
  }

  private async checkBudget(namespace: string, agent: string, teamName: string | undefined): Promise<void> {
    const view = this.deps.budgets;
    if (view === undefined) return;
    const teamObject = teamName === undefined ? undefined : await view.team(namespace, teamName);
    const labels = teamName === undefined ? undefined : view.teams(namespace).find((t) => t.name === teamName)?.labels ?? {};
    const target = {
      namespace, agents: [agent],
      ...(teamName !== undefined ? { team: { name: teamName, labels: labels ?? {}, maxDailyTokens: teamObject?.spec?.limits?.maxDailyTokens } } : {}),
    };
    const denied = checkBudgets(target, { budgets: view.budgets(namespace), usage: view.usage(), now: this.deps.clock.now(), teams: view.teams(namespace) })
      .filter((issue) => issue.severity === 'error');
    if (denied.length > 0) throw forbidden(`task for arkagents/${agent} denied: ${denied.map((i) => i.message).join('; ')}`);
  }

  /** One router per service keeps the strategy's state (the round-robin cursor) across submissions. */
  private router(ns: string, name: string, service: ArkObject): Router {
    const strategy = ((service.spec?.routing as { strategy?: RoutingStrategy } | undefined)?.strategy ?? 'round-robin');
    const key = `${ns}/${name}/${strategy}`;
    let router = this.routers.get(key);
    if (router === undefined) {
      if (this.routers.size >= 10_000) this.routers.clear();
      this.routers.set(key, (router = new Router(this.deps.queue, this.deps.registry, strategy, this.deps.clock)));
    }
    return router;
  }
}

function serviceAgent(service: ArkObject): string {
  const agent = (service.spec?.selector as { arkAgent?: unknown } | undefined)?.arkAgent;
  if (typeof agent !== 'string' || agent === '') throw new ApiError(422, 'Invalid', `arkservices "${service.metadata?.name ?? ''}": spec.selector.arkAgent is not set; fix: set it to the ArkAgent that serves the tasks`);
  return agent;
}

function closed(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}
