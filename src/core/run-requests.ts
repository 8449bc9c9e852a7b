// What the cluster parts agree on about one ArkRun (contracts C2 and C3): the id its state
// has in Redis, and the annotations that request a retry or a cancel. Pure, so the run
// controller and the aggregated API server compute the same id and read the same keys.

/** Annotations written by `kubectl annotate` or the aggregated API. */
export const RUN_ANNOTATIONS = {
  cancelRequested: 'arkonis.dev/cancel-requested',
  cancelRequestedBy: 'arkonis.dev/cancel-requested-by',
  retryRequested: 'arkonis.dev/retry-requested',
  retryStep: 'arkonis.dev/retry-step',
  requestedBy: 'arkonis.dev/requested-by',
} as const;

export const RUN_ANNOTATION_KEYS: readonly string[] = Object.values(RUN_ANNOTATIONS);

/**
 * The run id of ArkRun <namespace>/<name>: `<namespace>.<name>`. Unique per object key (a
 * namespace is a DNS label, so it holds no "."; the first "." ends it), and safe in task ids
 * (`<run>/<step>/…`: Kubernetes names hold no "/") and in Redis hash tags (no braces).
 */
export function runIdOf(namespace: string, name: string): string {
  return `${namespace}.${name}`;
}

/** The ArkRun key of a run id built by runIdOf; undefined for other ids. */
export function runKeyOf(runId: string): { namespace: string; name: string } | undefined {
  const dot = runId.indexOf('.');
  if (dot <= 0 || dot === runId.length - 1 || runId.includes('/')) return undefined;
  return { namespace: runId.slice(0, dot), name: runId.slice(dot + 1) };
}

export interface RunRequests {
  cancel?: { at: string; by?: string };
  retry?: { token: string; step?: string };
}

/** The retry and cancel requests carried by an ArkRun's annotations (empty values are ignored). */
export function runRequests(annotations: Readonly<Record<string, string>> | undefined): RunRequests {
  const get = (key: string): string | undefined => {
    const value = annotations?.[key]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const requests: RunRequests = {};
  const cancelAt = get(RUN_ANNOTATIONS.cancelRequested);
  if (cancelAt !== undefined) {
    const by = get(RUN_ANNOTATIONS.cancelRequestedBy);
    requests.cancel = by === undefined ? { at: cancelAt } : { at: cancelAt, by };
  }
  const token = get(RUN_ANNOTATIONS.retryRequested);
  if (token !== undefined) {
    const step = get(RUN_ANNOTATIONS.retryStep);
    requests.retry = step === undefined ? { token } : { token, step };
  }
  return requests;
}

/** The status message of a cancelled run: who asked, and when. */
export function cancelMessage(cancel: { at: string; by?: string }): string {
  return `run cancelled by ${cancel.by ?? 'an unnamed user'} (arkonis.dev/cancel-requested ${cancel.at})`;
}
