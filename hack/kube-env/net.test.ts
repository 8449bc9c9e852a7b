// freePorts hands out distinct ports that can be listened on right away.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts } from './net.js';

describe('freePorts', () => {
  it('returns n distinct loopback ports that are free again', async () => {
    const ports = await freePorts(5);
    expect(ports).toHaveLength(5);
    expect(new Set(ports).size).toBe(5);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((r) => server.close(r));
    }
  });
});
