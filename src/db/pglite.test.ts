import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientDbError } from './errors.ts';
import { openPglite, type PgliteDb } from './pglite.ts';

// The embedded engine only, whatever engine the suite runs on: the PostgreSQL run of CI would repeat it exactly.
describe.skipIf(Boolean(process.env.DATABASE_URL))('embedded database adapter', () => {
  // One engine for the file (starting one takes seconds); each test has tables of its own.
  let db: PgliteDb;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(() => db.close());

  it('refuses a query on the outer handle from inside a transaction instead of waiting forever', async () => {
    await expect(db.transaction(async () => db.query('select 1'))).rejects.toThrow(/inside a transaction/);
    // Outside the transaction's own async context the handle still works, also while one runs elsewhere.
    const [inTx, outside] = await Promise.all([
      db.transaction(async (tx) => (await tx.query<{ n: number }>('select 1 as n')).rows[0]!.n),
      db.query<{ n: number }>('select 2 as n').then((r) => r.rows[0]!.n),
    ]);
    expect([inTx, outside]).toEqual([1, 2]);
  });

  it('returns int8 as number and date as text, like the PostgreSQL adapter', async () => {
    const { rows } = await db.query(`select 42::int8 as a, '2027-03-01'::date as d, array[1, 2]::int8[] as l`);
    expect(rows[0]).toEqual({ a: 42, d: '2027-03-01', l: [1, 2] });
  });

  it('counts the rows a statement changed, and returns those it returned', async () => {
    await db.exec('create table counted (id int primary key)');
    expect((await db.query('insert into counted select unnest($1::int[])', [[1, 2, 3]])).rowCount).toBe(3);
    expect((await db.query('update counted set id = id + 10 where id > $1', [1])).rowCount).toBe(2);
    expect(await db.query('delete from counted where id = $1 returning id', [12])).toEqual({ rows: [{ id: 12 }], rowCount: 1 });
  });

  it('prepares a statement once: a text whose parse failed fails the same way again, one whose execution failed runs next time', async () => {
    await db.exec('create table once (id int primary key)');
    for (let i = 0; i < 2; i++) await expect(db.query('selec $1::int', [1])).rejects.toMatchObject({ code: '42601' });
    const insert = (id: number) => db.query('insert into once values ($1)', [id]);
    await insert(1);
    await expect(insert(1)).rejects.toMatchObject({ code: '23505' });
    await expect(db.transaction(async (tx) => tx.query('insert into once values ($1)', [1]))).rejects.toMatchObject({ code: '23505' });
    await insert(2);
    expect((await db.query<{ id: number }>('select id from once where id = any($1::int[]) order by id', [[1, 2]])).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('survives a change of the columns under a prepared statement (a migration through the socket)', async () => {
    await db.exec(`create table t (id int primary key, naam text); insert into t values (1, 'een'), (2, 'twee')`);
    const select = (id: number) => db.query<Record<string, unknown>>('select * from t where id = $1', [id]);
    expect((await select(1)).rows[0]).toEqual({ id: 1, naam: 'een' });
    await db.exec(`alter table t add column extra text default 'x'`);
    expect((await select(1)).rows[0]).toEqual({ id: 1, naam: 'een', extra: 'x' });
    // In a transaction the statement aborted it: a transient error (503, retry), and the retry works.
    const inTx = () => db.transaction(async (tx) => tx.query('select * from t where id = $1', [2]));
    expect((await inTx()).rows[0]).toEqual({ id: 2, naam: 'twee', extra: 'x' });
    await db.exec('alter table t drop column extra');
    expect(isTransientDbError(await inTx().catch((e: unknown) => e))).toBe(true);
    expect((await inTx()).rows[0]).toEqual({ id: 2, naam: 'twee' });
  });
});
