import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { describeSent, fuzzRuns, newSent, post, uploadBody } from '../../test/fuzz.ts';

// Issue 13 point 3: no upload a client can send gives a 5xx, and none ends `mislukt`: bad quotes,
// NUL cells, bad headers, wrong content types, random bytes. With src/intake/input.fuzz.test.ts: 20,500 requests in CI, half on each engine (fuzzRuns).
const RUNS = fuzzRuns(10_900);

let hub: TestHub;
let dataDir: string;
const school = demo('vo-school', 0);
const sent = newSent();

beforeAll(async () => {
  // Thousands of spooled files: in a directory of this run's own, removed afterwards.
  dataDir = await mkdtemp(path.join(tmpdir(), 'vva-upload-fuzz-'));
  hub = await createTestHub({ clockStart: '2027-03-01T12:00:00+01:00', env: { VVA_DATA_DIR: dataDir } });
  await hub.party(school.oin);
});
afterAll(async () => {
  console.log(`upload fuzz: ${describeSent(sent)}`);
  await hub.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('no upload gives a 5xx', { timeout: 420_000 }, () => {
  it(`${RUNS} uploads; every accepted one ends klaar, none mislukt`, async () => {
    await fc.assert(fc.asyncProperty(uploadBody, async ({ type, payload }) => {
      await post(hub, sent, '/api/v1/uploads', school.oin, type, payload);
    }), { numRuns: RUNS });
    expect(sent.requests).toBe(RUNS);
    let by: Record<string, number> = {};
    for (let i = 0; i < 600; i++) {
      const { rows } = await hub.db.query<{ status: string; n: number }>('select status, count(*)::int as n from upload group by status');
      by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      if (!by.verwerken) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(by).toEqual({ klaar: sent.byStatus.get(202) });
  });
});
