// A KubeConfig whose API calls share one keep-alive TLS agent.
//
// client-node 1.x gives every API call a new https.Agent, so every call opens a new TLS
// connection with a secure context built anew from the CA, cert and key: at 1,000 objects
// that is most of a reconcile's time and memory the process never gets back (OpenSSL's
// allocations fragment the native heap). This KubeConfig hands every call one keep-alive
// agent instead, replaced when the TLS identity changes (a rotated client certificate);
// watches keep their own connection.
//
// Per call, nothing is copied: the identity is compared with Buffer.equals, and the agent
// holds a prebuilt secureContext instead of the CA, cert and key, because https.Agent names
// its connection pool per request by concatenating those options as strings (several KiB of
// garbage per call, the largest allocation of a reconcile burst before this).
import { Agent } from 'node:https';
import { createSecureContext } from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];
type AgentOptions = Agent['options'];

/** The agent options that make one TLS identity. */
const IDENTITY = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;
type Identity = Pick<AgentOptions, (typeof IDENTITY)[number]>;

/** How long an agent replaced by a new TLS identity keeps serving the requests it has in flight. */
const RETIRED_AGENT_GRACE_MS = 60_000;

export class PooledKubeConfig extends KubeConfig {
  private pooled: { identity: Identity; agent: Agent } | undefined;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getAgent();
    if (fresh instanceof Agent) context.setAgent(this.agentFor(fresh.options));
  }

  /** The shared agent (made on first use); `options` are those client-node built for this call. */
  agentFor(options: AgentOptions): Agent {
    if (this.pooled && sameIdentity(this.pooled.identity, options)) return this.pooled.agent;
    const retired = this.pooled?.agent;
    if (retired) setTimeout(() => retired.destroy(), RETIRED_AGENT_GRACE_MS).unref();
    const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options;
    const secureContext = createSecureContext({ ca, cert, key, pfx, passphrase });
    const agent = new Agent({ keepAlive: true, secureContext, ...(rejectUnauthorized !== undefined ? { rejectUnauthorized } : {}), ...(servername ? { servername } : {}) });
    this.pooled = { identity: { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername }, agent };
    return agent;
  }
}

function sameIdentity(identity: Identity, options: AgentOptions): boolean {
  return IDENTITY.every((field) => same(identity[field], options[field]));
}

/** Equal option values, without copying: Buffers by content, arrays element by element. */
function same(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => same(item, b[index]));
  return a === b;
}
