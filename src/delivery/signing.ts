import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard-Webhooks style signature (spec §10): HMAC-SHA256 over `id.timestamp.body`, sent as
 * `webhook-signature: v1,<base64>`; with several active secrets (rotation), one entry per secret.
 */
export function sign(secrets: string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => `v1,${createHmac('sha256', s).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ');
}

/** What a receiver does: recompute with its secret, compare in constant time, refuse stale timestamps. */
export function verify(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(sign([secret], headers.id, ts, body).slice(3), 'base64');
  return headers.signature.split(' ').some((entry) => {
    const given = Buffer.from(entry.replace(/^v1,/, ''), 'base64');
    return entry.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
