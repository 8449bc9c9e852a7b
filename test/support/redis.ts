// A real, throw-away redis-server for integration tests: one per suite, on a free loopback
// port, no persistence. The binary comes from PATH (.ci/run installs it); a missing binary is
// an error, never a skipped test.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../../hack/kube-env/net.js';
import { hasExited, terminateChild } from '../../hack/kube-env/processes.js';

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  /** Stops the server and removes its working dir. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL, a crash) and starts it again on the same port and data dir. */
  restart(): Promise<void>;
}

export interface RedisServerOptions {
  /** Append-only file with `appendfsync always`: every acknowledged write survives a crash. */
  aof?: boolean;
}

/** Starts redis-server and resolves once it answers PING. */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'arkonis-redis-'));
  let child = await launch(port, dir, options);
  return {
    port, url: `redis://127.0.0.1:${port}`, stop: () => stop(child, dir),
    async restart() {
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      child.kill('SIGKILL');
      await closed;
      child = await launch(port, dir, options);
    },
  };
}

async function launch(port: number, dir: string, options: RedisServerOptions): Promise<ChildProcess> {
  const persistence = options.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`cannot start redis-server from PATH (install it, e.g. apt-get install redis-server): ${err.message}`)),
    ),
  );
  const exited = (): string | undefined => (hasExited(child) ? `redis-server exited:\n${output}` : undefined);
  await Promise.race([spawnError, waitFor(`redis-server on port ${port}`, async () => (await redisCommand(port, 'PING')) === 'PONG', 10_000, exited)]);
  return child;
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  await terminateChild(child, { graceMs: 5_000 });
  await rm(dir, { recursive: true, force: true });
}

/**
 * Sends one command over a fresh connection and returns the reply as text (simple strings,
 * integers and bulk strings; errors reject). Enough for smoke checks without a client library.
 */
export function redisCommand(port: number, ...args: string[]): Promise<string | null> {
  const frame = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buf = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('redis command timed out')));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const reply = parseReply(buf);
      if (reply === undefined) return;
      socket.end();
      if (reply instanceof Error) reject(reply);
      else resolve(reply);
    });
    socket.write(frame);
  });
}

/** Parses one RESP reply; undefined while incomplete. */
function parseReply(buf: string): string | null | Error | undefined {
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return undefined;
  const head = buf.slice(1, eol);
  switch (buf[0]) {
    case '+':
    case ':':
      return head;
    case '-':
      return new Error(`redis: ${head}`);
    case '$': {
      const len = Number(head);
      if (len < 0) return null;
      const body = buf.slice(eol + 2);
      return Buffer.byteLength(body) >= len + 2 ? body.slice(0, len) : undefined;
    }
    default:
      return new Error(`unsupported redis reply: ${buf.slice(0, 40)}`);
  }
}
