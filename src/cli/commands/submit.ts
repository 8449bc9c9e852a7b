// `ark submit <agent | service/name> "<prompt>"`: one task through the ARKONIS API; --wait
// long-polls the task (`tasks/{id}?wait=`) until it finishes and prints its output.
import { getTask, MAX_TASK_WAIT_SECONDS, submitTask, TERMINAL_TASK_PHASES, type TaskObject } from '../remote/api.js';
import { EXIT, remoteAction, withInterrupt } from '../remote/exit.js';
import { checkName, connect } from '../remote/kubeconfig.js';
import { UsageError, type Io } from './io.js';
import type { RemoteFlags } from './remote-flags.js';

const KINDS: Record<string, 'arkagents' | 'arkservices'> = {
  agent: 'arkagents', arkagent: 'arkagents', arkagents: 'arkagents', aoagent: 'arkagents',
  service: 'arkservices', arkservice: 'arkservices', arkservices: 'arkservices', aosvc: 'arkservices', svc: 'arkservices',
};

/** `name` and `agent/name` mean an ArkAgent; `service/name` (or arkservice/, aosvc/) an ArkService. */
export function parseTarget(target: string): string {
  const slash = target.indexOf('/');
  const kind = slash < 0 ? 'agent' : target.slice(0, slash).toLowerCase();
  const plural = KINDS[kind];
  if (plural === undefined) {
    throw new UsageError([`<target> ${JSON.stringify(target)}: unknown kind "${kind}"; fix: write <agent>, agent/<name> or service/<name>`]);
  }
  return `${plural}/${checkName('<target>', target.slice(slash + 1))}`;
}

export function submitCommand(task: { target: string; prompt: string }, flags: RemoteFlags & { wait?: boolean }, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return remoteAction(io, async () => {
    const target = parseTarget(task.target);
    if (task.prompt.trim() === '') throw new UsageError(['<prompt> is empty; fix: give the task as the second argument, e.g. ark submit my-agent "Summarise this"']);
    const conn = connect(flags, env);
    const created = await submitTask(conn, target, task.prompt);
    const id = created.metadata.name;
    io.err(`task/${id} created (${target})`);
    if (!flags.wait) {
      io.out(id);
      return EXIT.ok;
    }
    return withInterrupt(async (signal) => {
      let current: TaskObject | undefined = created;
      while (!done(current)) {
        current = await abortable(getTask(conn, id, MAX_TASK_WAIT_SECONDS), signal);
        if (current === undefined) return EXIT.interrupted;
      }
      return report(current!, io);
    });
  });
}

function done(task: TaskObject | undefined): boolean {
  return task !== undefined && TERMINAL_TASK_PHASES.includes(task.status?.phase ?? 'Pending');
}

/** Ctrl-C during a long poll answers undefined at once; the request closes with the process. */
function abortable(poll: Promise<TaskObject>, signal: AbortSignal): Promise<TaskObject | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    poll.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function report(task: TaskObject, io: Io): number {
  const status = task.status ?? {};
  const tokens = status.tokenUsage ? ` · ${status.tokenUsage.total.toLocaleString('en-US')} tokens` : '';
  const queued = status.queueWaitSeconds === undefined ? '' : ` (queued ${status.queueWaitSeconds.toFixed(2)}s)`;
  const took = status.startTime && status.completionTime ? ` in ${((Date.parse(status.completionTime) - Date.parse(status.startTime)) / 1000).toFixed(2)}s${queued}` : '';
  if (status.phase === 'Succeeded') {
    io.out(status.output ?? '');
    io.err(`Succeeded${took}${tokens}`);
    return EXIT.ok;
  }
  io.err(`Failed${took}${tokens}: ${status.message ?? 'the task failed without a message'}`);
  return EXIT.failed;
}
