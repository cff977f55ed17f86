import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { analyseer } from '../db/analyse.ts';
import { RECIPIENTS_DUE, START_ROUND, recipientsDue, startRound } from './store.ts';

/**
 * The delivery's probes stay walks along their indexes after a bulk: the planner's statistics were
 * taken while thousands of deliveries waited, and they are all delivered now. With those statistics
 * the sweep planned a scan of the whole table per webhook, and a round a hash join over the whole
 * outbox (B2 after the bulk, docs/benchmarks.md); on both engines the plans are checked here.
 */
let hub: TestHub;
const school = demo('vo-school', 0);
const gemeente = demo('gemeente', 0);
const BULK = 4_000;

/** Every table the plan reads from with a sequential scan. */
function seqScans(plan: unknown): string[] {
  const node = plan as { 'Node Type'?: string; 'Relation Name'?: string; Plans?: unknown[] };
  const here = node['Node Type'] === 'Seq Scan' ? [node['Relation Name']!] : [];
  return [...here, ...(node.Plans ?? []).flatMap(seqScans)];
}

async function scannedTables(sql: string, params: unknown[]): Promise<string[]> {
  // A round writes its attempts: explained in a transaction that is rolled back.
  let plan: unknown;
  await hub.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${sql}`, params);
    const json = rows[0]!['QUERY PLAN'];
    plan = (typeof json === 'string' ? JSON.parse(json) : json)[0].Plan;
    throw new Rollback();
  }).catch((err) => {
    if (!(err instanceof Rollback)) throw err;
  });
  return seqScans(plan);
}
class Rollback extends Error {}

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [school, gemeente]) await hub.party(p.oin);
  await hub.db.query(`insert into webhook (oin, url, geheimen, actief, bijgewerkt) select oin, 'https://ontvanger.example/vva', '[]'::jsonb, true, now() from unnest($1::varchar[]) oin`, [[school.oin, gemeente.oin]]);
  // The bulk: thousands of events waiting for the two recipients, with statistics taken then.
  await hub.db.query(
    `insert into uitgaand_bericht (event_id, ontvanger_oin, cyclus, type, volgorde_sleutel, tijd, data)
     select gen_random_uuid(), case when i % 2 = 0 then $1 else $2 end, 2027, 'nl.vva.test.v1', lpad(i::text, 64, '0'), now(), jsonb_build_object('i', i)
       from generate_series(1, $3::int) i`, [school.oin, gemeente.oin, BULK]);
  await hub.db.query(`insert into aflevering (event_id, uitgaand_id, ontvanger_oin, volgorde_sleutel) select event_id, id, ontvanger_oin, volgorde_sleutel from uitgaand_bericht`);
  for (const tabel of ['uitgaand_bericht', 'aflevering']) await analyseer(hub.db, tabel);
  // Then all delivered, and two new events for the school.
  await hub.db.query(`update aflevering set status = 'afgeleverd', afgeleverd = now()`);
  await hub.db.query(
    `with e as (insert into uitgaand_bericht (event_id, ontvanger_oin, cyclus, type, volgorde_sleutel, tijd, data)
                select gen_random_uuid(), $1, 2027, 'nl.vva.test.v1', lpad(i::text, 64, 'x'), now(), '{}'::jsonb from generate_series(1, 2) i
                returning event_id, id, ontvanger_oin, volgorde_sleutel)
     insert into aflevering (event_id, uitgaand_id, ontvanger_oin, volgorde_sleutel) select event_id, id, ontvanger_oin, volgorde_sleutel from e`, [school.oin]);
});
afterAll(() => hub.close());

describe('the delivery probes after a bulk was delivered', () => {
  it('the sweep finds the recipient with due deliveries, along the index', async () => {
    expect(await recipientsDue(hub.db, new Date())).toEqual([school.oin]);
    expect(await scannedTables(RECIPIENTS_DUE, [new Date()])).not.toContain('aflevering');
  });

  it("a round takes the new deliveries with their events, by key, not by a scan of the outbox", async () => {
    const oins = [school.oin, gemeente.oin];
    expect(await scannedTables(START_ROUND, [oins, 500, new Date()])).toEqual([]);
    const ronde = await startRound(hub.db, oins, 500, new Date());
    expect(ronde.due.map((a) => [a.ontvangerOin, a.data])).toEqual([[school.oin, {}], [school.oin, {}]]);
  });
});
