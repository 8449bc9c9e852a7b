// What `npm run dev:up` started, recorded in <dir>/stack.json after every step so
// `npm run dev:down` stops it all, even after a start that failed half-way. Each process is
// known by pid plus the stack dir in its command line (processes.ts: isOurProcess).
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { killRecordedChildren } from './child-records.js';
import { stopControlPlane } from '../kube-env/control-plane.js';
import { isOurProcess, stopProcess } from '../kube-env/processes.js';

export interface Stack {
  readonly dir: string;
  kubeconfig?: string;
  binDir?: string;
  redisUrl?: string;
  /** Started processes in start order; stopped in reverse. */
  pids: { redis?: number; operator?: number; kubelet?: number };
}

/** ARKONIS_DEV_DIR, or ~/.cache/arkonis/dev. */
export function stackDir(): string {
  return process.env['ARKONIS_DEV_DIR'] ?? join(homedir(), '.cache', 'arkonis', 'dev');
}

export const planeDir = (dir: string): string => join(dir, 'kube');
export const recordsDir = (dir: string): string => join(dir, 'kubelet', 'records');

export async function readStack(dir: string): Promise<Stack | undefined> {
  const text = await readFile(join(dir, 'stack.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Stack);
}

export async function saveStack(stack: Stack): Promise<void> {
  await writeFile(join(stack.dir, 'stack.json'), JSON.stringify(stack, null, 2));
}

type Part = keyof Stack['pids'];

/**
 * What names a part's process in its command line: the stack dir, except for redis-server,
 * which rewrites its title to `redis-server <host>:<port>`.
 */
function marker(stack: Stack, part: Part): string {
  return part === 'redis' && stack.redisUrl !== undefined ? `redis-server ${stack.redisUrl.replace('redis://', '')}` : stack.dir;
}

/** Processes recorded but no longer running (empty: all up). */
export function deadParts(stack: Stack): string[] {
  const parts = ['redis', 'operator', 'kubelet'] as const;
  return parts.filter((p) => stack.pids[p] === undefined || !isOurProcess(stack.pids[p], marker(stack, p)));
}

/** Stops the kubelet (and its replicas), the operator, redis, then the control plane; removes stack.json. */
export async function stopStack(dir: string): Promise<boolean> {
  const stack = await readStack(dir);
  const plane = existsSync(join(planeDir(dir), 'state.json'));
  if (stack === undefined && !plane) return false;
  for (const part of ['kubelet', 'operator', 'redis'] as const) {
    const pid = stack?.pids[part];
    if (stack !== undefined && pid !== undefined) await stopProcess(pid, marker(stack, part));
  }
  await killRecordedChildren(recordsDir(dir)); // replicas of a kubelet that was killed
  await stopControlPlane(planeDir(dir));
  await rm(join(dir, 'stack.json'), { force: true });
  return true;
}
