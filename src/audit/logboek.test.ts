import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, get, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';
import type { LdvRecord } from './logboek.ts';

/** Issue 13: the audit log in the shape of Logius' Logboek Dataverwerkingen, and the register it points to. */
let hub: TestHub;
const school = demo('vo-school');
const roc = demo('mbo-instelling');
const gemeente = demo('gemeente');
const beheer = demo('beheer');
const pgn = nieuwePgn();
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-02-15T10:00:00+01:00' });
  for (const p of [school, roc, gemeente, beheer]) await hub.party(p.oin);
  await hub.app.inject({
    method: 'POST', url: '/api/v1/mbo-gangerberichten', payload: { berichten: [mboGanger({ pgn })] },
    headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}`, traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
  });
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn })]);
  await get(hub, school.oin, '/api/v1/vo-scholen/18BR/overzicht');
  await get(hub, gemeente.oin, '/api/v1/vo-scholen/18BR/overzicht'); // refused: audited as well
});
afterAll(() => hub.close());

async function exportAll(): Promise<LdvRecord[]> {
  const out: LdvRecord[] = [];
  for (let na = 0; ;) {
    const res = await get(hub, beheer.oin, `/api/v1/beheer/audit/logboek?na=${na}&limit=7`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    out.push(...body.records);
    if (body.volgende === null) return out;
    na = body.volgende;
  }
}
const attr = (r: LdvRecord, key: string) => r.attributes.find((a) => a.key === key)?.value;

describe('Logboek Dataverwerkingen export', () => {
  it('gives every audit record with trace and span ids, a status and the core attributes, in pages', async () => {
    const records = await exportAll();
    const { rows } = await hub.db.query<{ n: number }>('select count(*)::int as n from audit_log');
    expect(records).toHaveLength(rows[0]!.n);
    for (const r of records) {
      expect(r.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(r.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(r.status_code).toMatch(/^STATUS_CODE_(OK|ERROR)$/);
      expect(r.resource.attributes).toContainEqual({ key: 'service.name', value: 'open-vva' });
    }
    expect(new Set(records.map((r) => r.span_id)).size).toBe(records.length);
    expect(JSON.stringify(records)).not.toContain(pgn);
  });

  it('names the pupil only by pseudonym, and carries the trace id of the request that caused it', async () => {
    const records = await exportAll();
    const ontvangen = records.find((r) => r.name === 'mbo-gangerbericht-ontvangen')!;
    expect(attr(ontvangen, 'dpl.core.data_subject_id')).toBe(hub.ctx.audit.pseudonym(pgn));
    expect(attr(ontvangen, 'dpl.core.data_subject_id_type')).toMatch(/pseudoniem/);
    expect(ontvangen.trace_id).toBe(TRACE);
    expect(records.find((r) => r.name === 'toegang-geweigerd')?.status_code).toBe('STATUS_CODE_ERROR');
  });

  it('points every record of real traffic to an activity in the public register', async () => {
    const records = await exportAll();
    const ids = new Set(records.map((r) => attr(r, 'dpl.core.processing_activity_id')!));
    expect([...ids].filter((u) => u.endsWith('/onbekend'))).toEqual([]);
    for (const url of ids) {
      const res = await hub.app.inject({ method: 'GET', url: new URL(url).pathname }); // no credentials
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: url.split('/').at(-1), grondslag: expect.any(String) });
    }
    expect(ids.size).toBeGreaterThanOrEqual(3);
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/verwerkingsactiviteiten/bestaat-niet' })).statusCode).toBe(404);
  });

  it('is for beheer only', async () => {
    expect((await get(hub, school.oin, '/api/v1/beheer/audit/logboek')).statusCode).toBe(403);
  });
});
