// Tests that run the real `ark` binary need dist/ built from the current sources: this
// rebuilds (incrementally) when any source file is newer than the compiled CLI.
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

export async function ensureBuilt(): Promise<void> {
  const built = await stat('dist/src/cli/main.js').then((info) => info.mtimeMs, () => 0);
  if (built >= await newestSource('src')) return;
  await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
}
