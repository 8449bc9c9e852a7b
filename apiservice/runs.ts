// Runs through the aggregated API: start one of a team (an ArkRun created through
// kube-apiserver, so the admission webhooks default, validate and budget-check it), and
// ask for a retry or a cancellation by setting the C2 annotations the ArkRun controller
// acts on. Errors from kube-apiserver (a webhook's denial, a conflict) keep their code and
// message (kube-errors.ts).
import type { Request } from 'express';
import type { Clock } from '../src/engine/clock.js';
import type { UserInfo } from './authn.js';
import type { ArkObject, ClusterApi } from './kube.js';
import { rfc3339Nano } from './log-format.js';
import { cancelBody, parse, retryBody, runBody } from './queries.js';
import { passThrough } from './kube-errors.js';
import { conflict, notFound } from './status.js';
import type { ApiError } from './status.js';

export const ANNOTATIONS = {
  requestedBy: 'arkonis.dev/requested-by',
  cancelRequested: 'arkonis.dev/cancel-requested',
  cancelRequestedBy: 'arkonis.dev/cancel-requested-by',
  retryRequested: 'arkonis.dev/retry-requested',
  retryStep: 'arkonis.dev/retry-step',
} as const;

const RETRYABLE = new Set(['Failed', 'TimedOut', 'BudgetExceeded', 'Cancelled']);
const FINISHED = new Set(['Succeeded', ...RETRYABLE]);

export interface RunDeps {
  cluster: ClusterApi;
  clock: Clock;
}

export async function startRun(deps: RunDeps, req: Request, user: UserInfo): Promise<ArkObject> {
  const body = parse(runBody, req.body, 'body');
  const { ns = '', name = '' } = req.params as Record<string, string>;
  if ((await deps.cluster.get(ns, 'arkteams', name)) === undefined) throw missing('arkteams', ns, name);
  const run: ArkObject = {
    apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun',
    metadata: { generateName: `${name.slice(0, 57)}-`, namespace: ns, annotations: { [ANNOTATIONS.requestedBy]: user.username } },
    spec: { teamRef: { name }, ...(body.input !== undefined ? { input: body.input } : {}) },
  };
  return await passThrough(() => deps.cluster.createRun(ns, run));
}

export async function retryRun(deps: RunDeps, req: Request): Promise<ArkObject> {
  const body = parse(retryBody, req.body, 'body');
  const { ns = '', name = '' } = req.params as Record<string, string>;
  const phase = await runPhase(deps, ns, name);
  if (!RETRYABLE.has(phase)) throw conflict(`arkruns "${name}" is ${phase || 'not started'}; only a Failed, TimedOut, BudgetExceeded or Cancelled run can be retried`, { name, group: 'arkonis.dev', kind: 'arkruns' });
  const annotations: Record<string, string> = { [ANNOTATIONS.retryRequested]: rfc3339Nano(deps.clock.now()) };
  if (body.step !== undefined) annotations[ANNOTATIONS.retryStep] = body.step;
  return await passThrough(() => deps.cluster.annotateRun(ns, name, annotations));
}

export async function cancelRun(deps: RunDeps, req: Request, user: UserInfo): Promise<ArkObject> {
  parse(cancelBody, req.body, 'body');
  const { ns = '', name = '' } = req.params as Record<string, string>;
  const phase = await runPhase(deps, ns, name);
  if (FINISHED.has(phase)) throw conflict(`arkruns "${name}" has already finished (${phase}); there is nothing to cancel`, { name, group: 'arkonis.dev', kind: 'arkruns' });
  const annotations = { [ANNOTATIONS.cancelRequested]: rfc3339Nano(deps.clock.now()), [ANNOTATIONS.cancelRequestedBy]: user.username };
  return await passThrough(() => deps.cluster.annotateRun(ns, name, annotations));
}

async function runPhase(deps: RunDeps, ns: string, name: string): Promise<string> {
  const run = await deps.cluster.get(ns, 'arkruns', name);
  if (run === undefined) throw missing('arkruns', ns, name);
  const phase = run.status?.phase;
  return typeof phase === 'string' ? phase : '';
}

function missing(plural: string, ns: string, name: string): ApiError {
  return notFound(`${plural}.arkonis.dev "${name}" not found`, { name, group: 'arkonis.dev', kind: plural });
}
