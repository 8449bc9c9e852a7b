// Starting and stopping the HTTPS servers (webhooks, aggregated API) and the plain-HTTP
// metrics/health server. Timeouts are explicit so no request can hang a connection.
import { createServer as createHttpServer } from 'node:http';
import type { RequestListener, Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadTlsFiles, reloadOnChange } from './tls.js';
import type { TlsFiles } from './tls.js';

export interface ListenOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** A request that has not been fully received and answered by then is cut off. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Longer than kube-apiserver's idle connections, so it never writes to a socket we are closing. */
const KEEP_ALIVE_TIMEOUT_MS = 95_000;

export async function listenHttps(
  handler: RequestListener, options: ListenOptions & { tls: TlsFiles; onTlsReload?: (error?: Error) => void; requestClientCert?: boolean },
): Promise<RunningServer> {
  // A client certificate is asked for but not required, and verified by the app (the
  // aggregated API checks it against CAs that change at runtime).
  const clientCert = options.requestClientCert === true ? { requestCert: true, rejectUnauthorized: false } : {};
  const server = createHttpsServer({ ...loadTlsFiles(options.tls), ...clientCert, requestTimeout: REQUEST_TIMEOUT_MS }, handler);
  const stopWatching = reloadOnChange(server, options.tls, options.onTlsReload ?? (() => undefined));
  return listen(server, options, 'https', stopWatching);
}

export async function listenHttp(handler: RequestListener, options: ListenOptions): Promise<RunningServer> {
  return listen(createHttpServer({ requestTimeout: REQUEST_TIMEOUT_MS }, handler), options, 'http', () => undefined);
}

async function listen(server: HttpServer, options: ListenOptions, scheme: string, onClose: () => void): Promise<RunningServer> {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new Error(
      `cannot listen on ${options.host}:${options.port} (${error.code ?? error.message}); fix: choose a free port`, { cause: error })));
    server.listen(options.port, options.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    url: `${scheme}://${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      onClose();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
