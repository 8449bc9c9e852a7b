// Provider failures as one error class that says what went wrong, whether a retry can
// help, and what the user should do. Messages never contain the API key: server text is
// scrubbed of it, and auth errors omit server text entirely (some servers echo a
// masked key there).
import type { ProviderName } from './types.js';

export type ProviderErrorKind =
  | 'auth' // 401 / 403
  | 'rate_limit' // 429
  | 'server' // 5xx (including Anthropic's 529 overloaded)
  | 'timeout' // no answer within timeoutMs, or 408
  | 'bad_request' // 400 and other 4xx: the request itself is wrong
  | 'network' // connection refused / reset / DNS
  | 'aborted' // the caller's AbortSignal fired
  | 'bad_response'; // the server answered 2xx with something we cannot use

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate_limit', 'server', 'timeout', 'network']);

export interface ProviderErrorInit {
  provider: ProviderName;
  kind: ProviderErrorKind;
  message: string;
  status?: number;
  /** Wait the server asked for (retry-after / retry-after-ms), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly provider: ProviderName;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.retryable = RETRYABLE.has(init.kind);
    this.retryAfterMs = init.retryAfterMs;
  }
}

const KEY_ENV: Record<ProviderName, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  mock: 'the API key',
};

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}

export interface HttpFailure {
  provider: ProviderName;
  status: number;
  /** Server-supplied explanation; scrubbed of `secret` and shortened. */
  detail?: string;
  retryAfterMs?: number;
  secret?: string;
  cause?: unknown;
  /** The base URL called, named in the message. */
  url?: string;
  /** Where the key comes from; default: a Secret via envFrom, as in a cluster. */
  keyHint?: string;
}

const CLUSTER_KEY_HINT = 'from a Secret via envFrom';

/** A ProviderError for an HTTP error status, with advice for the user. */
export function httpError(f: HttpFailure): ProviderError {
  const kind = kindForStatus(f.status);
  const detail = kind === 'auth' ? '' : cleanDetail(f.detail, f.secret);
  const where = f.url === undefined ? f.provider : `${f.provider} at ${f.url}`;
  const [reason, fix] = advice(kind, f.provider, f.status, f.keyHint ?? CLUSTER_KEY_HINT);
  const message = `${where}: ${reason}${detail ? ` (server said: ${detail})` : ''}; fix: ${fix}`;
  return new ProviderError({ provider: f.provider, kind, status: f.status, retryAfterMs: f.retryAfterMs, cause: f.cause, message });
}

/** The reason and the fix for an HTTP error status. */
function advice(kind: ProviderErrorKind, provider: ProviderName, status: number, keyHint: string): [string, string] {
  const env = KEY_ENV[provider];
  switch (kind) {
    case 'auth':
      return status === 403
        ? ['HTTP 403: the API key may not use this model or endpoint', `check ${env} (${keyHint}) and the model name`]
        : ['HTTP 401: the API key was rejected', `check ${env} (${keyHint})`];
    case 'rate_limit':
      return ['HTTP 429: rate limited by the provider', 'lower concurrency or raise the quota'];
    case 'server':
      return [`HTTP ${status}: the provider failed on its side`, 'try again later'];
    case 'timeout':
      return [`HTTP ${status}: the provider timed out the request`, 'try again, or raise the timeout'];
    default:
      return status === 404
        ? ['HTTP 404: model or endpoint not found', 'check the model name and the base URL']
        : [`HTTP ${status}: the provider rejected the request`, 'check the model name, max tokens and tool schemas'];
  }
}

const MAX_DETAIL = 300;

function cleanDetail(detail: string | undefined, secret: string | undefined): string {
  if (!detail) return '';
  const scrubbed = (secret ? detail.split(secret).join('***') : detail).replace(/^\d{3}\s+/, '');
  const oneLine = scrubbed.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL)}…` : oneLine;
}

export function abortedError(provider: ProviderName, cause?: unknown): ProviderError {
  return new ProviderError({ provider, kind: 'aborted', message: `${provider}: the call was aborted`, cause });
}
