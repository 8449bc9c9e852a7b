// The one place a KubeConfig is built, and the API clients made from it.
import { createHash } from 'node:crypto';
import { Agent } from 'node:https';
import { AdmissionregistrationV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';

export interface KubeClients {
  config: KubeConfig;
  custom: CustomObjectsApi;
  admission: AdmissionregistrationV1Api;
}

/** From a kubeconfig file when given; otherwise the in-cluster service account, then ~/.kube/config. */
export function kubeClients(kubeconfigFile?: string): KubeClients {
  const config = new PooledKubeConfig();
  try {
    if (kubeconfigFile !== undefined) config.loadFromFile(kubeconfigFile);
    else config.loadFromDefault();
  } catch (error) {
    throw new Error(`--kubeconfig ${kubeconfigFile ?? '(default)'}: cannot load (${(error as Error).message}); fix: point --kubeconfig at a readable kubeconfig`, { cause: error });
  }
  if (config.getCurrentCluster() === null) {
    throw new Error(`--kubeconfig ${kubeconfigFile ?? '(default)'}: no current cluster; fix: pass --kubeconfig, or run inside a cluster`);
  }
  return { config, custom: config.makeApiClient(CustomObjectsApi), admission: config.makeApiClient(AdmissionregistrationV1Api) };
}

/** The HTTP status of a client-node error, when it has one. */
export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The reason and message of the Status object a failed client-node call carries, when it has one. */
export function apiStatus(error: unknown): { reason?: string; message?: string } {
  const body = (error as { body?: unknown } | null)?.body;
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { reason?: unknown; message?: unknown } | null;
    return {
      ...(typeof parsed?.reason === 'string' ? { reason: parsed.reason } : {}),
      ...(typeof parsed?.message === 'string' ? { message: parsed.message } : {}),
    };
  } catch {
    return {};
  }
}

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];

/** How long an agent replaced by a new TLS identity keeps serving the requests it has in flight. */
const RETIRED_AGENT_GRACE_MS = 60_000;

/**
 * client-node 1.x gives every API call a new https.Agent, so every call opens a new TLS
 * connection with a secure context built anew from the CA, cert and key: at 1,000 objects
 * that is most of a reconcile's time and memory the process never gets back (OpenSSL's
 * allocations fragment the native heap). This KubeConfig hands every call one keep-alive
 * agent instead, replaced when the TLS identity changes (a rotated client certificate);
 * watches keep their own connection.
 */
class PooledKubeConfig extends KubeConfig {
  private pooled: { identity: string; agent: Agent } | undefined;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getAgent();
    if (fresh instanceof Agent) context.setAgent(this.agentFor(fresh.options));
  }

  private agentFor(options: Agent['options']): Agent {
    const identity = tlsIdentity(options);
    if (this.pooled?.identity === identity) return this.pooled.agent;
    const retired = this.pooled?.agent;
    if (retired) setTimeout(() => retired.destroy(), RETIRED_AGENT_GRACE_MS).unref();
    this.pooled = { identity, agent: new Agent({ ...options, keepAlive: true }) };
    return this.pooled.agent;
  }
}

/** A digest of the options that make one TLS identity (never kept in clear). */
function tlsIdentity(options: Agent['options']): string {
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options;
  const text = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('base64') : JSON.stringify(value ?? null));
  return createHash('sha256').update([ca, cert, key, pfx, passphrase, rejectUnauthorized, servername].map(text).join('\n')).digest('hex');
}
