// Name lookups over the lists of a team (roles, steps, tools), which may hold thousands of
// entries. A Map costs about 60 bytes an entry, and each time it grows it leaves its old
// table behind in the old generation; this index is one Int32Array (4 bytes an entry) of
// the entries sorted by name, searched by bisection.

/** Name → index of the first entry with that name. */
export interface FirstIndex {
  get(name: string): number | undefined;
  has(name: string): boolean;
  /** Each name once, in the order of first appearance. */
  keys(): Iterable<string>;
}

export function firstIndexes<T>(list: readonly T[], nameOf: (item: T) => string): FirstIndex {
  const name = (index: number): string => nameOf(list[index] as T);
  // Sorted by name, then by position, so the first entry of a name comes first.
  const order = Int32Array.from(list, (_, index) => index).sort((a, b) => compareNames(name(a), name(b)) || a - b);
  const get = (wanted: string): number | undefined => {
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareNames(name(order[middle]!), wanted) < 0) low = middle + 1;
      else high = middle;
    }
    const found = order[low];
    return found !== undefined && name(found) === wanted ? found : undefined;
  };
  return {
    get,
    has: (wanted) => get(wanted) !== undefined,
    *keys() {
      for (let index = 0; index < list.length; index++) if (get(name(index)) === index) yield name(index);
    },
  };
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
