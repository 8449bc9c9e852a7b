// The agent runtime's Prometheus metrics, fed from the events the agent loop emits (one
// event model: the run log and the metrics read the same records), plus the queue wait
// the worker measures. Labels are bounded: the agent and the tool name, never a task id.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventSink, RunEvent } from '../engine/events.js';

const SECONDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export class RuntimeMetrics implements EventSink {
  readonly registry = new Registry();
  private readonly started = this.counter('arkonis_tasks_started_total', 'Tasks this pod started.');
  private readonly completed = this.counter('arkonis_tasks_completed_total', 'Tasks this pod completed.');
  private readonly failed = this.counter('arkonis_tasks_failed_total', 'Tasks that failed on this pod (each delivery).');
  private readonly taskSeconds = this.histogram('arkonis_task_duration_seconds', 'Time from task start to its end.');
  private readonly waitSeconds = this.histogram('arkonis_task_queue_wait_seconds', 'Time a task waited in the queue before it started.');
  private readonly llmSeconds = this.histogram('arkonis_llm_call_duration_seconds', 'Duration of one LLM call.');
  private readonly llmCalls = this.counter('arkonis_llm_calls_total', 'LLM calls.');
  private readonly tokens = new Counter({ name: 'arkonis_tokens_total', help: 'Tokens used, by direction.', labelNames: ['agent', 'direction'], registers: [this.registry] });
  private readonly toolCalls = new Counter({ name: 'arkonis_tool_calls_total', help: 'Tool calls.', labelNames: ['agent', 'tool'], registers: [this.registry] });
  private readonly toolErrors = new Counter({ name: 'arkonis_tool_errors_total', help: 'Tool calls that failed.', labelNames: ['agent', 'tool'], registers: [this.registry] });

  constructor(private readonly agent: string) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Time between enqueue and start, measured by the worker. */
  queueWait(ms: number): void {
    this.waitSeconds.observe({ agent: this.agent }, Math.max(0, ms) / 1000);
  }

  emit(event: RunEvent): void {
    const agent = { agent: this.agent };
    switch (event.type) {
      case 'task.started': return this.started.inc(agent);
      case 'task.completed':
        this.completed.inc(agent);
        return this.taskSeconds.observe(agent, event.durationMs / 1000);
      case 'task.failed': return this.failed.inc(agent);
      case 'llm.call':
        this.llmCalls.inc(agent);
        this.llmSeconds.observe(agent, event.durationMs / 1000);
        this.tokens.inc({ ...agent, direction: 'input' }, event.usage.input);
        return this.tokens.inc({ ...agent, direction: 'output' }, event.usage.output);
      case 'tool.call': return this.toolCalls.inc({ ...agent, tool: event.tool });
      case 'tool.result': if (!event.ok) this.toolErrors.inc({ ...agent, tool: event.tool }); return;
      default: return;
    }
  }

  private counter(name: string, help: string): Counter<'agent'> {
    return new Counter({ name, help, labelNames: ['agent'], registers: [this.registry] });
  }

  private histogram(name: string, help: string): Histogram<'agent'> {
    return new Histogram({ name, help, labelNames: ['agent'], buckets: SECONDS, registers: [this.registry] });
  }
}
