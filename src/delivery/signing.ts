import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks' form of a secret: `whsec_` + base64 of the key bytes. A receiver hands it to the
 * reference libraries (`standardwebhooks`, `svix`) as it is, and they verify the hub's pushes unchanged.
 */
export const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks: keys of 24 to 64 bytes. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
/** The older form: the secret text itself was the key (UTF-8). Still accepted, so existing receivers keep verifying. */
const MIN_LEGACY_CHARS = 32;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The HMAC key of a secret. Secrets stored before the Standard Webhooks form (plain text, the text's
 * bytes were the key) stay readable as they are: no stored secret had to be re-encrypted.
 */
export function keyBytes(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX) ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** Why a secret cannot be used, or null. */
export function secretProblem(secret: string): string | null {
  if (!secret.startsWith(SECRET_PREFIX)) {
    return secret.length >= MIN_LEGACY_CHARS ? null : `geheim: whsec_ + base64 van ${MIN_KEY_BYTES}–${MAX_KEY_BYTES} willekeurige bytes (Standard Webhooks)`;
  }
  const b64 = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(b64)) return 'geheim: na whsec_ volgt base64 (A–Z, a–z, 0–9, + en /, met = aangevuld)';
  const n = Buffer.from(b64, 'base64').length;
  return n >= MIN_KEY_BYTES && n <= MAX_KEY_BYTES ? null : `geheim: ${n} bytes; Standard Webhooks vraagt ${MIN_KEY_BYTES}–${MAX_KEY_BYTES}`;
}

/**
 * A secret in Standard Webhooks form with the same key bytes: an older plain-text secret becomes
 * `whsec_` + base64 of its text, so the signatures (and receivers that verify them) stay the same.
 */
export function standardSecret(secret: string): string {
  return secret.startsWith(SECRET_PREFIX) ? secret : SECRET_PREFIX + Buffer.from(secret, 'utf8').toString('base64');
}

/**
 * Standard Webhooks signature (spec §10): HMAC-SHA256 over `id.timestamp.body`, sent as
 * `webhook-signature: v1,<base64>`; with several active secrets (rotation), one entry per secret.
 */
export function sign(secrets: string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => `v1,${createHmac('sha256', keyBytes(s)).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ');
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
