// The authentication and authorization middleware every route but /healthz and /readyz
// sits behind: no handler sees a request whose caller is unknown (401) or not allowed
// by RBAC (403 naming the permission). Body parsing comes after, so an unauthenticated
// caller cannot make the server read a body.
import type { TLSSocket } from 'node:tls';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Clock } from '../src/engine/clock.js';
import type { AuthConfig } from './auth-config.js';
import { describePermission, requestAttributes } from './attributes.js';
import { credentials } from './authn.js';
import type { UserInfo } from './authn.js';
import type { CachingAuthorizer } from './authz.js';
import { ApiError, sendError } from './status.js';

export interface GuardDeps {
  authConfig(): AuthConfig;
  reviewToken(token: string): Promise<UserInfo | undefined>;
  authorizer: CachingAuthorizer;
  clock: Clock;
  log(line: string): void;
}

/** The authenticated user of a request that passed the guard. */
export function userOf(res: Response): UserInfo {
  return (res.locals as { user: UserInfo }).user;
}

export function guard(deps: GuardDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    check(deps, req, res).then((ok) => { if (ok) next(); }, (error: unknown) => {
      deps.log(`apiservice: authentication or authorization could not be checked: ${(error as Error).message}`);
      sendError(res, new ApiError(503, 'ServiceUnavailable', 'the caller could not be authenticated or authorized right now (kube-apiserver did not answer); retry later'));
    });
  };
}

async function check(deps: GuardDeps, req: Request, res: Response): Promise<boolean> {
  const peer = (req.socket as Partial<TLSSocket>).getPeerX509Certificate?.();
  const found = credentials(peer, req.headersDistinct, deps.authConfig(), deps.clock.now());
  const user = found.kind === 'user' ? found.user : found.kind === 'token' ? await deps.reviewToken(found.token) : undefined;
  if (user === undefined) {
    sendError(res, new ApiError(401, 'Unauthorized', 'Unauthorized: send a bearer token kube-apiserver accepts, a client certificate signed by the cluster\'s client CA, or call through kube-apiserver'));
    return false;
  }
  const attributes = requestAttributes(req.method, req.path);
  const decision = await deps.authorizer.authorize(user, attributes);
  if (!decision.allowed) {
    const why = decision.reason ? `: ${decision.reason}` : '';
    sendError(res, new ApiError(403, 'Forbidden', `user "${user.username}" cannot ${describePermission(attributes)}${why}; fix: grant it with a Role or ClusterRole (see docs/apiservice.md)`));
    return false;
  }
  (res.locals as { user: UserInfo }).user = user;
  return true;
}
