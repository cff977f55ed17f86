import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers.ts';
import type { Db } from './db.ts';

// Both engines receive parameters as text the way node-postgres writes them (pglite.ts): one value
// means the same on either, and a store never needs to know which one it talks to.
describe('bound parameters mean the same on both engines', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('moments, arrays, JSON, booleans, bytes and nulls', async () => {
    const moment = new Date('2027-03-01T08:30:00.123Z');
    const { rows } = await db.query(
      `select $1::timestamptz = '2027-03-01T08:30:00.123Z'::timestamptz as moment, $2::text[] as texts, $3::jsonb as doc,
              $4::boolean as flag, encode($5::bytea, 'hex') as bytes, $6::int as nothing, $7::int8 as big, $8::text as datum`,
      [moment, ['a,b', 'c"d', null, 'e\\f', '{x}'], { naam: 'Één', lijst: [1, 2] }, false, Buffer.from([0, 255, 16]), null, 2 ** 40, '2027-02-01'],
    );
    expect(rows[0]).toEqual({ moment: true, texts: ['a,b', 'c"d', null, 'e\\f', '{x}'], doc: { naam: 'Één', lijst: [1, 2] }, flag: false, bytes: '00ff10', nothing: null, big: 2 ** 40, datum: '2027-02-01' });
  });
});
