// Starts `ark runtime` as a real child process (from source), for tests that kill it,
// signal it or run several. Its JSON log lines are kept for assertions and failure output.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../hack/kube-env/net.js';
import { hasExited, terminateChild } from '../../hack/kube-env/processes.js';

const ENTRY = fileURLToPath(new URL('./ark-entry.ts', import.meta.url));

export interface RuntimeProcess {
  readonly child: ChildProcess;
  readonly pod: string;
  /** Everything it wrote to stderr and stdout. */
  output(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
}

export async function startRuntime(env: Record<string, string>, options: { waitReady?: boolean } = {}): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'runtime'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const process_: RuntimeProcess = {
    child, pod: env.POD_NAME ?? '', output: () => output, exited,
    stop: () => terminateChild(child, { graceMs: 10_000 }),
  };
  if (options.waitReady !== false) {
    await waitFor(`ark runtime ${env.POD_NAME ?? ''} to consume its queue`, async () => output.includes(' consuming '), 20_000,
      () => (hasExited(child) ? `ark runtime exited:\n${output}` : undefined));
  }
  return process_;
}
