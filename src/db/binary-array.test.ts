import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers.ts';
import { array } from './binary-array.ts';
import type { Db } from './db.ts';

// Each encoder against the engine itself: the server reads the binary array and gives back what the
// same values sent as node-postgres's text literal give. Run on PGlite, and on PostgreSQL in CI.
describe('array parameters in binary format', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  /** The array as the server read it, sent in binary and as a text literal. */
  const both = async (cast: string, binary: Buffer, values: unknown[]) => {
    const sql = `select coalesce(array_agg(x::text order by n), '{}') as v from unnest($1::${cast}) with ordinality as u(x, n)`;
    const [a, b] = [(await db.query<{ v: (string | null)[] }>(sql, [binary])).rows[0]!.v, (await db.query<{ v: (string | null)[] }>(sql, [values])).rows[0]!.v];
    return { binary: a, text: b };
  };

  it.each([
    ['bigint[]', array.int8, [0, 1, -1, 2 ** 40, -(2 ** 40) - 7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, null]],
    ['int[]', array.int4, [0, 2027, -5, 2 ** 31 - 1, -(2 ** 31), null]],
    ['boolean[]', array.bool, [true, false, null]],
    ['timestamptz[]', array.timestamptz, [new Date('2027-03-01T08:30:00.123Z'), new Date('1999-12-31T23:59:59.999Z'), new Date(0), new Date('2000-01-01T00:00:00Z'), null]],
    ['uuid[]', array.uuid, ['0190f3a2-7c4e-7b1d-9a3f-2b5c6d7e8f90', 'FFFFFFFF-0000-4000-8000-000000000001', null]],
    ['text[]', array.text, ['a,b', 'c"d', 'e\\f', '{x}', '', 'Één ✓ 𝄞', 'NULL', null]],
    ['varchar[]', (v: (string | null)[]) => array.text(v, 'varchar'), ['00000001001234567000', null]],
    ['char(5)[]', (v: (string | null)[]) => array.text(v, 'bpchar'), ['ab', 'abcde', null]],
  ] as const)('%s reads as its text literal does', async (cast, encode, values) => {
    const r = await both(cast, (encode as (v: readonly unknown[]) => Buffer)(values), [...values]);
    expect(r.binary).toEqual(r.text);
    expect(r.binary).toHaveLength(values.length);
  });

  it('an empty array is an empty array', async () => {
    for (const [cast, b] of [['bigint[]', array.int8([])], ['text[]', array.text([])], ['uuid[]', array.uuid([])]] as const) {
      expect((await both(cast, b, [])).binary).toEqual([]);
    }
  });

  it('a timestamptz keeps its millisecond, whatever the session time zone', async () => {
    const moment = new Date('2027-06-15T21:59:59.001Z');
    const { rows } = await db.query<{ t: Date; same: boolean }>(
      `select t, t = '2027-06-15T21:59:59.001Z'::timestamptz as same from unnest($1::timestamptz[]) as u(t)`, [array.timestamptz([moment])]);
    expect(rows[0]).toEqual({ t: moment, same: true });
  });

  it('a parameter cast to another element type is refused, not misread', async () => {
    await expect(db.query('select unnest($1::varchar[])', [array.text(['x'])])).rejects.toThrow(/element type/);
    await expect(db.query('select unnest($1::int[])', [array.int8([1])])).rejects.toThrow(/element type/);
  });

  it('values the type cannot hold are refused before they are sent', () => {
    expect(() => array.int8([1.5])).toThrow(/int8/);
    expect(() => array.int8([2 ** 60])).toThrow(/int8/);
    expect(() => array.int4([2 ** 31])).toThrow();
    expect(() => array.timestamptz([new Date('no date')])).toThrow(/invalid Date/);
    expect(() => array.uuid(['0190f3a2-7c4e-7b1d-9a3f-2b5c6d7e8f9'])).toThrow(/uuid/);
    expect(() => array.uuid(['0190f3a2x7c4e-7b1d-9a3f-2b5c6d7e8f90'])).toThrow(/uuid/);
  });
});
