import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';
import { purgeDelivered } from './service.ts';

/**
 * Spec §14: an event that was delivered, or that its recipient acknowledged by pulling past it, loses
 * its payload 30 days on; one that is neither stays, however old. The attempts of those that go, go with them.
 */
let hub: TestHub;
const school = demo('vo-school', 0); // 18BR: gets its pupils' statuses in its inbox
const roc = demo('mbo-instelling', 0);
const pupils = Array.from({ length: 5 }, () => nieuwePgn());

/** The school's events in inbox order, by pupil. */
async function inbox(): Promise<{ id: number; eventId: string; pgn: string }[]> {
  const { rows } = await hub.db.query<{ id: string; event_id: string; pgn: string }>(
    `select id::text, event_id, data->>'pgn' as pgn from uitgaand_bericht where ontvanger_oin = $1 order by id`, [school.oin]);
  return rows.map((r) => ({ id: Number(r.id), eventId: r.event_id, pgn: r.pgn }));
}

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-02-15T10:00:00+01:00' });
  for (const p of [school, roc]) await hub.party(p.oin);
  await send(hub, 'mbo-gangerberichten', school.oin, pupils.map((pgn) => mboGanger({ pgn, tijdstip: '2027-01-10T10:00:00+01:00' })));
  // Four statuses on 10 February, of which the school acknowledges the first two; the fifth, delivered, on 15 March.
  for (const pgn of pupils.slice(0, 4)) await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn, tijdstip: '2027-02-10T10:00:00+01:00' })]);
  await hub.ctx.distributor.drain();
  const [eerste, tweede, derde, vierde] = await inbox();
  await pull(hub, school.oin, `?na=${tweede!.id}`);
  // The third was pushed and delivered; the first and the fourth each had an attempt.
  await hub.db.query(`insert into aflevering (event_id, uitgaand_id, ontvanger_oin, status) values ($1, $2, $3, 'afgeleverd')`, [derde!.eventId, derde!.id, school.oin]);
  await hub.db.query(`insert into afleverpoging (event_id, tijdstip, http_status, duur_ms, fout, klaar) select e, now(), 200, 3, null, true from unnest($1::uuid[]) e`,
    [[eerste!.eventId, derde!.eventId, vierde!.eventId]]);
  hub.clock.set(new Date('2027-03-15T10:00:00+01:00'));
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: pupils[4], tijdstip: '2027-03-15T09:00:00+01:00' })]);
  await hub.ctx.distributor.drain();
  const vijfde = (await inbox()).at(-1)!;
  await hub.db.query(`insert into aflevering (event_id, uitgaand_id, ontvanger_oin, status) values ($1, $2, $3, 'afgeleverd')`, [vijfde.eventId, vijfde.id, school.oin]);
});
afterAll(() => hub.close());

describe('delivered events past their retention (spec §14)', () => {
  it('removes the delivered and the acknowledged ones older than 30 days with their attempts, in batches; keeps the rest', async () => {
    hub.clock.set(new Date('2027-03-20T10:00:00+01:00'));
    // Batches of two: the second batch goes on after the first one's last row.
    expect(await purgeDelivered(hub.ctx, 2)).toBe(3);
    expect((await inbox()).map((e) => e.pgn)).toEqual([pupils[3], pupils[4]]);
    const { rows } = await hub.db.query<{ event_id: string }>('select event_id from afleverpoging');
    expect(rows.map((r) => r.event_id)).toEqual([(await inbox())[0]!.eventId]);
    // Nothing more to do: a second run removes nothing.
    expect(await purgeDelivered(hub.ctx, 2)).toBe(0);
  });
});
