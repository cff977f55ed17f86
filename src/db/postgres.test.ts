import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientDbError } from './errors.ts';
import { openPostgres } from './postgres.ts';
import { dropDatabase, freshDatabase } from './scratch.ts';

const url = process.env.DATABASE_URL;
const NAME = `vva_prepared_${process.pid}`;

// The server adapter only: PGlite has no named statements.
describe.skipIf(!url)('named statements on a PostgreSQL server', () => {
  let db: ReturnType<typeof openPostgres>;
  beforeAll(async () => {
    db = openPostgres(await freshDatabase(url!, NAME), { max: 1 });
    await db.exec('create table t (id int primary key, naam text); insert into t values (1, $$een$$), (2, $$twee$$)');
  });
  afterAll(async () => {
    await db.close();
    await dropDatabase(url!, NAME);
  });

  const select = (id: number) => db.query<Record<string, unknown>>('select * from t where id = $1', [id]);

  it('runs without JIT: compiling cost 600 ms per execution of a statement whose estimate was high (B2)', async () => {
    expect((await db.query<{ jit: string }>('show jit')).rows[0]!.jit).toBe('off');
  });

  it('keeps the settings of PGOPTIONS beside its own (the test run sets synchronous_commit there)', async () => {
    // vitest.config.ts puts synchronous_commit=off into PGOPTIONS; the pool's own `options` once replaced it.
    expect(process.env.PGOPTIONS).toContain('synchronous_commit=off');
    expect((await db.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]!.synchronous_commit).toBe('off');
  });

  it('runs one text with other parameters on the connection that prepared it', async () => {
    for (let i = 0; i < 10; i++) expect((await select(1 + (i % 2))).rows[0]!.naam).toBe(i % 2 ? 'twee' : 'een');
  });

  it('survives another process changing the columns under a prepared statement', async () => {
    expect((await select(1)).rows[0]).toEqual({ id: 1, naam: 'een' });
    // What a newer hub's migration does during a rolling upgrade; the server now refuses the prepared plan.
    await db.exec(`alter table t add column extra text default 'x'`);
    expect((await select(1)).rows[0]).toEqual({ id: 1, naam: 'een', extra: 'x' });

    // In a transaction the statement aborted it: the caller gets a transient error (503, retry) and the
    // connection is replaced, so the retry works.
    await db.exec('alter table t drop column extra');
    expect((await select(2)).rows[0]).toEqual({ id: 2, naam: 'twee' });
    await db.exec(`alter table t add column ander int default 7`);
    const err = await db.transaction(async (tx) => tx.query('select * from t where id = $1', [2])).catch((e: unknown) => e);
    expect(isTransientDbError(err)).toBe(true);
    expect((await db.transaction(async (tx) => tx.query('select * from t where id = $1', [2]))).rows[0]).toEqual({ id: 2, naam: 'twee', ander: 7 });
  });

  it('keeps constraint errors as they are, on a connection that stays usable', async () => {
    await expect(db.query('insert into t (id, naam) values ($1, $2)', [1, 'dubbel'])).rejects.toMatchObject({ code: '23505' });
    expect((await select(2)).rows).toHaveLength(1);
  });
});
