/** Groups items by a key, keeping their order within each group. */
export function groupBy<T>(xs: Iterable<T>, key: (x: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = map.get(k);
    if (list) list.push(x);
    else map.set(k, [x]);
  }
  return map;
}

/**
 * `f` remembered for at most `max` keys, forgotten all at once when full: for pure functions asked the
 * same thing many times in a row (a batch's pupils, its hours), where an LRU's bookkeeping buys nothing.
 */
export function memoBounded<K, V>(max: number, f: (k: K) => V): (k: K) => V {
  const memo = new Map<K, V>();
  return (k) => {
    let v = memo.get(k);
    if (v === undefined) {
      if (memo.size >= max) memo.clear();
      v = f(k);
      memo.set(k, v);
    }
    return v;
  };
}

/** The distinct items, in first-seen order. */
export const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

/**
 * The list with the item that `same` picks replaced by `item` in its place, or `item` appended: the
 * order a Map keeps when a key is set again, so a group kept this way stays equal to regrouping the Map.
 */
export function replaceOrAppend<T>(xs: readonly T[], same: (x: T) => boolean, item: T): T[] {
  const i = xs.findIndex(same);
  return i < 0 ? [...xs, item] : xs.map((x, j) => (j === i ? item : x));
}
