import { describe, expect, it } from 'vitest';
import { nextDelayMs, parseRetryAfter } from './backoff.ts';
import { SecretBox } from './secrets.ts';
import { sign, verify } from './signing.ts';

describe('webhook signature', () => {
  const body = '{"id":"x"}';
  it('verifies with the right key and fails with a wrong key, a changed body or a stale timestamp', () => {
    const ts = 1_800_000_000;
    const signature = sign(['geheim-een-0123456789abcdef0123456789'], 'evt-1', ts, body);
    const headers = { id: 'evt-1', timestamp: String(ts), signature };
    expect(verify('geheim-een-0123456789abcdef0123456789', headers, body, ts)).toBe(true);
    expect(verify('ander-geheim-0123456789abcdef012345678', headers, body, ts)).toBe(false);
    expect(verify('geheim-een-0123456789abcdef0123456789', headers, body + ' ', ts)).toBe(false);
    expect(verify('geheim-een-0123456789abcdef0123456789', headers, body, ts + 3600)).toBe(false);
  });
  it('signs with every active secret during a rotation', () => {
    const signature = sign(['oud-0123456789abcdef0123456789abcd', 'nieuw-0123456789abcdef0123456789abc'], 'e', 1, body);
    expect(signature.split(' ')).toHaveLength(2);
    expect(verify('oud-0123456789abcdef0123456789abcd', { id: 'e', timestamp: '1', signature }, body, 1)).toBe(true);
    expect(verify('nieuw-0123456789abcdef0123456789abc', { id: 'e', timestamp: '1', signature }, body, 1)).toBe(true);
  });
});

describe('retry schedule', () => {
  const opts = { baseMs: 10_000, maxMs: 3_600_000 };
  it('doubles from the base up to the cap, with jitter between half and the whole', () => {
    expect(nextDelayMs(1, opts, () => 0)).toBe(5_000);
    expect(nextDelayMs(1, opts, () => 1)).toBe(10_000);
    expect(nextDelayMs(4, opts, () => 1)).toBe(80_000);
    expect(nextDelayMs(30, opts, () => 1)).toBe(3_600_000);
  });
  it('keeps retrying for at least 72 hours under the defaults (even with the least jitter)', () => {
    let total = 0;
    let attempts = 0;
    while (total < 72 * 3_600_000) total += nextDelayMs(++attempts, opts, () => 0);
    expect(attempts).toBeGreaterThan(70);
    expect(attempts).toBeLessThan(160);
  });
  it('honours Retry-After as a floor, in seconds or as a date', () => {
    const now = new Date('2027-03-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 01 Mar 2027 10:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('onzin', now)).toBeNull();
    expect(nextDelayMs(1, { ...opts, retryAfterMs: 120_000 }, () => 1)).toBe(120_000);
  });
});

describe('secrets at rest', () => {
  it('round-trips and never stores the plain secret', () => {
    const box = new SecretBox('sleutel-voor-tests-0123456789abcdef');
    const sealed = box.seal('mijn-webhook-geheim');
    expect(sealed).not.toContain('mijn-webhook-geheim');
    expect(box.open(sealed)).toBe('mijn-webhook-geheim');
    expect(() => new SecretBox('een-andere-sleutel-0123456789abcdef').open(sealed)).toThrow();
  });
});
