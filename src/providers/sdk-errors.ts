// Maps errors thrown by the openai and @anthropic-ai/sdk clients to ProviderError. Both
// SDKs share one error hierarchy shape (APIError with status + headers, and connection,
// timeout and user-abort subclasses); the adapter passes its SDK's classes in so this
// module never imports an SDK itself.
import { ProviderError, abortedError, httpError } from './errors.js';
import { parseRetryAfter } from './retry.js';
import type { ProviderName } from './types.js';
import { errorMessage } from '../core/errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface SdkErrorClasses {
  APIError: ErrorClass;
  APIUserAbortError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
}

export interface SdkErrorContext {
  provider: ProviderName;
  classes: SdkErrorClasses;
  signal?: AbortSignal;
  /** The API key, scrubbed from any server text that ends up in a message. */
  secret?: string;
  timeoutMs?: number;
  /** The base URL called, named in messages. */
  url?: string;
  /** Where the key comes from, for auth errors (see errors.ts). */
  keyHint?: string;
}

export function fromSdkError(err: unknown, ctx: SdkErrorContext): ProviderError {
  const { provider, classes } = ctx;
  if (err instanceof ProviderError) return err;
  if (ctx.signal?.aborted || err instanceof classes.APIUserAbortError) return abortedError(provider, ctx.signal?.reason ?? err);
  if (err instanceof classes.APIConnectionTimeoutError) {
    const after = ctx.timeoutMs === undefined ? '' : ` after ${ctx.timeoutMs} ms`;
    return new ProviderError({ provider, kind: 'timeout', cause: err, message: `${provider}: no answer from ${ctx.url ?? 'the provider'}${after}; fix: the provider is slow or unreachable, raise the timeout or try again` });
  }
  if (err instanceof classes.APIConnectionError) {
    return new ProviderError({ provider, kind: 'network', cause: err, message: `${provider}: could not reach ${ctx.url ?? 'the provider'} (${causeText(err)}); fix: check the base URL and network` });
  }
  const status = err instanceof classes.APIError ? statusOf(err) : undefined;
  if (err instanceof Error && status !== undefined) {
    return httpError({
      provider, status, detail: detailOf(err), retryAfterMs: parseRetryAfter(headersOf(err)), secret: ctx.secret, cause: err,
      ...(ctx.url === undefined ? {} : { url: ctx.url }), ...(ctx.keyHint === undefined ? {} : { keyHint: ctx.keyHint }),
    });
  }
  const message = errorMessage(err);
  const where = ctx.url === undefined ? provider : `${provider} at ${ctx.url}`;
  return new ProviderError({ provider, kind: 'bad_response', cause: err, message: `${where}: unexpected failure: ${message}; fix: check that the base URL serves the ${provider} API` });
}

function statusOf(err: Error): number | undefined {
  const status: unknown = Reflect.get(err, 'status');
  return typeof status === 'number' ? status : undefined;
}

/** Anthropic's SDK exposes the body's own message as apiMessage; OpenAI's puts it in message. */
function detailOf(err: Error): string {
  const apiMessage: unknown = Reflect.get(err, 'apiMessage');
  return typeof apiMessage === 'string' && apiMessage ? apiMessage : err.message;
}

function headersOf(err: Error): Headers | undefined {
  const headers: unknown = Reflect.get(err, 'headers');
  return headers instanceof Headers ? headers : undefined;
}

/** The innermost cause with an error code (e.g. ECONNREFUSED), else the SDK's message. */
function causeText(err: Error): string {
  for (let cause: unknown = err.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code: unknown = Reflect.get(cause, 'code');
    if (typeof code === 'string') return `${code}: ${cause.message}`;
  }
  return err.cause instanceof Error ? err.cause.message : err.message;
}
