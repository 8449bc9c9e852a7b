// ArkService routing strategies, pure: given the pods of an agent as the readiness
// registry last saw them, choose the one that gets a task. Only pods that are ready and
// live (their heartbeat has not expired) are candidates; with none, the task goes to the
// shared queue (undefined), where any pod that comes up takes it.
import type { RoutingStrategy } from '../api/index.js';

export interface PodState {
  pod: string;
  ready: boolean;
  /** Tasks the pod is running now. */
  active: number;
  /** Epoch ms after which the pod counts as dead (no heartbeat since). */
  expiresAt: number;
}

export interface RoutingState {
  /** round-robin: the position of the next pick; the caller keeps it between calls. */
  cursor: number;
  /** random: a number in [0, 1). */
  random: () => number;
}

/** The pods that may receive a task at `now`, in a stable order (by name). */
export function eligiblePods(pods: readonly PodState[], now: number): PodState[] {
  return pods.filter((pod) => pod.ready && pod.expiresAt > now).sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}

/** The chosen pod's name, or undefined when no pod is eligible. Advances `state.cursor` for round-robin. */
export function choosePod(strategy: RoutingStrategy, pods: readonly PodState[], now: number, state: RoutingState): string | undefined {
  const eligible = eligiblePods(pods, now);
  if (eligible.length === 0) return undefined;
  switch (strategy) {
    case 'round-robin':
      return eligible[state.cursor++ % eligible.length]!.pod;
    case 'least-busy':
      return eligible.reduce((best, pod) => (pod.active < best.active ? pod : best)).pod;
    case 'random':
      return eligible[Math.min(eligible.length - 1, Math.floor(state.random() * eligible.length))]!.pod;
  }
}
