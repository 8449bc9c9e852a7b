// The Task object of C3, built from what was recorded at submission and the task's result.
import type { Settled } from '../src/queue/result-book.js';
import { GROUP_VERSION } from './discovery.js';
import type { TaskRecord } from './task-records.js';

export type TaskPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface TaskObject {
  apiVersion: string;
  kind: 'Task';
  metadata: { name: string; namespace: string; creationTimestamp: string };
  spec: { target: string; prompt: string };
  status: {
    phase: TaskPhase;
    output?: string;
    message?: string;
    tokenUsage?: { input: number; output: number; total: number };
    startTime?: string;
    completionTime?: string;
  };
}

export function taskObject(id: string, record: TaskRecord, result: Settled | undefined): TaskObject {
  const object: TaskObject = {
    apiVersion: GROUP_VERSION, kind: 'Task',
    metadata: { name: id, namespace: record.namespace, creationTimestamp: rfc3339(record.created) },
    spec: { target: record.target, prompt: record.prompt },
    status: { phase: 'Pending' },
  };
  if (result?.ok === true) {
    object.status = { phase: 'Succeeded', output: result.outcome.output, tokenUsage: { ...result.outcome.usage } };
  } else if (result?.ok === false) {
    object.status = { phase: 'Failed', message: result.error.message };
    const usage = (result.error as { usage?: { input: number; output: number; total: number } }).usage;
    if (usage !== undefined) object.status.tokenUsage = { ...usage };
  }
  return object;
}

/** RFC3339 to the second, as Kubernetes writes metadata times. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
