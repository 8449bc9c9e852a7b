// The aggregated API server's express app (runtime.arkonis.dev/v1alpha1): health without
// credentials, then the guard (authentication, authorization), discovery, and the routes
// of C3. Every answer that is not a success is a Kubernetes Status; a failure that is not
// the caller's fault is a 500 without internals, and reported through onError.
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { renderErrors } from '../src/server/errors.js';
import { API_PREFIX, apiGroup, apiGroupList, apiResourceList } from './discovery.js';
import { guard, userOf } from './guard.js';
import type { GuardDeps } from './guard.js';
import { serveRunLog } from './log-route.js';
import type { LogDeps } from './log-route.js';
import { cancelRun, retryRun, startRun } from './runs.js';
import { ApiError, notFound, sendError } from './status.js';
import type { TaskService } from './tasks.js';

export interface ApiDeps extends GuardDeps, LogDeps {
  tasks: TaskService;
  /** Why the server is not ready, or undefined. */
  notReady(): string | undefined;
}

/** Task and run bodies are small; 1 MiB leaves room for a long prompt. */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;

type Handler = (req: Request, res: Response) => Promise<unknown>;

export function apiApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.get('/healthz', (_req, res) => { res.type('text/plain').send('ok'); });
  app.get('/readyz', (_req, res) => {
    const why = deps.notReady();
    res.status(why === undefined ? 200 : 503).type('text/plain').send(why ?? 'ok');
  });
  app.use(guard(deps));
  app.get('/apis', (_req, res) => { res.json(apiGroupList()); });
  app.get('/apis/runtime.arkonis.dev', (_req, res) => { res.json(apiGroup()); });
  app.get(API_PREFIX, (_req, res) => { res.json(apiResourceList()); });
  app.use(express.json({ limit: API_BODY_LIMIT_BYTES, type: () => true, strict: false }));
  const ns = `${API_PREFIX}/namespaces/:ns`;
  const route = (handler: Handler, code = 200) => (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).then((body) => { if (body !== undefined && !res.headersSent) res.status(code).json(body); }, next);
  };
  app.get(`${ns}/arkruns/:name/log`, route(async (req, res) => { await serveRunLog(deps, req, res); }));
  app.post(`${ns}/arkagents/:name/tasks`, route((req) => deps.tasks.submit('arkagents', req), 201));
  app.post(`${ns}/arkservices/:name/tasks`, route((req) => deps.tasks.submit('arkservices', req), 201));
  app.get(`${ns}/tasks/:id`, route((req, res) => deps.tasks.status(req, res)));
  app.post(`${ns}/arkteams/:name/runs`, route((req, res) => startRun(deps, req, userOf(res)), 201));
  app.post(`${ns}/arkruns/:name/retry`, route((req) => retryRun(deps, req)));
  app.post(`${ns}/arkruns/:name/cancel`, route((req, res) => cancelRun(deps, req, userOf(res))));
  app.use((req, res) => { sendError(res, notFound(`the server could not find the requested resource (${req.method} ${req.path.slice(0, 200)})`)); });
  const fallback = renderErrors((error) => deps.log(`apiservice: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof ApiError) sendError(res, error);
    else fallback(error, req, res, next);
  });
  return app;
}
