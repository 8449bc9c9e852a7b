// The commands that work with a cluster (trigger, logs, submit, status, retry, cancel):
// flags as kubectl users know them, and the modules that talk to the cluster (client-node
// among them) imported only when one of these commands runs, so `ark run` stays lean.
import { InvalidArgumentError, type Command } from 'commander';
import type { Io } from './io.js';
import { EXIT } from '../remote/exit.js';

export interface RemoteFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

type SetCode = (code: number) => void;

export function addRemoteCommands(program: Command, io: Io, env: NodeJS.ProcessEnv, setCode: SetCode): void {
  const command = (name: string, description: string): Command => remote(program.command(name).description(description));

  command('trigger', 'start a run of an ArkTeam in the cluster (through the ARKONIS API, so admission applies)')
    .argument('<team>', 'the ArkTeam')
    .option('-i, --input <value>', 'run input: key=value or a JSON object (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('-w, --watch', 'follow the run\'s progress, per step, until it ends')
    .option('--sync', 'wait until the run ends; exit 1 unless it Succeeded')
    .action(async (team: string, flags: RemoteFlags & { input: string[]; watch?: boolean; sync?: boolean }) => {
      const { triggerCommand } = await import('./trigger.js');
      setCode(await triggerCommand(team, flags, env, io));
    });

  command('logs', 'print the event log of an ArkRun')
    .argument('<run>', 'the ArkRun')
    .option('-f, --follow', 'stream new events until the run ends')
    .option('--step <name>', 'only the events of this step')
    .option('--timestamps', 'prefix each line with its RFC 3339 time')
    .option('--tail <lines>', 'only the last N lines', wholeNumber('--tail'))
    .option('--since <seconds>', 'only events of the last N seconds', wholeNumber('--since'))
    .action(async (run: string, flags: RemoteFlags & { follow?: boolean; step?: string; timestamps?: boolean; tail?: number; since?: number }) => {
      const { logsCommand } = await import('./logs.js');
      setCode(await logsCommand(run, flags, env, io));
    });

  command('submit', 'submit one task to an ArkAgent, or to an ArkService\'s agents (service/<name>)')
    .argument('<target>', '<agent>, agent/<name> or service/<name>')
    .argument('<prompt>', 'the task')
    .option('--wait', 'wait for the task to finish and print its output')
    .action(async (target: string, prompt: string, flags: RemoteFlags & { wait?: boolean }) => {
      const { submitCommand } = await import('./submit.js');
      setCode(await submitCommand({ target, prompt }, flags, env, io));
    });

  command('status', 'list the ArkRuns of a namespace, or show one run and its steps')
    .argument('[run]', 'one ArkRun')
    .option('--team <name>', 'only the runs of this team')
    .action(async (run: string | undefined, flags: RemoteFlags & { team?: string }) => {
      const { statusCommand } = await import('./status.js');
      setCode(await statusCommand(run, flags, env, io));
    });

  command('retry', 'retry the failed steps of an ArkRun')
    .argument('<run>', 'the ArkRun')
    .option('--step <name>', 'retry this step only')
    .action(async (run: string, flags: RemoteFlags & { step?: string }) => {
      const { retryCommand } = await import('./run-actions.js');
      setCode(await retryCommand(run, flags, env, io));
    });

  command('cancel', 'cancel a running ArkRun')
    .argument('<run>', 'the ArkRun')
    .action(async (run: string, flags: RemoteFlags) => {
      const { cancelCommand } = await import('./run-actions.js');
      setCode(await cancelCommand(run, flags, env, io));
    });
}

/** The connection flags every remote command takes; a usage error exits 2. */
function remote(command: Command): Command {
  return command
    .option('--kubeconfig <file>', 'kubeconfig to use (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use (default: the current context)')
    .option('-n, --namespace <ns>', 'namespace (default: the context\'s namespace, else default)')
    .exitOverride((error) => {
      throw Object.assign(error, { exitCode: error.exitCode === 0 ? 0 : EXIT.usage });
    });
}

function wholeNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag}: expected a whole number ≥ 0, got "${value}"`);
    return n;
  };
}
