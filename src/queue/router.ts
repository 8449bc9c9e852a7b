// Routes a task of an ArkService to one pod of its agent: reads the readiness registry,
// applies the service's strategy (src/core/routing.ts) and enqueues on the chosen pod's
// own queue; with no ready, live pod the task goes to the shared queue.
import { choosePod, type RoutingState } from '../core/routing.js';
import type { RoutingStrategy } from '../api/index.js';
import type { Clock } from '../engine/clock.js';
import type { AgentTask } from '../engine/ports.js';
import { podQueue } from './names.js';
import type { ReadinessRegistry } from './readiness.js';
import type { TaskQueue } from './types.js';

export class Router {
  private readonly state: RoutingState = { cursor: 0, random: Math.random };

  constructor(
    private readonly queue: TaskQueue,
    private readonly registry: ReadinessRegistry,
    private readonly strategy: RoutingStrategy,
    private readonly clock: Clock,
  ) {}

  /** Enqueues the task on its chosen pod's queue (or the shared one); → the queue used. */
  async enqueue(queueName: string, task: AgentTask): Promise<string> {
    const pods = await this.registry.pods(queueName);
    const pod = choosePod(this.strategy, pods, this.clock.now(), this.state);
    const target = pod === undefined ? queueName : podQueue(queueName, pod);
    await this.queue.enqueue(target, task);
    return target;
  }
}
