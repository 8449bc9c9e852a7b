// Waits for an ArkRun to reach a terminal phase by watching it through the Kubernetes API
// (no polling): read it once, then watch from that resourceVersion; a watch the server
// closes (its timeout) or expires (410 Gone) starts again from a fresh read.
import { TERMINAL_RUN_PHASES, type RunPhase } from '../../api/index.js';
import { getRun, watchRun, type ArkRunObject } from './api.js';
import type { Connection } from './kubeconfig.js';
import { ServerError } from './status-error.js';

export function isTerminal(run: ArkRunObject): boolean {
  return run.status?.phase !== undefined && TERMINAL_RUN_PHASES.includes(run.status.phase as RunPhase);
}

/** The run in its terminal phase, or undefined when the signal fired first. */
export async function awaitRun(conn: Connection, name: string, signal?: AbortSignal): Promise<ArkRunObject | undefined> {
  while (!signal?.aborted) {
    const run = await getRun(conn, name);
    if (isTerminal(run)) return run;
    const ended = await watchUntilTerminal(conn, run, signal);
    if (ended) return ended;
  }
  return undefined;
}

/** Follows one watch; the terminal run, or undefined when the watch ended without one. */
async function watchUntilTerminal(conn: Connection, run: ArkRunObject, signal?: AbortSignal): Promise<ArkRunObject | undefined> {
  for await (const event of watchRun(conn, run.metadata.name, run.metadata.resourceVersion, signal)) {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) return undefined;
      throw new ServerError(event.object.code ?? 500, { ...event.object });
    }
    if (event.type === 'DELETED') {
      throw new ServerError(404, { reason: 'NotFound', message: `arkruns.arkonis.dev "${run.metadata.name}" was deleted before it finished` });
    }
    if (event.type !== 'BOOKMARK' && isTerminal(event.object)) return event.object;
  }
  return undefined;
}
