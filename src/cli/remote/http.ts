// HTTP to the cluster with the kubeconfig's credentials: KubeConfig.applyToHTTPSOptions puts
// the CA, client certificate, bearer token (exec plugins and token files included) and proxy
// agent on a node https request. Bodies are read whole for JSON and as lines for streams
// (a log follow or a watch), so a stream is shown as it arrives.
import type { IncomingMessage } from 'node:http';
import type { RequestOptions } from 'node:https';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import type { Connection } from './kubeconfig.js';
import { ConnectError, ServerError, statusFromBody } from './status-error.js';

export interface Call {
  method: 'GET' | 'POST';
  /** Absolute API path, e.g. /apis/arkonis.dev/v1alpha1/namespaces/x/arkruns. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Error bodies are read up to this size; a Status is far smaller. */
const MAX_ERROR_BODY = 64 * 1024;

/** Sends a call and parses the JSON answer; a non-2xx answer is a ServerError. */
export async function callJson<T>(conn: Connection, call: Call): Promise<T> {
  const response = await send(conn, call);
  const text = await readAll(response);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ServerError(response.statusCode ?? 0, { message: `the server answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)}` }, { cause: error });
  }
}

/** Sends a call and yields the answer line by line until the server ends it or the signal fires. */
export async function* callLines(conn: Connection, call: Call): AsyncGenerator<string> {
  // Aborted before the answer came: no lines, no error (Ctrl-C is not a failure).
  const response = await send(conn, call).catch((error: unknown) => {
    if (call.signal?.aborted) return undefined;
    throw error;
  });
  if (response === undefined) return;
  const lines = createInterface({ input: response, crlfDelay: Infinity });
  // Closing the reader ends the loop below: a destroyed response alone emits no 'end'.
  const stop = (): void => { lines.close(); response.destroy(); };
  call.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const line of lines) yield line;
  } catch (error) {
    if (!call.signal?.aborted) throw new ConnectError(conn.server, error);
  } finally {
    call.signal?.removeEventListener('abort', stop);
    lines.close();
    response.destroy();
  }
}

/** Resolves with a 2xx response (its body unread); rejects with a ServerError or ConnectError. */
async function send(conn: Connection, call: Call): Promise<IncomingMessage> {
  const url = new URL(conn.server);
  const base = url.pathname.replace(/\/+$/, '');
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(key, String(value));
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const options: RequestOptions = {
    method: call.method,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (url.protocol === 'http:' ? 80 : 443),
    path: `${base}${call.path}${query.size > 0 ? `?${query}` : ''}`,
    headers: { Accept: 'application/json, */*', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(call.signal ? { signal: call.signal } : {}),
  };
  try {
    await conn.config.applyToHTTPSOptions(options);
  } catch (error) {
    throw new ConnectError(conn.server, error);
  }
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = (url.protocol === 'http:' ? httpRequest : httpsRequest)(options, resolve);
    request.on('error', (error) => reject(call.signal?.aborted ? error : new ConnectError(conn.server, error)));
    request.end(body);
  });
  const code = response.statusCode ?? 0;
  if (code >= 200 && code < 300) return response;
  throw new ServerError(code, statusFromBody(code, await readAll(response, MAX_ERROR_BODY)));
}

async function readAll(response: IncomingMessage, limit = Infinity): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size >= limit) continue;
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
