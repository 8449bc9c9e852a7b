// `ark retry <run> [--step s]` and `ark cancel <run>`: ask the ARKONIS API, which records
// the request on the ArkRun (annotations the run controller acts on).
import { cancelRun, retryRun } from '../remote/api.js';
import { EXIT, remoteAction } from '../remote/exit.js';
import { checkName, connect } from '../remote/kubeconfig.js';
import type { Io } from './io.js';
import type { RemoteFlags } from './remote-flags.js';

export function retryCommand(run: string, flags: RemoteFlags & { step?: string }, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return remoteAction(io, async () => {
    checkName('<run>', run);
    if (flags.step !== undefined) checkName('--step', flags.step);
    const answer = await retryRun(connect(flags, env), run, flags.step);
    io.out(`arkrun.arkonis.dev/${answer.metadata.name} retry requested${flags.step === undefined ? ' (failed steps)' : ` (step ${flags.step})`}`);
    return EXIT.ok;
  });
}

export function cancelCommand(run: string, flags: RemoteFlags, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return remoteAction(io, async () => {
    checkName('<run>', run);
    const answer = await cancelRun(connect(flags, env), run);
    io.out(`arkrun.arkonis.dev/${answer.metadata.name} cancel requested`);
    return EXIT.ok;
  });
}
