// Where commands write, so tests can capture it; and the error that means "the user must
// change something" (printed without a stack, exit code 1).

export interface Io {
  stdout: NodeJS.WriteStream;
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  stdout: process.stdout,
  out: (line) => { process.stdout.write(`${line}\n`); },
  err: (line) => { process.stderr.write(`${line}\n`); },
};

export class UsageError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'UsageError';
  }
}
