// Directed-graph helpers for the pipeline DAG and the delegation graph.

/** Edges by node; an edge a → b means "a depends on / delegates to b". */
export type Edges = ReadonlyMap<string, readonly string[]>;

/**
 * Every elementary cycle reachable by depth-first search, one per back edge, as node paths
 * that start and end with the same node (`['a', 'b', 'a']`). Edges to unknown nodes are
 * ignored; they are reported by the caller's own rule.
 */
export function findCycles(edges: Edges): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const cycles: string[][] = [];
  for (const root of edges.keys()) {
    if (state.has(root)) continue;
    // Iterative DFS (a huge admitted pipeline must not overflow the call stack).
    const path: string[] = [root];
    const nextEdge: number[] = [0];
    state.set(root, 'active');
    while (path.length > 0) {
      const depth = path.length - 1;
      const node = path[depth] ?? '';
      const index = nextEdge[depth] ?? 0;
      const targets = edges.get(node) ?? [];
      if (index >= targets.length) {
        state.set(node, 'done');
        path.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[depth] = index + 1;
      const next = targets[index] ?? '';
      if (!edges.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'active') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (seen === undefined) {
        state.set(next, 'active');
        path.push(next);
        nextEdge.push(0);
      }
    }
  }
  return cycles;
}

/**
 * Lazy reachability from `start`: `has(node)` explores only as far as it must. Nodes are
 * marked when discovered, so direct dependencies answer at once; on a 10,000-step DAG
 * this keeps template checks linear instead of computing every ancestor set up front.
 */
export function lazyReachable(edges: Edges, start: string): { has(node: string): boolean } {
  const seen = new Set<string>(edges.get(start) ?? []);
  const pending = [...seen];
  return {
    has(node) {
      while (!seen.has(node) && pending.length > 0) {
        for (const next of edges.get(pending.pop()!) ?? []) {
          if (!seen.has(next)) { seen.add(next); pending.push(next); }
        }
      }
      return seen.has(node);
    },
  };
}

export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}
