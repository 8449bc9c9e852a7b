// `ark trigger <team>`: creates an ArkRun through the ARKONIS API (so admission applies);
// --watch follows its event log per step, --sync waits for its terminal phase; either ends
// with the summary line `ark run` ends with, and exits 1 unless the run Succeeded.
import type { RunEvent } from '../../engine/events.js';
import { parseInputFlags } from '../input.js';
import { createRun, runLog, type ArkRunObject } from '../remote/api.js';
import { awaitRun } from '../remote/await-run.js';
import { EXIT, remoteAction, withInterrupt } from '../remote/exit.js';
import { runSummary } from '../remote/format.js';
import { checkName, connect, type Connection } from '../remote/kubeconfig.js';
import { watchView } from '../watch.js';
import { UsageError, type Io } from './io.js';
import type { RemoteFlags } from './remote-flags.js';

export interface TriggerFlags extends RemoteFlags {
  input: string[];
  watch?: boolean;
  sync?: boolean;
}

export function triggerCommand(team: string, flags: TriggerFlags, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return remoteAction(io, async () => {
    checkName('<team>', team);
    const input = inputOf(flags.input);
    const conn = connect(flags, env);
    const created = await createRun(conn, team, input);
    const name = created.metadata.name;
    io.err(`arkrun.arkonis.dev/${name} created`);
    if (!flags.watch && !flags.sync) {
      io.out(name);
      return EXIT.ok;
    }
    return withInterrupt(async (signal) => {
      if (flags.watch) await followEvents(conn, name, io, { signal, live: io.stdout.isTTY === true && !env.NO_COLOR });
      const done = await awaitRun(conn, name, signal);
      if (!done) return EXIT.interrupted;
      report(done, io, flags.watch === true);
      return done.status?.phase === 'Succeeded' ? EXIT.ok : EXIT.failed;
    });
  });
}

function inputOf(values: string[]): Record<string, unknown> {
  try {
    return parseInputFlags(values);
  } catch (error) {
    throw new UsageError([(error as Error).message]);
  }
}

/** The run's events (`?format=json`) drawn by the same live view as `ark run --watch`. */
async function followEvents(conn: Connection, run: string, io: Io, { signal, live }: { signal: AbortSignal; live: boolean }): Promise<void> {
  const view = watchView(io.stdout, live);
  try {
    for await (const line of runLog(conn, run, { follow: true, format: 'json' }, signal)) {
      const event = parseEvent(line);
      if (event) view.emit(event);
    }
  } finally {
    view.stop();
  }
}

function parseEvent(line: string): RunEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const event = JSON.parse(line) as RunEvent;
    return typeof event === 'object' && event !== null && typeof event.type === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

function report(run: ArkRunObject, io: Io, watched: boolean): void {
  const output = run.status?.output?.trimEnd();
  if (output) io.out(watched ? `\n${output}\n` : output);
  io.out(runSummary(run));
}
