import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { AuthFailureTracker } from './limits.ts';

// Issue 13 point 4: rate limits per credential and per address (429 + Retry-After), and a growing
// wait after repeated failed authentication from one address.

let hub: TestHub;
const school = demo('vo-school', 0);
const other = demo('vo-school', 1);

beforeAll(async () => {
  hub = await createTestHub({
    env: { VVA_RATE_LIMIT_PER_CREDENTIAL: '20', VVA_RATE_LIMIT_PER_ADDRESS: '50', VVA_AUTH_FAILURES_MAX: '5', VVA_AUTH_LOCKOUT_BASE_MS: '1000' },
  });
  await hub.party(school.oin);
  await hub.party(other.oin);
});
afterAll(() => hub.close());

const identiteit = (remoteAddress: string, token?: string) =>
  hub.app.inject({ url: '/api/v1/identiteit', remoteAddress, headers: token ? { authorization: `Bearer ${token}` } : {} });

function expect429(res: Awaited<ReturnType<typeof identiteit>>) {
  expect(res.statusCode).toBe(429);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 429, type: 'urn:nl:vva:probleem:te-veel-verzoeken' });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  return retryAfter;
}

describe('rate limits', () => {
  it('a burst with one credential gets 429 with Retry-After after the limit; another credential goes on', async () => {
    const codes = [];
    for (let i = 0; i < 25; i++) codes.push((await identiteit('10.0.1.1', hub.tokenOf(school.oin))).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
    expect(codes.slice(20)).toEqual([429, 429, 429, 429, 429]);
    expect(expect429(await identiteit('10.0.1.2', hub.tokenOf(school.oin)))).toBeLessThanOrEqual(60); // the credential, from anywhere
    expect((await identiteit('10.0.1.1', hub.tokenOf(other.oin))).statusCode).toBe(200);
  });

  it('a burst from one address gets 429, whatever credentials it uses; /health stays open to it', async () => {
    const codes = [];
    for (let i = 0; i < 55; i++) codes.push((await identiteit('10.0.2.1', i % 2 ? undefined : 'onbekend-token-' + i)).statusCode);
    // Without a valid token every request is a 401 until the address limit; those 401s also count as
    // failures, so the failed-auth wait starts first (after 5).
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    expect((await hub.app.inject({ url: '/health', remoteAddress: '10.0.2.1' })).statusCode).toBe(200);

    for (let i = 0; i < 50; i++) await hub.app.inject({ url: '/api/v1/openapi.json', remoteAddress: '10.0.2.9' });
    expect429(await identiteit('10.0.2.9', hub.tokenOf(other.oin)));
    expect((await identiteit('10.0.2.10', hub.tokenOf(other.oin))).statusCode).toBe(200);
  });
});

describe('failed authentication', () => {
  it('after 5 failures an address waits (429, Retry-After), valid token or not; then the wait doubles', async () => {
    for (let i = 0; i < 5; i++) expect((await identiteit('10.0.3.1', `geraden-${i}`)).statusCode).toBe(401);
    expect(expect429(await identiteit('10.0.3.1', `geraden-x`))).toBe(1);
    // No credential check while waiting: not even a right guess gets through.
    expect429(await identiteit('10.0.3.1', hub.tokenOf(other.oin)));
    expect((await identiteit('10.0.3.2', hub.tokenOf(other.oin))).statusCode).toBe(200);
    expect((await hub.app.inject({ url: '/metrics' })).body).toMatch(/vva_http_te_veel_verzoeken_total\{grens="aanmelden"\} [1-9]/);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await identiteit('10.0.3.1', 'geraden-y')).statusCode).toBe(401);
    expect(expect429(await identiteit('10.0.3.1', 'geraden-z'))).toBe(2);
  });

  it('the wait doubles per failure up to the maximum, and failures age out', () => {
    let now = 0;
    const tracker = new AuthFailureTracker({ max: 3, windowMs: 60_000, lockoutBaseMs: 1_000, lockoutMaxMs: 8_000 }, 10, () => now);
    const waits = [];
    for (let i = 0; i < 7; i++) {
      now += tracker.waitFor('a');
      tracker.failed('a');
      waits.push(tracker.waitFor('a'));
    }
    expect(waits).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 8_000]);
    now += 60_001 + tracker.waitFor('a');
    tracker.failed('a');
    expect(tracker.waitFor('a')).toBe(0);
    // The table is bounded: the oldest address is forgotten first.
    for (let i = 0; i < 20; i++) for (let j = 0; j < 3; j++) tracker.failed(`x${i}`);
    expect(tracker.waitFor('x0')).toBe(0);
    expect(tracker.waitFor('x19')).toBeGreaterThan(0);
  });
});
