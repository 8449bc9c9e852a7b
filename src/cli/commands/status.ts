// `ark status [run]`: the ArkRuns of a namespace as a kubectl-style table (Team, Phase,
// Tokens, Started, Age), or one run with a row per step; read through the Kubernetes API.
// `ark status task-<id>` shows a task of `ark submit` (through the ARKONIS API).
import { getRun, getTask, listRuns } from '../remote/api.js';
import { EXIT, remoteAction } from '../remote/exit.js';
import { runDetail, runsTable, taskDetail } from '../remote/format.js';
import { checkName, connect } from '../remote/kubeconfig.js';
import type { Io } from './io.js';
import type { RemoteFlags } from './remote-flags.js';

/** The ids the ARKONIS API gives tasks; an ArkRun is never named so (its names end in a team's suffix). */
const TASK_ID = /^task-[0-9a-f]{20}$/;

export function statusCommand(run: string | undefined, flags: RemoteFlags & { team?: string }, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return remoteAction(io, async () => {
    if (run !== undefined) checkName('<run>', run);
    if (flags.team !== undefined) checkName('--team', flags.team);
    const conn = connect(flags, env);
    if (run !== undefined && TASK_ID.test(run)) {
      for (const line of taskDetail(await getTask(conn, run), Date.now())) io.out(line);
      return EXIT.ok;
    }
    if (run !== undefined) {
      for (const line of runDetail(await getRun(conn, run), Date.now())) io.out(line);
      return EXIT.ok;
    }
    const list = await listRuns(conn, flags.team === undefined ? undefined : `arkonis.dev/team=${flags.team}`);
    if (list.items.length === 0) {
      io.err(`No runs found in ${conn.namespace} namespace${flags.team === undefined ? '' : ` for team ${flags.team}`}.`);
      return EXIT.ok;
    }
    for (const line of runsTable(list.items, Date.now())) io.out(line);
    return EXIT.ok;
  });
}
