// Delegated authorization: a SubjectAccessReview per request, answered from a bounded
// cache for a short while (k8s.io/apiserver's delegating authorizer: allowed answers 10 s,
// denied 10 s). A review that fails is not cached, and the request is refused.
import type { Clock } from '../src/engine/clock.js';
import type { RequestAttributes } from './attributes.js';
import type { UserInfo } from './authn.js';
import { TtlCache } from './ttl-cache.js';

export interface Decision {
  allowed: boolean;
  reason?: string;
}

/** Sends one SubjectAccessReview (kube-apiserver), resolving with its status. */
export type AccessReviewer = (user: UserInfo, attributes: RequestAttributes) => Promise<Decision>;

export interface AuthorizerOptions {
  allowTtlMs?: number;
  denyTtlMs?: number;
  maxEntries?: number;
  clock: Clock;
}

export const AUTHZ_DEFAULTS = { allowTtlMs: 10_000, denyTtlMs: 10_000, maxEntries: 10_000 } as const;

export class CachingAuthorizer {
  private readonly cache: TtlCache<Decision>;
  private readonly options: Required<AuthorizerOptions>;

  constructor(private readonly review: AccessReviewer, options: AuthorizerOptions) {
    this.options = { ...AUTHZ_DEFAULTS, ...options };
    this.cache = new TtlCache({ maxEntries: this.options.maxEntries, clock: options.clock });
  }

  async authorize(user: UserInfo, attributes: RequestAttributes): Promise<Decision> {
    const key = JSON.stringify([user.username, user.uid ?? '', [...user.groups].sort(), sortedExtra(user.extra), attributes]);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const decision = await this.review(user, attributes);
    this.cache.set(key, decision, decision.allowed ? this.options.allowTtlMs : this.options.denyTtlMs);
    return decision;
  }

  get cachedEntries(): number {
    return this.cache.size;
  }
}

function sortedExtra(extra: Readonly<Record<string, string[]>>): [string, string[]][] {
  return Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
