// What a task and a result look like on a Redis stream or key, and the checks a message
// read back must pass. Anything can be written to a stream by anyone with access, so a
// message is data to check, not a value to trust: a malformed one is rejected with the
// reason (the consumer dead-letters it and goes on).
import type { TokenUsage } from '../api/index.js';
import { TaskError, type AgentTask, type TaskOutcome } from '../engine/ports.js';
import type { Settled } from './result-book.js';

/** Tasks larger than this are refused at enqueue and dead-lettered when read. */
export const MAX_TASK_BYTES = 8 * 1024 * 1024;

const KINDS = new Set(['step', 'validate', 'delegate']);

export function encodeTask(task: AgentTask): string {
  const payload = JSON.stringify(task);
  if (Buffer.byteLength(payload) > MAX_TASK_BYTES) {
    throw new TaskError(`task ${task.id} is ${Buffer.byteLength(payload)} bytes, above the ${MAX_TASK_BYTES}-byte limit of a queued task; fix: pass large inputs by reference (a step output is referenced, not copied)`);
  }
  return payload;
}

/** XREADGROUP's reply: per stream, its entries as [entry id, [field, value, …]]; null when none. */
export type StreamReply = [string, [string, string[]][]][] | null;

/** A stream entry's fields, read back. */
export interface TaskEntry {
  entryId: string;
  taskId: string;
  attempt: number;
  /** The task as written (re-sent unchanged when the task is requeued). */
  payload: string;
}

/** Turns XREADGROUP's flat [field, value, …] list into an entry, or the reason it is malformed. */
export function readEntry(entryId: string, fields: readonly string[]): TaskEntry | { entryId: string; taskId?: string; problem: string } {
  const map = fieldMap(fields);
  const taskId = map.get('id');
  const payload = map.get('task');
  const attempt = Number(map.get('attempt'));
  const bad = (problem: string) => ({ entryId, ...(taskId ? { taskId } : {}), problem: `malformed task entry ${entryId}: ${problem}` });
  if (!taskId) return bad('no "id" field');
  if (payload === undefined) return bad('no "task" field');
  if (!Number.isInteger(attempt) || attempt < 1) return bad(`"attempt" is ${JSON.stringify(map.get('attempt'))}, not a positive integer`);
  if (Buffer.byteLength(payload) > MAX_TASK_BYTES) return bad(`the task is ${Buffer.byteLength(payload)} bytes, above the ${MAX_TASK_BYTES}-byte limit`);
  return { entryId, taskId, attempt, payload };
}

/** A stream entry's flat [field, value, …] list as a map. */
export function fieldMap(fields: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  return map;
}

/** Parses and checks a task payload; throws an Error naming the bad field. */
export function decodeTask(payload: string, taskId: string): AgentTask {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch (error) {
    throw new Error(`task ${taskId} is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`task ${taskId} is not a JSON object`);
  const task = value as Record<string, unknown>;
  for (const field of ['id', 'runId', 'step', 'role', 'prompt'] as const) {
    if (typeof task[field] !== 'string') throw new Error(`task ${taskId}: field "${field}" is ${describe(task[field])}, not a string`);
  }
  if (task.id !== taskId) throw new Error(`task ${taskId}: field "id" is ${JSON.stringify(task.id)}, not the entry's id`);
  if (!KINDS.has(task.kind as string)) throw new Error(`task ${taskId}: field "kind" is ${describe(task.kind)}, not one of ${[...KINDS].join(', ')}`);
  if (!isStringRecord(task.inputs)) throw new Error(`task ${taskId}: field "inputs" is not an object of strings`);
  if (task.deadline !== undefined && typeof task.deadline !== 'number') throw new Error(`task ${taskId}: field "deadline" is ${describe(task.deadline)}, not a number`);
  if (task.delegationChain !== undefined && !(Array.isArray(task.delegationChain) && task.delegationChain.every((role) => typeof role === 'string'))) {
    throw new Error(`task ${taskId}: field "delegationChain" is not a list of strings`);
  }
  if (task.recordStart !== undefined && typeof task.recordStart !== 'boolean') throw new Error(`task ${taskId}: field "recordStart" is ${describe(task.recordStart)}, not a boolean`);
  if (task.responseSchema !== undefined && (typeof task.responseSchema !== 'object' || task.responseSchema === null)) {
    throw new Error(`task ${taskId}: field "responseSchema" is not an object`);
  }
  return task as unknown as AgentTask;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value).slice(0, 60);
}

type WireResult = { ok: true; output: string; usage: TokenUsage } | { ok: false; message: string; usage: TokenUsage };

export function encodeResult(result: Settled): string {
  if (result.ok) return JSON.stringify({ ok: true, output: result.outcome.output, usage: result.outcome.usage } satisfies WireResult);
  const usage = result.error instanceof TaskError ? result.error.usage : { input: 0, output: 0, total: 0 };
  return JSON.stringify({ ok: false, message: result.error.message, usage } satisfies WireResult);
}

/** A stored result; one that cannot be read is a failure saying so (the waiter must not hang). */
export function decodeResult(taskId: string, text: string): Settled {
  try {
    const wire = JSON.parse(text) as WireResult;
    if (wire.ok) return { ok: true, outcome: { output: wire.output, usage: wire.usage } satisfies TaskOutcome };
    return { ok: false, error: new TaskError(wire.message, wire.usage) };
  } catch (error) {
    return { ok: false, error: new TaskError(`task ${taskId}: its stored result is not readable (${(error as Error).message})`) };
  }
}

/** Results up to this size travel in their announcement; larger ones are read from their key. */
const ANNOUNCED_RESULT_BYTES = 16 * 1024;

/**
 * A result as stored under `key`, and its announcement on the results channel:
 * `<key>\n<result>`, or only `<key>` for a large result (waiters then read the key).
 */
export function encodeAnnouncement(key: string, result: Settled): { stored: string; announcement: string } {
  const stored = encodeResult(result);
  return { stored, announcement: Buffer.byteLength(stored) <= ANNOUNCED_RESULT_BYTES ? `${key}\n${stored}` : key };
}

/** An announcement read back: the result key, and the stored result when it travelled along. */
export function readAnnouncement(message: string): { key: string; stored?: string } {
  const newline = message.indexOf('\n');
  return newline < 0 ? { key: message } : { key: message.slice(0, newline), stored: message.slice(newline + 1) };
}
