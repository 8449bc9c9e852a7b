// The admission server's express app: POST /validate and POST /mutate (AdmissionReview v1,
// every ARKONIS kind), a body limit, and Status answers for requests that are not reviews.
import express from 'express';
import type { Express } from 'express';
import { DEFAULT_BODY_LIMIT_BYTES, renderErrors, statusBody } from '../src/server/errors.js';
import { admit } from './admit.js';
import type { WebhookName } from './admit.js';
import type { AdmissionDeps } from './cluster.js';
import type { AdmissionMetrics } from './metrics.js';

export const WEBHOOK_PATHS: Readonly<Record<WebhookName, string>> = { validate: '/validate', mutate: '/mutate' };

export interface WebhookAppOptions {
  bodyLimitBytes?: number;
  metrics?: AdmissionMetrics;
  /** Told about failures that are not the caller's fault. */
  onError?: (error: unknown) => void;
}

export function webhookApp(deps: AdmissionDeps, options: WebhookAppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Every content type is parsed as JSON: kube-apiserver sends application/json, and anything else is a 400 from the decoder.
  const json = express.json({ limit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, type: () => true, strict: false });
  for (const webhook of ['validate', 'mutate'] as const) {
    app.post(WEBHOOK_PATHS[webhook], json, (req, res, next) => {
      const started = process.hrtime.bigint();
      admit(webhook, req.body, deps).then((outcome) => {
        res.status(outcome.httpStatus).json(outcome.body);
        options.metrics?.observe(webhook, outcome, Number(process.hrtime.bigint() - started) / 1e9);
      }, next);
    });
  }
  app.use((req, res) => {
    res.status(404).json(statusBody(404, 'NotFound', `no route ${req.method} ${req.path}; the webhooks are POST ${Object.values(WEBHOOK_PATHS).join(' and POST ')}`));
  });
  app.use(renderErrors(options.onError ?? (() => undefined)));
  return app;
}
