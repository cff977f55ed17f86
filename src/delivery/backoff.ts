/**
 * When to try again after a failed attempt (spec §10). Exponential from `baseMs`, doubling per
 * attempt up to `maxMs`, with "equal jitter" (half fixed, half random) so that receivers coming back
 * up are not hit by every hub process at once. A `Retry-After` from the receiver (429/503) is a floor.
 * With the defaults (10 s, 1 h cap) the 10th retry is the first at the cap; 72 h takes 80 to 145
 * attempts depending on the jitter.
 */
export function nextDelayMs(attempt: number, opts: { baseMs: number; maxMs: number; retryAfterMs?: number | null }, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const jittered = exp / 2 + (exp / 2) * random();
  return Math.max(jittered, opts.retryAfterMs ?? 0);
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
