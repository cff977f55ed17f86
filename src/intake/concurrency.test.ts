import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';

let hub: TestHub;
const school = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);
const pupils = Array.from({ length: 25 }, () => nieuwePgn());

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-03-01T12:00:00+01:00' });
  await hub.party(school.oin);
  await hub.party(roc.oin);
  await send(hub, 'mbo-gangerberichten', school.oin, pupils.map((pgn) => mboGanger({ pgn, tijdstip: '2027-01-10T10:00:00+01:00' })));
});
afterAll(() => hub.close());

describe('concurrent batches about the same pupils', () => {
  it('keep the newest status per registration and a pull cursor that never skips an event', async () => {
    const writers = 8;
    // Writer w sends status for every pupil's one registration, at minute w: the last writer's minute wins.
    const batches = Array.from({ length: writers }, (_, w) =>
      pupils.map((pgn, i) => aanmeldstatus({ pgn, aanmeldingId: `90AA:${String(50_000_000 + i).padStart(8, '0')}`, status: w % 2 ? 'OA' : 'AO', tijdstip: `2027-02-01T10:${String(w).padStart(2, '0')}:00+01:00` })));

    const seen: string[] = [];
    let cursor = '0';
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const inbox = await pull(hub, school.oin, `?na=${cursor}&limit=1000`);
        seen.push(...inbox.berichten.map((e) => e.id));
        cursor = inbox.volgende;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const responses = await Promise.all(batches.map((b) => send(hub, 'aanmeldstatusberichten', roc.oin, b)));
    writing = false;
    await reader;
    const rest = await pull(hub, school.oin, `?na=${cursor}&limit=1000`);
    seen.push(...rest.berichten.map((e) => e.id));

    for (const r of responses) expect(r.statusCode).toBe(200);
    const verwerkt = responses.flatMap((r) => r.json().resultaten).filter((r: { resultaat: string }) => r.resultaat === 'VERWERKT').length;
    expect(verwerkt).toBeGreaterThanOrEqual(pupils.length);

    const { rows } = await hub.db.query<{ tijdstip: Date; status: string }>(`select tijdstip, status from aanmelding where brin_mbo = '90AA'`);
    expect(rows).toHaveLength(pupils.length);
    for (const r of rows) {
      expect(r.tijdstip.toISOString()).toBe(new Date(`2027-02-01T10:0${writers - 1}:00+01:00`).toISOString());
      expect(r.status).toBe('OA');
    }

    // Every accepted status produced one event for the school; the incremental reader saw each exactly once.
    const { rows: all } = await hub.db.query<{ event_id: string }>('select event_id from uitgaand_bericht where ontvanger_oin = $1 order by id', [school.oin]);
    expect(all).toHaveLength(verwerkt);
    expect(seen).toEqual(all.map((r) => r.event_id));
  });
});
