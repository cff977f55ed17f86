import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers.ts';
import { analyseerWaarNodig, STATISTIEK_DOEL } from './analyse.ts';
import type { Db } from './db.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
  // Without autovacuum for this table on any server: the case the function exists for.
  await db.exec('create table analyse_proef (id int primary key, tekst text) with (autovacuum_enabled = false)');
});
afterAll(() => db.close());

/** A server publishes a backend's row counts up to a second after its commit; the embedded engine counts pages at once. */
async function binnen<T>(fn: () => Promise<T>, klaar: (t: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const t = await fn();
    if (klaar(t) || i >= 40) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('analyses a grown table that no autovacuum looks after, and leaves it alone once its statistics are fresh', async () => {
  expect(await analyseerWaarNodig(db)).not.toContain('analyse_proef');
  await db.query(`insert into analyse_proef select i, repeat('x', 100) from generate_series(1, 2000) as i`);
  expect(await binnen(() => analyseerWaarNodig(db), (t) => t.includes('analyse_proef'))).toContain('analyse_proef');
  const { rows: [stats] } = await db.query<{ reltuples: number }>(`select reltuples::int as reltuples from pg_class where relname = 'analyse_proef'`);
  expect(stats!.reltuples).toBe(2000);
  // The smaller sample: a histogram of at most STATISTIEK_DOEL buckets (the server's default gives 100).
  const { rows: [hist] } = await db.query<{ grenzen: number }>(`select array_length(histogram_bounds, 1) as grenzen from pg_stats where tablename = 'analyse_proef' and attname = 'id'`);
  expect(hist!.grenzen).toBe(STATISTIEK_DOEL + 1);
  expect(await binnen(() => analyseerWaarNodig(db), (t) => !t.includes('analyse_proef'))).not.toContain('analyse_proef');
  // Far below a tenth of the table: not yet.
  await db.query(`insert into analyse_proef select i, 'y' from generate_series(2001, 2060) as i`);
  await new Promise((r) => setTimeout(r, 1200));
  expect(await analyseerWaarNodig(db)).not.toContain('analyse_proef');
});
