// GET namespaces/{ns}/arkruns/{name}/log: the run's events from its Redis log stream.
// Without follow: the stored events, filtered, as one answer. With follow: the same, then
// each new event as it is appended until the run ends (EventLog.follow: at its
// run.completed, a Cancelled or Failed run's too; a run that has ended answers at once).
// A slow reader is back-pressured: no event is read from Redis while the socket's buffer
// is full, so memory stays bounded by one read batch; a client that goes away aborts the
// follow and frees its connection.
import type { Request, Response } from 'express';
import { endedIn, type EventLog } from '../src/engine/event-log.js';
import type { LoggedEvent } from '../src/engine/events.js';
import type { Clock } from '../src/engine/clock.js';
import type { ClusterApi } from './kube.js';
import { formatEvent, matches } from './log-format.js';
import type { LogFilter, LogFormat } from './log-format.js';
import { logQuery, parse } from './queries.js';
import { runIdOf } from './run-id.js';
import { notFound } from './status.js';

export interface LogDeps {
  cluster: ClusterApi;
  events: EventLog;
  clock: Clock;
}

export async function serveRunLog(deps: LogDeps, req: Request, res: Response): Promise<void> {
  const query = parse(logQuery, req.query, 'query');
  const { ns = '', name = '' } = req.params as Record<string, string>;
  if ((await deps.cluster.get(ns, 'arkruns', name)) === undefined) {
    throw notFound(`arkruns.arkonis.dev "${name}" not found`, { name, group: 'arkonis.dev', kind: 'arkruns' });
  }
  const runId = runIdOf(ns, name);
  const filter: LogFilter = {
    ...(query.step !== undefined ? { step: query.step } : {}),
    ...(query.sinceSeconds !== undefined ? { since: deps.clock.now() - query.sinceSeconds * 1000 } : {}),
  };
  const format: LogFormat = { json: query.format === 'json', timestamps: query.timestamps === true };
  const stored = await deps.events.read(runId);
  const shown = stored.filter((event) => matches(event, filter));
  const tail = query.tailLines === undefined ? shown : shown.slice(Math.max(0, shown.length - query.tailLines));
  res.status(200).type(format.json ? 'application/x-ndjson' : 'text/plain; charset=utf-8');
  if (query.follow !== true || endedIn(stored) === true) {
    res.end(tail.map((event) => formatEvent(event, format)).join(''));
    return;
  }
  res.flushHeaders();
  await streamFollow({ deps, res, runId, format, filter }, tail, stored.at(-1)?.seq ?? 0);
}

interface FollowContext {
  deps: LogDeps;
  res: Response;
  runId: string;
  format: LogFormat;
  filter: LogFilter;
}

async function streamFollow(context: FollowContext, first: readonly LoggedEvent[], after: number): Promise<void> {
  const { res } = context;
  const abort = new AbortController();
  const onClose = (): void => abort.abort();
  res.on('close', onClose);
  try {
    for (const event of first) if (!(await write(res, formatEvent(event, context.format), abort.signal))) return;
    for await (const event of context.deps.events.follow(context.runId, after, abort.signal)) {
      if (!matches(event, context.filter)) continue;
      if (!(await write(res, formatEvent(event, context.format), abort.signal))) return;
    }
  } finally {
    res.off('close', onClose);
    abort.abort();
    if (!res.writableEnded) res.end();
  }
}

/** Writes a chunk; when the socket's buffer is full, waits for it to drain. False when the client left. */
async function write(res: Response, chunk: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed) return false;
  if (res.write(chunk)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (drained: boolean) => (): void => {
      res.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      resolve(drained);
    };
    const onDrain = done(true);
    const onAbort = done(false);
    res.once('drain', onDrain);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
