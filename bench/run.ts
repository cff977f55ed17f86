/**
 * `npm run bench`: B1 (HTTP intake vs raw INSERT … SELECT unnest), B3 (the 1 March bulk and its
 * delivery to local webhooks) on PostgreSQL when DATABASE_URL is set, and B4 (B1 on embedded PGlite).
 * Prints the figures and writes docs/benchmarks.md. Sizes: BENCH_PUPILS (default 150,000).
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/config/config.ts';
import { DeliveryService } from '../src/delivery/worker.ts';
import { JOBS } from '../src/milestones/jobs.ts';
import { bulkSignaal } from '../src/milestones/bulk.ts';
import { mapLimit } from '../src/shared/parallel.ts';
import { b1Opzet, benchHub } from './setup.ts';
import { ReceiverProcess } from './receiver-process.ts';
import { b2 } from './b2.ts';
import { receiverRate } from './receiver-rate.ts';
import { b6 } from './b6-audit.ts';
import { mHubAlleen } from './m-hub.ts';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 150_000);
const REGISTERED_SHARE = 110 / 150; // ~40k of 150k stay unregistered on 1 March
const BATCH = 1000;
const CONCURRENCY = 4;
const ONLY_B1 = process.env.BENCH_ONLY === 'b1';
// BENCH_ONLY=b3: B1, B1s and B3 on PostgreSQL alone (for profiling the status intake and the bulk); docs untouched.
const ONLY_B3 = process.env.BENCH_ONLY === 'b3';
const results: string[] = [];
const log = (line: string) => {
  console.log(line);
  results.push(line);
};

/**
 * Copies rows inside the database into an empty table with the same indexes, in one transaction: the
 * floor of writing them (no client, no rules). Generated columns are left to the copy to compute.
 */
async function kopieerBinnen(ctx: Awaited<ReturnType<typeof benchHub>>['ctx'], prefix: string, tabellen: [string, string][]): Promise<{ rijen: number; s: number }> {
  const kolommen = new Map<string, string>();
  for (const [t, waar] of tabellen) {
    const { rows } = await ctx.db.query<{ k: string }>(`select column_name as k from information_schema.columns where table_name = $1 and is_generated = 'NEVER' order by ordinal_position`, [t]);
    kolommen.set(t, rows.map((r) => r.k).join(', '));
    await ctx.db.exec(`create table ${prefix}_${t} (like ${t} including all)`);
    await ctx.db.exec(`create temporary table ${prefix}_bron_${t} as select ${kolommen.get(t)} from ${t} where ${waar}`);
  }
  let rijen = 0;
  const t0 = performance.now();
  await ctx.db.transaction(async (tx) => {
    for (const [t] of tabellen) rijen += (await tx.query(`insert into ${prefix}_${t} (${kolommen.get(t)}) select * from ${prefix}_bron_${t}`)).rowCount;
  });
  return { rijen, s: (performance.now() - t0) / 1000 };
}

async function b1(engine: 'postgres' | 'pglite', label: string, withB3: boolean) {
  const hub = await benchHub(engine);
  const { ctx } = hub;
  const { las, pupils, batches } = await b1Opzet(ctx, PUPILS, BATCH);
  const bodies = batches.map((b) => JSON.stringify({ berichten: b }));
  let verwerkt = 0;
  // Target M of issue 11: the hub's memory during B1. The hub shares this process with the load
  // generator and its 150 prepared bodies, so the peak is an upper bound of the hub's own.
  let rssPiek = process.memoryUsage().rss;
  const rssMeter = setInterval(() => (rssPiek = Math.max(rssPiek, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  await mapLimit(bodies, CONCURRENCY, async (body) => {
    const res = await fetch(`${hub.url}/api/v1/mbo-gangerberichten`, { method: 'POST', headers: { authorization: `Bearer ${las}`, 'content-type': 'application/json' }, body });
    const json = (await res.json()) as { resultaten: { resultaat: string }[] };
    verwerkt += json.resultaten.filter((r) => r.resultaat === 'VERWERKT').length;
  });
  const httpS = (performance.now() - t0) / 1000;
  clearInterval(rssMeter);
  if (verwerkt !== PUPILS) throw new Error(`only ${verwerkt} of ${PUPILS} processed`);
  const httpRate = PUPILS / httpS;

  // The same rows, straight into PostgreSQL: one INSERT … SELECT unnest(...) per 1,000 (no HTTP, no rules).
  await ctx.db.exec('create table bench_raw (like mbo_ganger including all)');
  const t1 = performance.now();
  for (const b of batches) {
    const col = (f: (m: Record<string, unknown>) => unknown) => b.map(f);
    await ctx.db.query(
      `insert into bench_raw (cyclus, pgn, brin_vo, postcode, huisnummer, woonland, mbo_ganger, tijdstip, bericht_id, afzender_oin, ontvangen)
       select 2027, p, b, pc, h, '6030', true, t, i, '00000099300000000007', now()
         from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::uuid[]) as x(p, b, pc, h, t, i)`,
      [col((m) => m.pgn), col((m) => m.brinVo), col((m) => m.postcode), col((m) => m.huisnummer), col((m) => m.tijdstip), col((m) => m.berichtId)]);
  }
  const rawS = (performance.now() - t1) / 1000;
  const rawRate = PUPILS / rawS;
  log(`| ${label} | ${PUPILS.toLocaleString('en')} mbo-gangerberichten via HTTP, batches of ${BATCH}, ${CONCURRENCY} concurrent | ${httpS.toFixed(1)} s | **${Math.round(httpRate).toLocaleString('en')} msg/s** | raw unnest insert: ${Math.round(rawRate).toLocaleString('en')} rows/s (${rawS.toFixed(1)} s); HTTP/raw = **${((100 * httpRate) / rawRate).toFixed(0)}%**; peak RSS of hub and load generator together ${Math.round(rssPiek / 2 ** 20)} MB |`);
  // The floor of this design: what a request must do at the least, straight into PostgreSQL, same rows
  // (a PGN twice in a batch, as the synthetic numbers now and then give, upserted once),
  // same batching, one transaction per batch: the two reads its answer needs (the sender's earlier
  // berichtIds, the pupils' reports) and the three tables it writes (reports, pupils' state, journal),
  // into copies with the same indexes. HTTP/floor is what the hub adds on top of the writes it must do.
  for (const t of ['mbo_ganger', 'leerling', 'feit']) await ctx.db.exec(`create table bench_floor_${t} (like ${t} including all)`);
  const t2 = performance.now();
  for (const b of batches) {
    const col = (f: (m: Record<string, unknown>) => unknown) => b.map(f);
    const args = [col((m) => m.pgn), col((m) => m.brinVo), col((m) => m.postcode), col((m) => m.huisnummer), col((m) => m.tijdstip), col((m) => m.berichtId)];
    await ctx.db.transaction(async (tx) => {
      // The reads as the hub writes them: one index probe per key (docs/architecture.md, 'Key lookups').
      await tx.query(`select f.bericht_id from unnest($1::uuid[]) k(id) cross join lateral (select bericht_id from bench_floor_feit where afzender_oin = '00000099300000000007' and bericht_id = k.id offset 0) f`, [args[5]]);
      await tx.query('select m.pgn from unnest($1::char(9)[]) k(pgn) cross join lateral (select pgn from bench_floor_mbo_ganger where cyclus = 2027 and pgn = k.pgn offset 0) m', [args[0]]);
      await tx.query(
        `insert into bench_floor_mbo_ganger (cyclus, pgn, brin_vo, postcode, huisnummer, woonland, mbo_ganger, tijdstip, bericht_id, afzender_oin, ontvangen)
         select distinct on (p, b) 2027, p, b, pc, h, '6030', true, t, i, '00000099300000000007', now() from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::uuid[]) as x(p, b, pc, h, t, i)
         on conflict (cyclus, pgn, brin_vo) do update set tijdstip = excluded.tijdstip, bericht_id = excluded.bericht_id, ontvangen = excluded.ontvangen`, args);
      await tx.query(
        `insert into bench_floor_leerling (cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, brin_vo, teruggevallen, bijgewerkt)
         select distinct on (p) 2027, p, 'GEEN_AANMELDING', true, '6030', '0363', pc, h, b, false, now() from unnest($1::text[], $2::text[], $3::text[], $4::int[]) as x(p, b, pc, h)
         on conflict (cyclus, pgn) do update set overstapstatus = excluded.overstapstatus, bijgewerkt = excluded.bijgewerkt`, args.slice(0, 4));
      await tx.query(
        `insert into bench_floor_feit (soort, afzender_oin, bericht_id, cyclus, pgn, resultaat, trace_id, tijdstip, data)
         select 'mbo-ganger', '00000099300000000007', i, 2027, p, 'VERWERKT', 'bench', now(), jsonb_build_object('brinVo', b, 'gebruiker', null, 'inhaal', '[]'::jsonb)
           from unnest($1::text[], $2::text[], $3::uuid[]) as x(p, b, i)`, [args[0], args[1], args[5]]);
    });
  }
  const floorS = (performance.now() - t2) / 1000;
  const floorRate = PUPILS / floorS;
  log(`| ${label.split(' ')[0]} floor | the least a request must do, straight into the database: 2 reads, 3 tables upserted, 1 transaction per 1,000 | ${floorS.toFixed(1)} s | ${Math.round(floorRate).toLocaleString('en')} rows/s | = ${((100 * floorRate) / rawRate).toFixed(0)}% of raw; HTTP/floor = **${((100 * httpRate) / floorRate).toFixed(0)}%** |`);
  // What the requests journaled, distributed afterwards on its own (routing, signal engine, audit chain).
  const t3 = performance.now();
  await ctx.distributor.drain();
  const distS = (performance.now() - t3) / 1000;
  log(`| ${label.split(' ')[0]} distributor | the ${PUPILS.toLocaleString('en')} journal rows of that intake, distributed | ${distS.toFixed(1)} s | ${Math.round(PUPILS / distS).toLocaleString('en')} rows/s | batches of 5,000 per transaction: receipts into the audit chain, catch-up statuses, signal engine |`);

  if (withB3) await b3(hub, pupils, las, rawRate);
  await hub.close();
}

/**
 * B1s's floor, defined as B1's: what a batch of statuses must do at the least, straight into the
 * database, same rows and batching, one transaction per 1,000: the four reads its answer and the
 * pupils' state need (the sender's earlier berichtIds, the pupils' registrations, their vo-schools'
 * reports, their overstapstatus) and the three tables it writes (registrations, pupils' state, journal).
 * The written tables are copies with the same indexes; the pupils' state starts as the hub's did.
 */
async function b1sFloor(ctx: Awaited<ReturnType<typeof benchHub>>['ctx'], bodies: string[]): Promise<number> {
  for (const t of ['aanmelding', 'leerling', 'feit']) await ctx.db.exec(`create table bench_floor_s_${t} (like ${t} including all)`);
  await ctx.db.exec(`insert into bench_floor_s_leerling (cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, toevoeging, brin_vo, reden_nee, teruggevallen, bijgewerkt) select cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, toevoeging, brin_vo, reden_nee, teruggevallen, bijgewerkt from leerling`);
  const t0 = performance.now();
  for (const body of bodies) {
    const b = (JSON.parse(body) as { berichten: Record<string, unknown>[] }).berichten;
    const col = (f: (m: Record<string, unknown>) => unknown) => b.map(f);
    const [brin, id, pgn, pc, h, t, berichtId] = [col((m) => m.brinMbo), col((m) => m.aanmeldingId), col((m) => m.pgn), col((m) => m.postcode), col((m) => m.huisnummer), col((m) => m.tijdstip), col((m) => m.berichtId)];
    await ctx.db.transaction(async (tx) => {
      // The reads as the hub writes them: one index probe per key (docs/architecture.md, 'Key lookups').
      await tx.query(`select f.bericht_id from unnest($1::uuid[]) k(id) cross join lateral (select bericht_id from bench_floor_s_feit where afzender_oin = '00000099300000000007' and bericht_id = k.id offset 0) f`, [berichtId]);
      await tx.query(
        `select a.* from (select distinct unnest($1::char(9)[])) k(pgn) cross join lateral (select * from bench_floor_s_aanmelding where cyclus = 2027 and pgn = k.pgn offset 0) a
         union select a.* from unnest($2::char(4)[], $3::varchar[]) k(brin, id) cross join lateral (select * from bench_floor_s_aanmelding where brin_mbo = k.brin and aanmelding_id = k.id offset 0) a`, [pgn, brin, id]);
      await tx.query('select m.* from (select distinct unnest($1::char(9)[])) k(pgn) cross join lateral (select * from mbo_ganger where cyclus = 2027 and pgn = k.pgn offset 0) m', [pgn]);
      await tx.query('select l.overstapstatus from unnest($1::char(9)[]) k(pgn) cross join lateral (select overstapstatus from bench_floor_s_leerling where cyclus = 2027 and pgn = k.pgn offset 0) l', [pgn]);
      await tx.query(
        `insert into bench_floor_s_aanmelding (brin_mbo, aanmelding_id, cyclus, pgn, postcode, huisnummer, woonland, gemeentecode, vooropleiding, leertraject, leeftijdscategorie, startkwalificatie, status, tijdstip, eerste_tijdstip, bericht_id, afzender_oin, ontvangen)
         select bm, a, 2027, p, pc, h, '6030', '0363', 'VMBO', 'BOL', 'TUSSEN_16_18', false, 'AO', t, t, i, '00000099300000000007', now()
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::uuid[]) as x(bm, a, p, pc, h, t, i)
         on conflict (brin_mbo, aanmelding_id) do update set status = excluded.status, tijdstip = excluded.tijdstip, bericht_id = excluded.bericht_id, ontvangen = excluded.ontvangen`,
        [brin, id, pgn, pc, h, t, berichtId]);
      await tx.query(
        `insert into bench_floor_s_leerling (cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, teruggevallen, bijgewerkt)
         select distinct on (p) 2027, p, 'AANGEMELD', true, '6030', '0363', pc, h, false, now() from unnest($1::text[], $2::text[], $3::int[]) as x(p, pc, h)
         on conflict (cyclus, pgn) do update set overstapstatus = excluded.overstapstatus, postcode = excluded.postcode, huisnummer = excluded.huisnummer, bijgewerkt = excluded.bijgewerkt`, [pgn, pc, h]);
      await tx.query(
        `insert into bench_floor_s_feit (soort, afzender_oin, bericht_id, cyclus, pgn, resultaat, elders_aangemeld, trace_id, tijdstip, data)
         select 'aanmeldstatus', '00000099300000000007', i, 2027, p, 'VERWERKT', false, 'bench', now(),
                jsonb_build_object('status', jsonb_build_object('brinMbo', bm, 'aanmeldingId', a, 'status', 'AO', 'tijdstip', t), 'statusGewijzigd', true,
                                   'leerling', jsonb_build_object('woonland', '6030', 'woongemeente', '0363'), 'meldingen', jsonb_build_array(jsonb_build_object('brinVo', '18BR', 'mboGanger', true)))
           from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[]) as x(bm, a, p, t, i)`, [brin, id, pgn, t, berichtId]);
    });
  }
  return (performance.now() - t0) / 1000;
}

async function b3(hub: Awaited<ReturnType<typeof benchHub>>, pupils: { pgn: string; brin: string; adres: { gemeente: string; postcode: string; huisnummer: number } }[], las: string, b1RawRate: number) {
  const { ctx } = hub;
  // ~110k of the pupils register at one of the 60 institutions, through the same supplier.
  const mbo = (await ctx.db.query<{ brin: string }>('select brin from mbo_instelling where actief order by brin')).rows.map((r) => r.brin);
  for (const brin of mbo) {
    const oin = `00000007000${brin}00000`;
    await ctx.identity.addOrganisation({ oin, soort: 'mbo-instelling', naam: `Instelling ${brin}`, brin }, null);
    await ctx.identity.addMandate({ leverancierOin: '00000099300000000007', schoolOin: oin, van: '2026-10-01' }, null);
  }
  const registered = pupils.slice(0, Math.round(pupils.length * REGISTERED_SHARE));
  const bodies: string[] = [];
  for (let i = 0; i < registered.length; i += BATCH) {
    bodies.push(JSON.stringify({ berichten: registered.slice(i, i + BATCH).map((p, j) => {
      const brinMbo = mbo[(i + j) % mbo.length]!;
      return { berichtId: randomUUID(), tijdstip: '2027-02-01T10:00:00+01:00', aanmeldingId: `${brinMbo}:${String(i + j).padStart(8, '0')}`, pgn: p.pgn, brinMbo, vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: 'AO', postcode: p.adres.postcode, huisnummer: p.adres.huisnummer };
    }) }));
  }
  const t0 = performance.now();
  let verwerkt = 0;
  await mapLimit(bodies, CONCURRENCY, async (body) => {
    const res = await fetch(`${hub.url}/api/v1/aanmeldstatusberichten`, { method: 'POST', headers: { authorization: `Bearer ${las}`, 'content-type': 'application/json' }, body });
    verwerkt += ((await res.json()) as { resultaten: { resultaat: string }[] }).resultaten.filter((r) => r.resultaat === 'VERWERKT').length;
  });
  const httpS = (performance.now() - t0) / 1000;
  if (verwerkt !== registered.length) throw new Error(`only ${verwerkt} of ${registered.length} statuses processed`);
  // The same registrations, straight into a copy of the table, same batching.
  await ctx.db.exec('create table bench_raw_aanmelding (like aanmelding including all)');
  const t0r = performance.now();
  for (const body of bodies) {
    const b = (JSON.parse(body) as { berichten: Record<string, unknown>[] }).berichten;
    const col = (f: (m: Record<string, unknown>) => unknown) => b.map(f);
    await ctx.db.query(
      `insert into bench_raw_aanmelding (brin_mbo, aanmelding_id, cyclus, pgn, postcode, huisnummer, woonland, vooropleiding, leertraject, leeftijdscategorie, startkwalificatie, status, tijdstip, eerste_tijdstip, bericht_id, afzender_oin, ontvangen)
       select bm, a, 2027, p, pc, h, '6030', 'VMBO', 'BOL', 'TUSSEN_16_18', false, 'AO', t, t, i, '00000099300000000007', now()
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::uuid[]) as x(bm, a, p, pc, h, t, i)`,
      [col((m) => m.brinMbo), col((m) => m.aanmeldingId), col((m) => m.pgn), col((m) => m.postcode), col((m) => m.huisnummer), col((m) => m.tijdstip), col((m) => m.berichtId)]);
  }
  const rawS = (performance.now() - t0r) / 1000;
  const rate = registered.length / httpS;
  const rawRate = registered.length / rawS;
  log(`| B1s ${ctx.db.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ${registered.length.toLocaleString('en')} aanmeldstatusberichten via HTTP, batches of ${BATCH}, ${CONCURRENCY} concurrent | ${httpS.toFixed(1)} s | **${Math.round(rate).toLocaleString('en')} msg/s** | raw unnest insert: ${Math.round(rawRate).toLocaleString('en')} rows/s (${rawS.toFixed(1)} s); HTTP/raw = **${((100 * rate) / rawRate).toFixed(0)}%** |`);
  const b1sFloorS = await b1sFloor(ctx, bodies);
  log(`| B1s floor | the least a request must do, straight into the database: 4 reads, 3 tables upserted, 1 transaction per 1,000 | ${b1sFloorS.toFixed(1)} s | ${Math.round(registered.length / b1sFloorS).toLocaleString('en')} msg/s | = ${((100 * registered.length) / b1sFloorS / rawRate).toFixed(0)}% of raw; HTTP/floor = **${((100 * rate) / (registered.length / b1sFloorS)).toFixed(0)}%** |`);
  // A lower bound below that floor: the rows these requests wrote (registrations, the pupils' state,
  // journal rows), copied inside the database into empty tables with the same indexes (no client at all).
  const b1sKopie = await kopieerBinnen(ctx, 'bench_b1s', [['aanmelding', 'true'], ['leerling', 'true'], ['feit', `soort = 'aanmeldstatus'`]]);
  log(`| B1s rows copied | the rows those requests wrote (${b1sKopie.rijen.toLocaleString('en')}: registrations, pupils' state, journal) copied inside the database into tables with the same indexes | ${b1sKopie.s.toFixed(1)} s | ${Math.round(registered.length / b1sKopie.s).toLocaleString('en')} msg/s | = ${((100 * registered.length) / b1sKopie.s / rawRate).toFixed(0)}% of raw; HTTP/copy = **${((100 * rate) / (registered.length / b1sKopie.s)).toFixed(0)}%** |`);
  const t0d = performance.now();
  await ctx.distributor.drain();
  const distS = (performance.now() - t0d) / 1000;
  log(`| B1s distributor | their ${registered.length.toLocaleString('en')} journal rows: routing, events to the pupils' schools, signal engine, audit chain | ${distS.toFixed(1)} s | ${Math.round(registered.length / distS).toLocaleString('en')} rows/s | |`);

  // Every gemeente with pupils connected, each with a webhook on a local receiver.
  const receiver = await new ReceiverProcess().start();
  const gemeenten = [...new Set(pupils.map((p) => p.adres.gemeente))];
  const { registerWebhook } = await import('../src/delivery/webhook-service.ts');
  for (const g of gemeenten) {
    const oin = `000000991${g}0000000`;
    await ctx.identity.addOrganisation({ oin, soort: 'gemeente', naam: `Gemeente ${g}`, gemeentecode: g }, null);
    const actor = (await ctx.identity.authenticateCertificate(oin))!;
    await registerWebhook(ctx, actor, receiver.url, ['bench-webhook-geheim-0123456789abcdef0123']);
  }
  hub.clock.set(new Date('2027-03-01T00:00:00+01:00'));
  await JOBS['herinnering-leverdatum'](ctx, 2027);
  // Compute first with no delivery running (the two would share the 2 cores), then deliver. What came
  // before (the reminders' rows) is distributed first, outside the timing: the bulk's own start drains.
  await ctx.distributor.drain();
  const t1 = performance.now();
  const uitkomst = await bulkSignaal(ctx, 2027, 'signalering-aanmelding', 'NIET_AANGEMELD', ['GEEN_AANMELDING']);
  const computeS = (performance.now() - t1) / 1000;
  // The floor of the bulk's writes: the very rows it wrote (signals, stands, events, deliveries, its
  // journal rows), copied inside the database into empty tables with the same indexes: no client,
  // no rules, no JSON built. What the bulk takes beyond this is the hub's own work.
  const floorTabellen: [string, string][] = [
    ['signaal', `type = 'NIET_AANGEMELD'`], ['signaal_stand', 'true'],
    ['uitgaand_bericht', `type = 'nl.vva.signaal.niet-aangemeld.v1'`],
    ['aflevering', `event_id in (select event_id from uitgaand_bericht where type = 'nl.vva.signaal.niet-aangemeld.v1')`],
    ['feit', `soort = 'audit' and tijdstip >= '2027-03-01T00:00:00+01:00'`],
  ];
  const b3Floor = await kopieerBinnen(ctx, 'bench_b3', floorTabellen);
  const floorRijen = b3Floor.rijen;
  const floorS = b3Floor.s;
  const t2 = performance.now();
  const delivery = new DeliveryService(ctx, console);
  await delivery.start();
  ctx.onUitgaand();
  const expected = uitkomst.signalen;
  await receiver.waitFor(expected, 'nl.vva.signaal.niet-aangemeld.v1', 900_000);
  const deliveredS = (performance.now() - t2) / 1000;
  await delivery.stop();
  // What the same receiver process takes alone from this process (same HTTP client as the hub's delivery).
  await receiver.reset();
  const alone = (await receiverRate(10_000, receiver.url)).find((x) => x.client === 'undici.request' && x.concurrency === 16)!.perSecond;
  await receiver.stop();
  const signalsPerS = expected / computeS;
  log(`| B3 floor | the bulk's own rows (${floorRijen.toLocaleString('en')}: signals, stands, events, deliveries, journal) copied inside the database into tables with the same indexes | ${floorS.toFixed(1)} s | ${Math.round(expected / floorS).toLocaleString('en')} signals/s = ${((100 * expected) / floorS / b1RawRate).toFixed(0)}% of B1's raw rows/s | the bulk's compute = **${((100 * floorS) / computeS).toFixed(0)}%** of this floor's speed |`);
  log(`| B3 ${ctx.db.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} | 1 March bulk: ${pupils.length.toLocaleString('en')} pupils, ${expected.toLocaleString('en')} NIET_AANGEMELD, ${uitkomst.gemeenten} gemeenten | compute **${computeS.toFixed(1)} s** (${Math.round(signalsPerS).toLocaleString('en')} signals/s = **${((100 * signalsPerS) / b1RawRate).toFixed(0)}%** of B1's raw rows/s) | then all delivered to webhooks in **${deliveredS.toFixed(1)} s** (${Math.round(expected / deliveredS).toLocaleString('en')}/s = **${((100 * expected) / deliveredS / alone).toFixed(0)}%** of the ${alone.toLocaleString('en')} POST/s the receiver takes alone) | 25 gemeenten per transaction; a receiver in its own process answering 200 |`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`machine: ${machine}`);
// BENCH_ONLY=m: the hub's own memory during B1 (target M), the hub in a process of its own; docs untouched.
if (process.env.BENCH_ONLY === 'm') {
  console.log(await mHubAlleen(PUPILS, BATCH, CONCURRENCY));
  process.exit(0);
}
if (process.env.DATABASE_URL) {
  const version = (await import('pg')).default;
  const c = new version.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const v = (await c.query('show server_version')).rows[0].server_version;
  await c.end();
  await b1('postgres', `B1 PostgreSQL ${v}`, !ONLY_B1);
  if (ONLY_B3) process.exit(0);
}
// BENCH_ONLY=b1: the intake alone (for profiling: `node --cpu-prof --import tsx bench/run.ts`), on
// PostgreSQL with DATABASE_URL, else on the embedded engine (B4); docs untouched.
if (ONLY_B1) {
  if (!process.env.DATABASE_URL) await b1('pglite', 'B4 PGlite (embedded)', false);
  process.exit(0);
}
// BENCH_ONLY=b6: the audit verification alone; docs untouched.
if (process.env.BENCH_ONLY === 'b6') {
  console.log(await b6());
  process.exit(0);
}
if (process.env.DATABASE_URL) log(await mHubAlleen(PUPILS, BATCH, CONCURRENCY));
await b1('pglite', 'B4 PGlite (embedded)', process.env.DATABASE_URL ? false : true);
for (const rate of [200, 500]) log(await b2(process.env.DATABASE_URL ? 'postgres' : 'pglite', 5000, rate));
log(await b6());

// The measured table replaces the one between the markers of docs/benchmarks.md; the analysis stays.
const file = path.join(REPO_ROOT, 'docs/benchmarks.md');
const table = ['| benchmark | what | time | rate | notes |', '| --- | --- | --- | --- | --- |', ...results].join('\n');
const current = readFileSync(file, 'utf8');
writeFileSync(file, current.replace(/<!-- bench:begin -->[\s\S]*<!-- bench:end -->/, `<!-- bench:begin -->\n<!-- ${machine}, ${new Date().toISOString().slice(0, 10)} -->\n${table}\n<!-- bench:end -->`));
console.log(`written: ${file}`);
process.exit(0);
