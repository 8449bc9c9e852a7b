// The plain-HTTP side of every server process: /metrics (prom-client), /healthz (the process
// answers) and /readyz (every registered check passes). Kept off the TLS port so scrapes
// and probes need no certificates.
import express from 'express';
import type { Express } from 'express';
import type { Registry } from 'prom-client';

/** A named readiness check; a string return is the reason it is not ready. */
export type ReadinessCheck = () => string | undefined;

export function observabilityApp(registry: Registry, readiness: ReadonlyMap<string, ReadinessCheck>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => { res.type('text/plain').send('ok'); });
  app.get('/readyz', (_req, res) => {
    const failing = [...readiness].flatMap(([name, check]) => { const why = check(); return why === undefined ? [] : [`${name}: ${why}`]; });
    res.status(failing.length === 0 ? 200 : 503).type('text/plain').send(failing.length === 0 ? 'ok' : failing.join('\n'));
  });
  app.get('/metrics', (_req, res, next) => {
    registry.metrics().then((text) => res.type(registry.contentType).send(text), next);
  });
  return app;
}
