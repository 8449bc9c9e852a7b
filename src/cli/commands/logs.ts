// `ark logs <run>`: the run's event log from the ARKONIS API, one event per line as the
// server words it; -f streams until the run ends, and Ctrl-C stops it cleanly (exit 130).
import { runLog, type LogQuery } from '../remote/api.js';
import { EXIT, remoteAction, withInterrupt } from '../remote/exit.js';
import { checkName, connect } from '../remote/kubeconfig.js';
import type { Io } from './io.js';
import type { RemoteFlags } from './remote-flags.js';

export interface LogsFlags extends RemoteFlags {
  follow?: boolean;
  step?: string;
  timestamps?: boolean;
  tail?: number;
  since?: number;
}

export function logsCommand(run: string, flags: LogsFlags, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return remoteAction(io, async () => {
    checkName('<run>', run);
    if (flags.step !== undefined) checkName('--step', flags.step);
    const conn = connect(flags, env);
    const query: LogQuery = {
      ...(flags.follow ? { follow: true } : {}),
      ...(flags.step !== undefined ? { step: flags.step } : {}),
      ...(flags.timestamps ? { timestamps: true } : {}),
      ...(flags.tail !== undefined ? { tailLines: flags.tail } : {}),
      ...(flags.since !== undefined ? { sinceSeconds: flags.since } : {}),
    };
    return withInterrupt(async (signal) => {
      for await (const line of runLog(conn, run, query, signal)) io.out(line);
      return signal.aborted ? EXIT.interrupted : EXIT.ok;
    });
  });
}
