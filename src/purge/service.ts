import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../app/context.ts';
import type { Db, Queryable } from '../db/db.ts';
import { uploadDir } from '../upload/service.ts';
import { bewaarVerslag, pgnsGevonden, tabellenMetEigenBewaartermijn, pgnsVanAlleenCyclus, rijenVanCyclus, type Opschoonverslag } from './controle.ts';

/**
 * Every table that holds personal data of a cycle (spec §14). Deleting uitgaand_bericht removes its
 * deliveries (cascade), deleting upload its rejected rows. The audit log (pseudonyms only) and the
 * aggregates stay.
 */
const PER_CYCLUS = ['feit', 'signaal', 'signaal_stand', 'overstap_abonnement', 'leerling', 'aanmelding', 'mbo_ganger', 'uitgaand_bericht', 'upload'] as const;
/** Journal rows go once distributed (the purge drains first; a row written meanwhile waits for its turn). */
const ALLEEN: Partial<Record<(typeof PER_CYCLUS)[number], string>> = {
  feit: '(xid, id) <= (select s.xid, s.feit_id from distributie_stand s where s.id = 1)',
};

/** Rows per delete: small enough that live traffic waits at most one short statement. */
const BATCH = 5000;

export async function purgePreview(db: Db, cyclus: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of PER_CYCLUS) counts[t] = (await db.query<{ n: number }>(`select count(*)::int as n from ${t} where cyclus = $1`, [cyclus])).rows[0]!.n;
  return counts;
}

/**
 * Runs `step` in a transaction of its own until it removes fewer than `batch` rows, letting live
 * requests in between; `step` gets where the batch before stopped (`laatste`; `begin` at first).
 */
async function inBatches(db: Db, batch: number, step: (tx: Queryable, na: string) => Promise<{ n: number; laatste: string | null }>, begin = '0'): Promise<number> {
  let total = 0;
  for (let na = begin; ;) {
    const { n, laatste } = await db.transaction((tx) => step(tx, na));
    total += n;
    if (n < batch) return total;
    na = laatste ?? na;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const deleteInBatches = (db: Db, sql: string, params: unknown[]) =>
  inBatches(db, BATCH, async (tx) => ({ n: (await tx.query(sql, params)).rowCount, laatste: null }));

/**
 * Deletes all personal data of a closed cycle, table by table, in batches of 5,000 rows, then proves
 * it: a report of what went and of the search for the cycle's PGNs afterwards, kept for beheer, its
 * hash in the audit chain so that the copy a privacy officer is shown can be checked against it.
 */
export async function purgeCycle(ctx: AppContext, cyclus: number): Promise<Record<string, number>> {
  const pgns = await pgnsVanAlleenCyclus(ctx.db, cyclus);
  const { rows: uploads } = await ctx.db.query<{ id: string }>('select id from upload where cyclus = $1', [cyclus]);
  for (const u of uploads) await rm(path.join(uploadDir(ctx), `${u.id}.csv`), { force: true });
  await ctx.distributor.drain();
  const counts: Record<string, number> = {};
  for (const t of PER_CYCLUS) {
    const extra = ALLEEN[t] ? ` and ${ALLEEN[t]}` : '';
    counts[t] = await deleteInBatches(ctx.db, `delete from ${t} where ctid = any(array(select ctid from ${t} where cyclus = $1${extra} limit ${BATCH}))`, [cyclus]);
  }
  counts.afleverpoging = await deleteOrphanAttempts(ctx.db);
  const rijenOver = await rijenVanCyclus(ctx.db, PER_CYCLUS, cyclus);
  const gevonden = await pgnsGevonden(ctx.db, pgns);
  const verslag: Opschoonverslag = {
    cyclus, tijdstip: ctx.clock.now().toISOString(), verwijderd: counts,
    controle: { rijenOver, pgnsVanCyclus: pgns.length, pgnsGevonden: gevonden, eigenBewaartermijn: await tabellenMetEigenBewaartermijn(ctx.db) },
    schoon: Object.values(rijenOver).every((n) => n === 0) && Object.values(gevonden).every((n) => n === 0),
  };
  await ctx.db.transaction(async (tx) => {
    const hash = await bewaarVerslag(tx, verslag);
    await ctx.audit.append(tx, [{ actorOin: null, actie: 'cyclus-opgeschoond', resource: `opschoonverslag/${cyclus}`, doel: 'bewaartermijn', uitkomst: `${verslag.schoon ? 'schoon' : 'NIET schoon'} sha256:${hash}` }]);
  });
  await ctx.onFeiten();
  if (!verslag.schoon) ctx.log.error({ opschoonverslag: verslag.controle }, 'purge: personal data of the cycle is still there');
  return counts;
}

/** Attempts whose event is gone. */
async function deleteOrphanAttempts(db: Db): Promise<number> {
  return deleteAlongIds(db,
    `with weg as (
       delete from afleverpoging where id = any(array(
         select p.id from afleverpoging p where p.id > $1::bigint and not exists (select 1 from uitgaand_bericht u where u.event_id = p.event_id)
          order by p.id limit $2))
       returning id)
     select count(*)::int as n, max(id)::text as laatste from weg`, []);
}

/**
 * Deletes in batches along a table's ids: `sql` deletes at most $2 rows with ids after $1, in id order,
 * and answers how many and the last id. Each batch goes on where the one before stopped, so a run reads
 * the table once, not once per batch (deleted rows stay behind as dead rows until a vacuum, and a batch
 * that started from the first row walked them all again).
 */
const deleteAlongIds = (db: Db, sql: string, params: unknown[], batch = BATCH, begin = '0') =>
  inBatches(db, batch, async (tx, na) => (await tx.query<{ n: number; laatste: string | null }>(sql, [na, batch, ...params])).rows[0]!, begin);

/**
 * Delivered or acknowledged events older than 30 days lose their payload (spec §14), their attempts with
 * them. Two walks, each along an index over only the rows that may go: the pushed ones along the
 * deliveries' key, the pulled ones per recipient up to its cursor. An event that nobody acknowledged
 * and nobody was pushed is not looked at: the one walk over every event kept that this replaced went
 * through all of them every day (at the end of the simulated cycle 304,084 for a party that never pulls:
 * 541 ms a day that deleted nothing).
 */
export async function purgeDelivered(ctx: AppContext, batch = BATCH): Promise<number> {
  const grens = new Date(ctx.clock.now().getTime() - 30 * 24 * 3600 * 1000);
  let removed = await deleteAlongIds(ctx.db, AFGELEVERD, [grens], batch, NIL_UUID);
  const { rows } = await ctx.db.query<{ oin: string }>(
    `select c.ontvanger_oin as oin from ontvanger_cursor c
      where exists (select 1 from uitgaand_bericht u where u.ontvanger_oin = c.ontvanger_oin and u.id <= c.bevestigd_tot and u.tijd < $1)`, [grens]);
  for (const { oin } of rows) removed += await deleteAlongIds(ctx.db, BEVESTIGD, [grens, oin], batch);
  return removed;
}

/** Below every event id: where the walk along the deliveries begins. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The attempts of the events that went go with them. */
const POGINGEN = 'pogingen as (delete from afleverpoging p using weg w where p.event_id = w.event_id)';

/** $1: the last event id of the batch before, $2: the batch, $3: the limit of 30 days. */
const AFGELEVERD = `
  with weg as (
    delete from uitgaand_bericht where id = any(array(
      select a.uitgaand_id from aflevering a join uitgaand_bericht u on u.id = a.uitgaand_id
       where a.event_id > $1::uuid and a.status = 'afgeleverd' and u.tijd < $3
       order by a.event_id limit $2))
    returning event_id),
  ${POGINGEN}
  select count(*)::int as n, (array_agg(event_id::text order by event_id desc))[1] as laatste from weg`;

/** $1: the last id of the batch before, $2: the batch, $3: the limit of 30 days, $4: the recipient. */
const BEVESTIGD = `
  with weg as (
    delete from uitgaand_bericht where id = any(array(
      select u.id from uitgaand_bericht u
       where u.ontvanger_oin = $4 and u.id > $1::bigint and u.tijd < $3
         and u.id <= (select c.bevestigd_tot from ontvanger_cursor c where c.ontvanger_oin = $4)
       order by u.id limit $2))
    returning id, event_id),
  ${POGINGEN}
  select count(*)::int as n, max(id)::text as laatste from weg`;
