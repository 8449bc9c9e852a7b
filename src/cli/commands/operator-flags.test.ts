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

  it('refuses lease timings that cannot elect safely, naming both flags and the fix', async () => {
    const zero = await ark(['operator', '--lease-retry-seconds', '0']);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('--lease-retry-seconds: expected whole seconds ≥ 1, got "0"');
    const order = await ark(['operator', '--lease-duration-seconds', '10', '--lease-renew-seconds', '10']);
    expect(order.stderr).toContain('--lease-duration-seconds 10 must be greater than --lease-renew-seconds 10; fix: raise the duration or lower the renew deadline');
    const retry = await ark(['operator', '--lease-renew-seconds', '3', '--lease-retry-seconds', '3']);
    expect(retry.stderr).toContain('--lease-renew-seconds 3 must be greater than --lease-retry-seconds 3');
  });

  it('lists the leader-election flags with their defaults in --help', async () => {
    const { stdout } = await ark(['operator', '--help']);
    expect(stdout).toContain('--no-leader-elect');
    expect(stdout).toMatch(/--lease-duration-seconds <s>[\s\S]*default: 15/);
    expect(stdout).toMatch(/--lease-renew-seconds <s>[\s\S]*default: 10/);
    expect(stdout).toMatch(/--lease-retry-seconds <s>[\s\S]*default: 2\)/);
  });
});
