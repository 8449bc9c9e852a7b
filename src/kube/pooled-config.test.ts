// The shared agent is kept while the TLS identity is the same (compared by content: client-node
// builds new Buffers for every call) and replaced when it changes (a rotated certificate).
import { describe, expect, it } from 'vitest';
import { PooledKubeConfig } from './pooled-config.js';

describe('PooledKubeConfig.agentFor', () => {
  it('keeps one agent for equal options and makes a new one when the identity changes', () => {
    const config = new PooledKubeConfig();
    const options = (token: string) => ({ rejectUnauthorized: false, passphrase: token, servername: 'kube.test' });
    const first = config.agentFor(options('a'));
    expect(config.agentFor(options('a'))).toBe(first);
    const rotated = config.agentFor(options('b'));
    expect(rotated).not.toBe(first);
    expect(config.agentFor(options('b'))).toBe(rotated);
    first.destroy();
    rotated.destroy();
  });

  it('holds a secure context, not the CA, cert and key, so a request does not stringify them', () => {
    const agent = new PooledKubeConfig().agentFor({ servername: 'kube.test' });
    expect(agent.options).toMatchObject({ keepAlive: true, servername: 'kube.test' });
    expect(agent.options.secureContext).toBeDefined();
    expect(agent.options.ca).toBeUndefined();
    agent.destroy();
  });
});
