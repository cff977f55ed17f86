/**
 * Runs `fn` over `items` with at most `limit` at a time; the results keep the order of the items.
 * After a failure no further item starts (the caller has the rejection; what runs finishes), as one
 * after the other would have stopped there.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  }));
  return results;
}
