// Directed-graph helpers for the pipeline DAG and the delegation graph.
import { firstIndexes } from './name-index.js';

const UNSEEN = 0;
const ACTIVE = 1;
const DONE = 2;

/**
 * Edges by node; an edge a → b means "a depends on / delegates to b". A Map fits, or a view
 * over the objects that hold the edges, so a graph of 10,000 steps is not copied to be read.
 */
export interface Edges {
  keys(): Iterable<string>;
  get(node: string): readonly string[] | undefined;
}

/**
 * Every elementary cycle reachable by depth-first search, one per back edge, as node paths
 * that start and end with the same node (`['a', 'b', 'a']`). Edges to unknown nodes are
 * ignored; they are reported by the caller's own rule.
 */
export function findCycles(edges: Edges): string[][] {
  // The state of each node by its position in keys(): an array of bytes, not a Map of 10,000 names.
  const names = [...edges.keys()];
  const ids = firstIndexes(names, (name) => name);
  const state = new Uint8Array(names.length);
  const cycles: string[][] = [];
  for (const [rootId, root] of names.entries()) {
    if (state[rootId] !== UNSEEN) continue;
    // Iterative DFS (a huge admitted pipeline must not overflow the call stack).
    const path: string[] = [root];
    const nextEdge: number[] = [0];
    state[rootId] = ACTIVE;
    while (path.length > 0) {
      const depth = path.length - 1;
      const node = path[depth] ?? '';
      const index = nextEdge[depth] ?? 0;
      const targets = edges.get(node) ?? [];
      if (index >= targets.length) {
        state[ids.get(node) ?? 0] = DONE;
        path.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[depth] = index + 1;
      const next = targets[index] ?? '';
      const nextId = ids.get(next);
      if (nextId === undefined) continue;
      if (state[nextId] === ACTIVE) cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (state[nextId] === UNSEEN) {
        state[nextId] = ACTIVE;
        path.push(next);
        nextEdge.push(0);
      }
    }
  }
  return cycles;
}

/**
 * "Has `ancestor` certainly finished before `node`?" for every pair, answered from one
 * transitive closure held as bitsets: a node's ancestors are its dependencies plus theirs,
 * computed once per node (on its first question) in dependency order. Cost is about
 * nodes x edges / 32 word operations and nodes^2 / 8 bytes (12.5 MB for 10,000 steps),
 * so checking every template reference stays fast even when every step reads the first.
 * Nodes on a cycle see only what is reachable before the cycle closes (cycles are
 * reported by findCycles).
 */
export function ancestry(edges: Edges): { ancestorsOf(node: string): { has(ancestor: string): boolean } } {
  // Built on the first question: a pipeline whose templates read no step pays nothing.
  let closure: Closure | undefined;
  return {
    ancestorsOf(node) {
      return { has: (ancestor) => (closure ??= transitiveClosure(edges)).has(node, ancestor) };
    },
  };
}

interface Closure { has(node: string, ancestor: string): boolean }

function transitiveClosure(edges: Edges): Closure {
  const names = [...edges.keys()];
  const index = new Map(names.map((name, i) => [name, i]));
  const deps = names.map((name) => (edges.get(name) ?? []).flatMap((dep) => {
    const i = index.get(dep);
    return i === undefined ? [] : [i];
  }));
  const words = Math.ceil(names.length / 32);
  const closure = new Map<number, Uint32Array>();
  const bitsOf = (start: number): Uint32Array => {
    const stack: number[] = [start];
    const onStack = new Set<number>([start]);
    while (stack.length > 0) {
      const node = stack[stack.length - 1]!;
      const pending = deps[node]!.filter((dep) => !closure.has(dep) && !onStack.has(dep));
      if (pending.length > 0) {
        for (const dep of pending) { stack.push(dep); onStack.add(dep); }
        continue;
      }
      stack.pop();
      const bits = new Uint32Array(words);
      for (const dep of deps[node]!) {
        bits[dep >>> 5]! |= 1 << (dep & 31);
        const inherited = closure.get(dep);
        if (inherited) for (let w = 0; w < words; w++) bits[w]! |= inherited[w]!;
      }
      closure.set(node, bits);
    }
    return closure.get(start)!;
  };
  return {
    has(node, ancestor) {
      const start = index.get(node);
      const i = index.get(ancestor);
      if (start === undefined || i === undefined) return false;
      // Each node's bits are computed on its first question.
      const bits = closure.get(start) ?? bitsOf(start);
      return (bits[i >>> 5]! & (1 << (i & 31))) !== 0;
    },
  };
}

export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}
