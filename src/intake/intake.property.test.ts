import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { batchOf, validAanmeldstatus, validMboGanger } from '../../test/arbitraries.ts';

// CI replays a fixed seed (a red run must mean a regression); local runs explore new random inputs.
if (process.env.CI) fc.configureGlobal({ seed: 20_261_123 });

let hub: TestHub;
const school = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-03-01T12:00:00+01:00' });
  await hub.party(school.oin);
  await hub.party(roc.oin);
});
afterAll(() => hub.close());

async function counts() {
  const { rows } = await hub.db.query<{ ontvangen: number; mbo_ganger: number; aanmelding: number; uitgaand: number }>(
    `select (select count(*) from feit where soort <> 'audit')::int as ontvangen, (select count(*) from mbo_ganger)::int as mbo_ganger,
            (select count(*) from aanmelding)::int as aanmelding, (select count(*) from uitgaand_bericht)::int as uitgaand`);
  return rows[0]!;
}

const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;

interface Result { berichtId: string | null; resultaat: string; problemen?: { name: string; reason: string }[] }

async function checkBatch(path: string, oin: string, batch: unknown[]) {
  const before = await counts();
  const payload = JSON.stringify({ berichten: batch });
  const res = await hub.app.inject({ method: 'POST', url: `/api/v1/${path}`, headers: { authorization: `Bearer ${hub.tokenOf(oin)}`, 'content-type': 'application/json' }, payload });
  if (/"(__proto__|constructor)"/.test(payload) && res.statusCode === 400) {
    // Prototype-poisoning keys make Fastify refuse the whole body: one problem+json, nothing applied.
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await counts()).toEqual(before);
    return;
  }
  expect(res.statusCode).toBe(200);
  const resultaten = res.json().resultaten as Result[];
  expect(resultaten).toHaveLength(batch.length);
  resultaten.forEach((r, i) => {
    const raw = batch[i] as { berichtId?: unknown } | null;
    // A sender's berichtId is echoed only when it is a UUID (anything else never reaches results or audit).
    if (typeof raw?.berichtId === 'string' && UUID.test(raw.berichtId)) expect(r.berichtId).toBe(raw.berichtId);
    else expect(r.berichtId).toBeNull();
    if (r.resultaat === 'AFGEWEZEN') {
      expect(r.problemen!.length).toBeGreaterThan(0);
      for (const p of r.problemen!) {
        expect(p.name).toMatch(/\S/);
        expect(p.reason).toMatch(/\S/);
      }
    } else {
      expect(['VERWERKT', 'VEROUDERD', 'DUPLICAAT']).toContain(r.resultaat);
    }
  });
  const after = await counts();
  const accepted = resultaten.filter((r) => r.resultaat === 'VERWERKT' || r.resultaat === 'VEROUDERD').length;
  // Only accepted messages leave a trace; rejected and duplicate ones change nothing.
  expect(after.ontvangen - before.ontvangen).toBe(accepted);
  if (!resultaten.some((r) => r.resultaat === 'VERWERKT')) {
    expect(after).toEqual({ ...before, ontvangen: after.ontvangen });
  }
}

describe('intake under random and mutated input', { timeout: 120_000 }, () => {
  it('mbo-gangerberichten: never a 5xx, every rejection names its fields, rejections change nothing', async () => {
    await fc.assert(fc.asyncProperty(batchOf(validMboGanger), (batch) => checkBatch('mbo-gangerberichten', school.oin, batch)), { numRuns: 200 });
  });

  it('aanmeldstatusberichten: the same, including transitions between random statuses', async () => {
    await fc.assert(fc.asyncProperty(batchOf(validAanmeldstatus), (batch) => checkBatch('aanmeldstatusberichten', roc.oin, batch)), { numRuns: 200 });
  });

  it('a malformed envelope is one problem+json 400, never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ berichten: fc.anything() }), fc.record({ berichten: fc.constant([]) })), async (body) => {
      const res = await hub.app.inject({ method: 'POST', url: '/api/v1/mbo-gangerberichten', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? 'null' });
      expect(res.statusCode).toBeLessThan(500);
      if (res.statusCode !== 200) {
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().status).toBe(res.statusCode);
      }
    }), { numRuns: 200 });
  });

  it('resending a whole accepted batch changes nothing and answers DUPLICAAT for each', async () => {
    await fc.assert(fc.asyncProperty(fc.array(validMboGanger, { minLength: 1, maxLength: 20 }), async (batch) => {
      const send = () => hub.app.inject({ method: 'POST', url: '/api/v1/mbo-gangerberichten', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}` }, payload: { berichten: batch } });
      const first = (await send()).json().resultaten as Result[];
      const before = await counts();
      const second = (await send()).json().resultaten as Result[];
      expect(await counts()).toEqual(before);
      expect(second.map((r) => r.resultaat)).toEqual(batch.map(() => 'DUPLICAAT'));
      expect(second.map((r) => (r as Result & { origineel?: string }).origineel)).toEqual(first.map((r) => (r.resultaat === 'DUPLICAAT' ? (r as Result & { origineel?: string }).origineel : r.resultaat)));
    }), { numRuns: 30 });
  });
});
