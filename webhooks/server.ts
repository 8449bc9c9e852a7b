// Starts the admission HTTPS server: the webhook app on TLS files that reload on change.
import { listenHttps } from '../src/server/listen.js';
import type { ListenOptions, RunningServer } from '../src/server/listen.js';
import type { TlsFiles } from '../src/server/tls.js';
import { webhookApp } from './app.js';
import type { AdmissionDeps } from './cluster.js';
import type { AdmissionMetrics } from './metrics.js';

export interface WebhookServerOptions extends ListenOptions {
  tls: TlsFiles;
  bodyLimitBytes?: number;
  metrics?: AdmissionMetrics;
  log(line: string): void;
}

export function startWebhookServer(deps: AdmissionDeps, options: WebhookServerOptions): Promise<RunningServer> {
  const app = webhookApp(deps, {
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.metrics !== undefined ? { metrics: options.metrics } : {}),
    onError: (error) => options.log(`webhooks: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  return listenHttps(app, {
    host: options.host, port: options.port, tls: options.tls,
    onTlsReload: (error) => options.log(error ? `webhooks: kept the previous serving certificate: ${error.message}` : 'webhooks: serving certificate reloaded'),
  });
}
