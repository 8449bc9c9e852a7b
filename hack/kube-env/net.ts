// Loopback networking helpers shared by the control plane and the test servers.
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';

/**
 * Asks the kernel for `n` distinct free TCP ports on 127.0.0.1. All probe listeners stay open
 * until every number is known, so the ports differ from each other; they are released before
 * returning, so another process could still grab one first. Callers start their servers right
 * away, and the window is small enough for a test machine.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) servers.push(await listenLoopback());
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((r) => server.close(r))));
  }
}

/** One free TCP port on 127.0.0.1 (see freePorts). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

function listenLoopback(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Resolves once `probe` returns true (a throwing probe counts as "not yet"). Rejects after
 * `timeoutMs`, or at once when `giveUp` returns a reason (e.g. the server process exited).
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  giveUp: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    const reason = giveUp();
    if (reason !== undefined) throw new Error(`gave up waiting for ${what}: ${reason}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
