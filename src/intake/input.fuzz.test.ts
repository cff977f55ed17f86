import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { nastyBatchOf, validAanmeldstatus, validMboGanger } from '../../test/arbitraries.ts';
import { describeSent, fuzzRuns, jsonContentType, newSent, post } from '../../test/fuzz.ts';

// Issue 13 point 3: no message a client can send gives a 5xx. Many small batches, mostly bad (NUL,
// lone surrogates, moments out of range, any value in any field), through the real app. Together with
// src/upload/upload.fuzz.test.ts: 20,500 requests in CI, half on each engine (see fuzzRuns; two files of about equal duration, so vitest runs
// them side by side; ~7 ms of CPU per request, two thirds of it in the intake transaction).
const RUNS = fuzzRuns(4_800);

let hub: TestHub;
const school = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);
const sent = newSent();

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-03-01T12:00:00+01:00' });
  await hub.party(school.oin);
  await hub.party(roc.oin);
});
afterAll(async () => {
  console.log(`intake fuzz: ${describeSent(sent)}`);
  await hub.close();
});

function batchProperty(path: string, oin: string, valid: fc.Arbitrary<Record<string, unknown>>) {
  return fc.asyncProperty(nastyBatchOf(valid), jsonContentType, async (batch, type) => {
    const res = await post(hub, sent, `/api/v1/${path}`, oin, type, JSON.stringify({ berichten: batch }));
    if (res.statusCode === 200) expect(res.json().resultaten).toHaveLength(batch.length);
  });
}

describe('no message gives a 5xx', { timeout: 420_000 }, () => {
  it(`mbo-gangerberichten: ${RUNS} requests`, async () => {
    await fc.assert(batchProperty('mbo-gangerberichten', school.oin, validMboGanger), { numRuns: RUNS });
  });

  it(`aanmeldstatusberichten: ${RUNS} requests`, async () => {
    await fc.assert(batchProperty('aanmeldstatusberichten', roc.oin, validAanmeldstatus), { numRuns: RUNS });
    expect(sent.requests).toBe(2 * RUNS);
  });
});
