// Exit codes of the remote commands: 0 ok, 1 run failed or server error, 2 usage (a flag,
// an argument or the kubeconfig needs changing), 130 interrupted. Errors are printed here,
// once, as kubectl prints them.
import { errorMessage } from '../../core/errors.js';
import { UsageError, type Io } from '../commands/io.js';
import { ConnectError, ServerError } from './status-error.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Runs a remote command and turns what it throws into a message and an exit code. */
export async function remoteAction(io: Io, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof UsageError) {
      for (const line of error.lines) io.err(`error: ${line}`);
      return EXIT.usage;
    }
    if (error instanceof ServerError || error instanceof ConnectError) {
      io.err(error.message);
      return EXIT.failed;
    }
    io.err(`error: ${errorMessage(error)}`);
    return EXIT.failed;
  }
}

/** An AbortSignal that fires on Ctrl-C while `use` runs; the handler is removed afterwards. */
export async function withInterrupt<T>(use: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    return await use(abort.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
