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

// Several processes share the server's lock table (spec §19): a process holds at most its
// VVA_INTAKE_TRANSACTIES batches' pupil locks at once, however many requests arrive together.
describe.skipIf(!process.env.DATABASE_URL)('intake transactions of one process', () => {
  it('hold the pupils of at most VVA_INTAKE_TRANSACTIES batches locked at once', async () => {
    const beperkt = await createTestHub({ clockStart: '2027-03-01T12:00:00+01:00', env: { VVA_INTAKE_TRANSACTIES: '2' } });
    try {
      await beperkt.party(school.oin);
      const batches = Array.from({ length: 8 }, () => Array.from({ length: 1000 }, () => mboGanger({ pgn: nieuwePgn(), tijdstip: '2027-01-10T10:00:00+01:00' })));
      let meest = 0;
      let bezig = true;
      const teller = (async () => {
        while (bezig) {
          const { rows } = await beperkt.db.query<{ n: number }>(`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`);
          meest = Math.max(meest, rows[0]!.n);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const antwoorden = await Promise.all(batches.map((b) => send(beperkt, 'mbo-gangerberichten', school.oin, b)));
      bezig = false;
      await teller;
      for (const a of antwoorden) expect(a.statusCode).toBe(200);
      expect(meest).toBeGreaterThan(0); // the count saw a batch at work
      expect(meest).toBeLessThanOrEqual(2 * 1000 + 10); // + the hub's few other advisory locks (the distributor's turn)
    } finally {
      await beperkt.close();
    }
  });
});
