// The routes the remote commands use: the aggregated API runtime.arkonis.dev/v1alpha1
// (contract C3: logs, tasks, runs, retry, cancel) and the ArkRun CRD of arkonis.dev read
// through the Kubernetes API (get, list, watch).
import type { ArkRunSpec, ArkRunStatus } from '../../api/index.js';
import { callJson, callLines } from './http.js';
import type { Connection } from './kubeconfig.js';

export const RUNTIME_API = '/apis/runtime.arkonis.dev/v1alpha1';
export const CRD_API = '/apis/arkonis.dev/v1alpha1';
/** Longest `?wait=` the tasks route accepts (C3). */
export const MAX_TASK_WAIT_SECONDS = 60;
export const TERMINAL_TASK_PHASES = ['Succeeded', 'Failed'];

export interface ArkRunObject {
  metadata: { name: string; namespace?: string; creationTimestamp?: string; labels?: Record<string, string>; resourceVersion?: string };
  spec?: Partial<ArkRunSpec>;
  status?: ArkRunStatus;
}

export interface ArkRunList { metadata: { resourceVersion?: string }; items: ArkRunObject[] }

export interface TaskObject {
  metadata: { name: string; namespace?: string; creationTimestamp?: string };
  spec: { target: string; prompt: string };
  status?: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
    output?: string; message?: string; startTime?: string; completionTime?: string; queueWaitSeconds?: number;
    tokenUsage?: { input: number; output: number; total: number };
  };
}

export interface LogQuery { step?: string; follow?: boolean; timestamps?: boolean; format?: 'json'; tailLines?: number; sinceSeconds?: number }

export type WatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: ArkRunObject } | { type: 'ERROR'; object: { message?: string; code?: number; reason?: string } } | { type: 'BOOKMARK'; object: ArkRunObject };

const ns = (conn: Connection): string => `/namespaces/${encodeURIComponent(conn.namespace)}`;
const seg = encodeURIComponent;

export function createRun(conn: Connection, team: string, input: Record<string, unknown>): Promise<ArkRunObject> {
  const body = Object.keys(input).length > 0 ? { input } : {};
  return callJson(conn, { method: 'POST', path: `${RUNTIME_API}${ns(conn)}/arkteams/${seg(team)}/runs`, body });
}

export function retryRun(conn: Connection, run: string, step: string | undefined): Promise<ArkRunObject> {
  return callJson(conn, { method: 'POST', path: `${RUNTIME_API}${ns(conn)}/arkruns/${seg(run)}/retry`, body: step === undefined ? {} : { step } });
}

export function cancelRun(conn: Connection, run: string): Promise<ArkRunObject> {
  return callJson(conn, { method: 'POST', path: `${RUNTIME_API}${ns(conn)}/arkruns/${seg(run)}/cancel`, body: {} });
}

export function runLog(conn: Connection, run: string, query: LogQuery, signal?: AbortSignal): AsyncGenerator<string> {
  return callLines(conn, { method: 'GET', path: `${RUNTIME_API}${ns(conn)}/arkruns/${seg(run)}/log`, query: { ...query }, ...(signal ? { signal } : {}) });
}

/** `target` is `arkagents/<name>` or `arkservices/<name>`. */
export function submitTask(conn: Connection, target: string, prompt: string): Promise<TaskObject> {
  return callJson(conn, { method: 'POST', path: `${RUNTIME_API}${ns(conn)}/${target}/tasks`, body: { prompt } });
}

export function getTask(conn: Connection, id: string, waitSeconds?: number): Promise<TaskObject> {
  return callJson(conn, { method: 'GET', path: `${RUNTIME_API}${ns(conn)}/tasks/${seg(id)}`, query: { wait: waitSeconds } });
}

export function getRun(conn: Connection, run: string): Promise<ArkRunObject> {
  return callJson(conn, { method: 'GET', path: `${CRD_API}${ns(conn)}/arkruns/${seg(run)}` });
}

export function listRuns(conn: Connection, labelSelector?: string): Promise<ArkRunList> {
  return callJson(conn, { method: 'GET', path: `${CRD_API}${ns(conn)}/arkruns`, query: { labelSelector } });
}

/** A watch of one ArkRun from `resourceVersion` on: one event per line until the server ends it. */
export async function* watchRun(conn: Connection, run: string, resourceVersion: string | undefined, signal?: AbortSignal): AsyncGenerator<WatchEvent> {
  const query = { watch: true, fieldSelector: `metadata.name=${run}`, resourceVersion, allowWatchBookmarks: true };
  for await (const line of callLines(conn, { method: 'GET', path: `${CRD_API}${ns(conn)}/arkruns`, query, ...(signal ? { signal } : {}) })) {
    if (line.trim() !== '') yield JSON.parse(line) as WatchEvent;
  }
}
