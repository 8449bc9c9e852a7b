// How a failed call to kube-apiserver is answered: a 4xx keeps its code, reason and
// message (a webhook's denial reads as kubectl would show it); a 5xx or a lost
// connection is a 503 to retry, never a 500 of ours.
import { apiStatus, statusCode } from '../src/kube/client.js';
import { ApiError } from './status.js';

export async function passThrough<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = statusCode(error);
    if (code !== undefined && code >= 400 && code < 500) {
      const status = apiStatus(error);
      throw new ApiError(code, status.reason ?? 'BadRequest', status.message ?? `kube-apiserver answered ${code}`);
    }
    throw new ApiError(503, 'ServiceUnavailable', `kube-apiserver did not answer (${code ?? (error as Error).message}); retry later`);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Refuses a namespace or object name Kubernetes could never hold, before asking kube-apiserver. */
export function checkNames(namespace: string, name: string): void {
  if (!DNS_LABEL.test(namespace)) throw new ApiError(400, 'BadRequest', `namespace ${JSON.stringify(namespace.slice(0, 80))} is not a valid namespace name (a DNS label: lower-case letters, digits and '-', at most 63); fix: use the namespace's name`);
  if (!DNS_SUBDOMAIN.test(name)) throw new ApiError(400, 'BadRequest', `name ${JSON.stringify(name.slice(0, 80))} is not a valid object name (a DNS subdomain: lower-case letters, digits, '-' and '.', at most 253); fix: use the object's name`);
}
