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

/** The distinct items, in first-seen order. */
export const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];
