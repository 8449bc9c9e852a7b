// File-system failures as sentences: what could not be done to which path, and the fix.
// Raw codes (ENOENT, EISDIR…) never reach the user on their own.
import { readFile, stat } from 'node:fs/promises';

const REASONS: Record<string, [string, string]> = {
  ENOENT: ['does not exist', 'check the path (relative paths start at the current directory)'],
  EISDIR: ['is a directory, not a file', 'name a file (for YAML arguments, a glob such as dir/*.yaml)'],
  ENOTDIR: ['has a file where a directory is expected', 'choose a path whose parents are directories'],
  EEXIST: ['already exists', 'choose another path, or remove it first'],
  EACCES: ['is not accessible (permission denied)', 'check its permissions'],
  EPERM: ['is not accessible (operation not permitted)', 'check its permissions'],
  EROFS: ['is on a read-only file system', 'choose a writable directory'],
  ENOSPC: ['cannot be written: the disk is full', 'free some space'],
};

/** `<what> <path>: does not exist (ENOENT); fix: check the path`. */
export function fsErrorLine(what: string, path: string, error: unknown): string {
  const subject = named(what, path);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code === undefined ? undefined : REASONS[code];
  if (known) return `${subject}: ${known[0]} (${code}); fix: ${known[1]}`;
  const reason = error instanceof Error ? error.message : String(error);
  return `${subject}: cannot be used (${reason}); fix: check the path and its permissions`;
}

export class FileProblem extends Error {
  constructor(readonly line: string) {
    super(line);
    this.name = 'FileProblem';
  }
}

/**
 * Reads a UTF-8 text file of at most `maxBytes`. Throws FileProblem with one sentence for a
 * missing, unreadable, oversized or binary file.
 */
export async function readTextFile(what: string, path: string, maxBytes: number, tooBig: (bytes: number) => string): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.size > maxBytes) throw new FileProblem(`${named(what, path)}: ${tooBig(info.size)}`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    throw new FileProblem(fsErrorLine(what, path, error));
  }
  const binaryAt = bytes.indexOf(0);
  let text: string | undefined;
  try {
    text = binaryAt < 0 ? new TextDecoder('utf-8', { fatal: true }).decode(bytes) : undefined;
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    throw new FileProblem(`${named(what, path)}: binary data, not UTF-8 text${binaryAt >= 0 ? ` (a zero byte at offset ${binaryAt})` : ''}; fix: pass a YAML file`);
  }
  return text;
}

/** `--mock-responses x.yaml`, or the bare path for the files given as arguments. */
function named(what: string, path: string): string {
  return what === '' ? path : `${what} ${path}`;
}
