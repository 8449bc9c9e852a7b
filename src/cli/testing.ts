// Runs the `ark` CLI in-process with captured output, as a user would call it.
import { main } from './main.js';
import type { Io } from './commands/io.js';

export interface CliResult { code: number; stdout: string; stderr: string }

export async function ark(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { isTTY: false, write: (text: string) => { out.push(text); return true; } } as unknown as NodeJS.WriteStream,
    out: (line) => { out.push(`${line}\n`); },
    err: (line) => { err.push(`${line}\n`); },
  };
  const code = await main(args, io, env);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
