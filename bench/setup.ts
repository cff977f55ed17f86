import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createContext, type AppContext } from '../src/app/context.ts';
import { loadConfig, REPO_ROOT } from '../src/config/config.ts';
import type { Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { dropDatabase, freshDatabase } from '../src/db/scratch.ts';
import { buildApp } from '../src/http/app.ts';
import { importAll } from '../src/reference-data/service.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { randomUUID } from 'node:crypto';
import { syntheticBsns } from '../src/domain/pgn.ts';

/** A hub on a fresh database: PostgreSQL (a new database beside DATABASE_URL's) or PGlite in a temp dir. */
export async function benchHub(engine: 'postgres' | 'pglite', env: Record<string, string> = {}) {
  let db: Db;
  let databaseUrl: string | null = null;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vva-bench-'));
  const name = `vva_bench_${process.pid}`;
  if (engine === 'postgres') {
    databaseUrl = await freshDatabase(process.env.DATABASE_URL!, name);
    db = openPostgres(databaseUrl, { max: 8 });
  } else {
    db = await openPglite({ dataDir: path.join(dataDir, 'db') });
  }
  await migrate(db);
  // The benchmark measures throughput from one address: rate limits off.
  const config = loadConfig({}, { VVA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', VVA_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef01',
    VVA_RATE_LIMIT_PER_CREDENTIAL: '0', VVA_RATE_LIMIT_PER_ADDRESS: '0', VVA_AUTH_FAILURES_MAX: '0', ...env });
  await importAll(db, config.referenceDir);
  const clock = new ManualClock(new Date('2027-02-10T10:00:00+01:00'));
  const ctx: AppContext = await createContext(config, db, clock);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return { db, ctx, app, url, clock, databaseUrl, config, async close() {
      await app.close();
      await db.close();
      // The benchmark's database and data directory are scratch and go with the run: PGlite's data of
      // one full run is about 900 MB, and a machine's /tmp filled up with them.
      if (engine === 'postgres') await dropDatabase(process.env.DATABASE_URL!, name);
      rmSync(dataDir, { recursive: true, force: true });
    } };
}

/** One real address per gemeente from the shipped postcode table, so pupils live all over the country. */
export function adressenPerGemeente(): { postcode: string; huisnummer: number; gemeente: string }[] {
  const lines = readFileSync(path.join(REPO_ROOT, 'reference/cbs/pc6hnr-afgeleid_gwb.csv'), 'utf8').trim().split('\n').slice(1);
  const seen = new Map<string, { postcode: string; huisnummer: number; gemeente: string }>();
  for (const l of lines) {
    const [pc6, nr, , , gem] = l.split(';');
    if (!seen.has(gem!)) seen.set(gem!, { postcode: pc6!, huisnummer: Number(nr), gemeente: gem!.padStart(4, '0') });
  }
  return [...seen.values()];
}

export interface BenchLeerling { pgn: string; brin: string; adres: { postcode: string; huisnummer: number; gemeente: string } }

/**
 * B1's parties and messages: a LAS supplier mandated by every vo-school sends mixed batches of 1,000,
 * as a large vendor does; the pupils live all over the country.
 */
export async function b1Opzet(ctx: AppContext, aantal: number, batch: number): Promise<{ las: string; pupils: BenchLeerling[]; batches: Record<string, unknown>[][] }> {
  const scholen = (await ctx.db.query<{ brin: string }>(`select brin from vo_school where actief and levert_mbo_gangers order by brin`)).rows.map((r) => r.brin);
  await ctx.identity.addOrganisation({ oin: '00000099300000000007', soort: 'leverancier', naam: 'Bench LAS' }, null);
  for (const brin of scholen) {
    const oin = `00000007000${brin}00000`;
    await ctx.identity.addOrganisation({ oin, soort: 'vo-school', naam: `School ${brin}`, brin }, null);
    await ctx.identity.addMandate({ leverancierOin: '00000099300000000007', schoolOin: oin, van: '2026-10-01' }, null);
  }
  const las = (await ctx.identity.issueToken('00000099300000000007')).token;
  // Only gemeenten in the CBS list (the derived address table also has a few merged since 2023).
  const bekend = new Set((await ctx.db.query<{ code: string }>('select code from gemeente where actief')).rows.map((r) => r.code));
  const adressen = adressenPerGemeente().filter((a) => bekend.has(a.gemeente));
  const pgns = syntheticBsns(2027);
  const pupils = Array.from({ length: aantal }, (_, i) => ({ pgn: pgns.next().value as string, brin: scholen[i % scholen.length]!, adres: adressen[i % adressen.length]! }));
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < pupils.length; i += batch) {
    batches.push(pupils.slice(i, i + batch).map((p) => ({
      berichtId: randomUUID(), tijdstip: '2027-01-20T10:00:00+01:00', pgn: p.pgn, brinVo: p.brin, postcode: p.adres.postcode, huisnummer: p.adres.huisnummer, mboGanger: true,
    })));
  }
  return { las, pupils, batches };
}
