// The Task object of C3, built from what was recorded at submission, the task's result and
// its times: Pending until a runtime claimed it, Running until it has a result.
import type { Settled } from '../src/queue/result-book.js';
import { GROUP_VERSION } from './discovery.js';
import type { TaskRecord, TaskTimes } from './task-records.js';

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
    /** RFC 3339 with milliseconds (tasks often take less than a second). */
    startTime?: string;
    completionTime?: string;
    /** From submission to the claim by a runtime. */
    queueWaitSeconds?: number;
  };
}

export function taskObject(id: string, record: TaskRecord, result: Settled | undefined, times: TaskTimes = {}): TaskObject {
  const object: TaskObject = {
    apiVersion: GROUP_VERSION, kind: 'Task',
    metadata: { name: id, namespace: record.namespace, creationTimestamp: rfc3339(record.created) },
    spec: { target: record.target, prompt: record.prompt },
    status: { phase: times.startedAt === undefined ? 'Pending' : 'Running' },
  };
  if (result?.ok === true) {
    object.status = { phase: 'Succeeded', output: result.outcome.output, tokenUsage: { ...result.outcome.usage } };
  } else if (result?.ok === false) {
    object.status = { phase: 'Failed', message: result.error.message };
    const usage = (result.error as { usage?: { input: number; output: number; total: number } }).usage;
    if (usage !== undefined) object.status.tokenUsage = { ...usage };
  }
  Object.assign(object.status, timeFields(record, result === undefined ? { ...times, completedAt: undefined } : times));
  return object;
}

function timeFields(record: TaskRecord, times: TaskTimes): Partial<TaskObject['status']> {
  const fields: Partial<TaskObject['status']> = {};
  if (times.startedAt !== undefined) {
    fields.startTime = new Date(times.startedAt).toISOString();
    fields.queueWaitSeconds = Math.max(0, times.startedAt - record.created) / 1000;
  }
  if (times.completedAt !== undefined) fields.completionTime = new Date(times.completedAt).toISOString();
  return fields;
}

/** RFC3339 to the second, as Kubernetes writes metadata times. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
