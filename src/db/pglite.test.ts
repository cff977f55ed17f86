import { describe, expect, it } from 'vitest';
import { openPglite } from './pglite.ts';

// The embedded engine only, whatever engine the suite runs on: the PostgreSQL run of CI would repeat it exactly.
describe.skipIf(Boolean(process.env.DATABASE_URL))('embedded database adapter', () => {
  it('refuses a query on the outer handle from inside a transaction instead of waiting forever', async () => {
    const db = await openPglite();
    await expect(db.transaction(async () => db.query('select 1'))).rejects.toThrow(/inside a transaction/);
    // Outside the transaction's own async context the handle still works, also while one runs elsewhere.
    const [inTx, outside] = await Promise.all([
      db.transaction(async (tx) => (await tx.query<{ n: number }>('select 1 as n')).rows[0]!.n),
      db.query<{ n: number }>('select 2 as n').then((r) => r.rows[0]!.n),
    ]);
    expect([inTx, outside]).toEqual([1, 2]);
    await db.close();
  });

  it('returns int8 as number and date as text, like the PostgreSQL adapter', async () => {
    const db = await openPglite();
    const { rows } = await db.query(`select 42::int8 as a, '2027-03-01'::date as d`);
    expect(rows[0]).toEqual({ a: 42, d: '2027-03-01' });
    await db.close();
  });
});
