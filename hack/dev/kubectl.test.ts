import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKubectl } from './kubectl.js';

// A kubectl that exits at once without reading stdin, as one killed or refusing a flag does.
let binDir: string;
beforeAll(async () => {
  binDir = await mkdtemp(join(tmpdir(), 'ark-kubectl-'));
  await writeFile(join(binDir, 'kubectl'), '#!/bin/sh\necho "error: unknown flag" >&2\nexit 1\n');
  await chmod(join(binDir, 'kubectl'), 0o755);
});
afterAll(() => rm(binDir, { recursive: true, force: true }));

describe('runKubectl', () => {
  it('reports a kubectl that exits before reading its stdin by its exit code, not an EPIPE crash', async () => {
    const stdin = 'x'.repeat(4 * 1024 * 1024);
    const target = { kubeconfig: join(binDir, 'none'), binDir };
    const result = await runKubectl(target, ['apply', '-f', '-'], { stdin, allowFailure: true });
    expect(result).toMatchObject({ code: 1, stderr: 'error: unknown flag\n' });
    await expect(runKubectl(target, ['apply', '-f', '-'], { stdin })).rejects.toThrow(/exited 1:\nerror: unknown flag/);
  });
});
