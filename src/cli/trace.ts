// `ark run --trace`: the run's span tree (run → steps → tasks → llm/tool calls), built from
// the event stream and printed when the run ends.
import type { EventSink, RunEvent } from '../engine/events.js';

export interface TraceCollector extends EventSink {
  render(): string[];
}

interface TaskSpan { id: string; summary: string; children: string[] }
interface StepSpan { name: string; summary: string; tasks: Map<string, TaskSpan> }

export function traceCollector(): TraceCollector {
  const steps = new Map<string, StepSpan>();
  let root = '';
  const stepOf = (name: string): StepSpan => {
    let span = steps.get(name);
    if (!span) steps.set(name, (span = { name, summary: `step ${name}`, tasks: new Map() }));
    return span;
  };
  const taskOf = (step: string, id: string): TaskSpan => {
    const tasks = stepOf(step).tasks;
    let span = tasks.get(id);
    if (!span) tasks.set(id, (span = { id, summary: `task ${id}`, children: [] }));
    return span;
  };
  return {
    emit(event: RunEvent) {
      const secs = (ms: number): string => `${(ms / 1000).toFixed(3)}s`;
      switch (event.type) {
        case 'run.completed': root = `run ${event.runId} ${event.phase} ${secs(event.durationMs)} tokens=${event.usage.total}`; break;
        case 'step.completed': stepOf(event.step).summary = `step ${event.step} ${event.phase} tokens=${event.usage.total}`; break;
        case 'task.completed': taskOf(event.step, event.taskId).summary = `task ${event.taskId} ${secs(event.durationMs)} tokens=${event.usage.total}`; break;
        case 'task.failed': taskOf(event.step, event.taskId).summary = `task ${event.taskId} failed: ${event.error}`; break;
        case 'llm.call':
          taskOf(event.step, event.taskId).children.push(`llm.call ${event.model} turn=${event.turn} in=${event.usage.input} out=${event.usage.output} ${secs(event.durationMs)} ${event.stopReason}`);
          break;
        case 'tool.result':
          taskOf(event.step, event.taskId).children.push(`tool.call ${event.tool} ${event.ok ? 'ok' : 'error'} ${secs(event.durationMs)}`);
          break;
        default: break;
      }
    },
    render: () => [root, ...[...steps.values()].flatMap(renderStep)],
  };
}

function renderStep(step: StepSpan): string[] {
  return [`├─ ${step.summary}`, ...[...step.tasks.values()].flatMap((task) => [
    `│  ├─ ${task.summary}`,
    ...task.children.map((child) => `│  │  ├─ ${child}`),
  ])];
}
