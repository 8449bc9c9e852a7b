import { describe, expect, it } from 'vitest';
import { ark } from '../testing.js';

describe('ark operator flags', () => {
  it('refuses an unknown --agent-image-pull-policy, naming the flag, the value and the choices', async () => {
    const { code, stderr } = await ark(['operator', '--agent-image-pull-policy', 'Sometimes']);
    expect(code).toBe(1);
    expect(stderr).toContain("option '--agent-image-pull-policy <policy>' argument 'Sometimes' is invalid. Allowed choices are Always, IfNotPresent, Never.");
  });

  it('lists the controller flags with their defaults in --help', async () => {
    const { stdout } = await ark(['operator', '--help']);
    expect(stdout).toContain('--no-controllers');
    expect(stdout).toMatch(/--agent-image <image>[\s\S]*default: "ghcr\.io\/arkonis\/ark:\d+\.\d+\.\d+"/);
  });
});
