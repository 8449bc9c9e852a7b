// Every queue and stream name is built here (and only here).

/** A team role's queue: `<namespace>.<team>.<role>` (teams are isolated from each other). */
export function teamRoleQueue(namespace: string, team: string, role: string): string {
  return `${namespace}.${team}.${role}`;
}


/** What every ARKONIS key starts with in a shared Redis; tests pass a unique prefix. */
export const DEFAULT_KEY_PREFIX = 'arkonis';

/**
 * The hash holding one budget window's token counters, e.g. `arkonis:{usage}:daily:2026-12-01`.
 * The `{usage}` hash tag keeps every window in one Redis Cluster slot, so one MULTI can
 * update the day, week and month together.
 */
export function usageCountersKey(prefix: string, period: string, windowId: string): string {
  return `${prefix}:{usage}:${period}:${windowId}`;
}

/** A counter inside a window hash: `<namespace>/namespace`, `<namespace>/team/<name>`, `<namespace>/agent/<name>`. */
export function usageCounterField(namespace: string, kind: 'namespace' | 'team' | 'agent', name?: string): string {
  return kind === 'namespace' ? `${namespace}/namespace` : `${namespace}/${kind}/${name ?? ''}`;
}
