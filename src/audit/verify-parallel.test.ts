import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../test/helpers.ts';
import { GENESIS_HASH } from './chain.ts';
import { joinStretch, walkStretch } from './verify-walk.ts';

// A long chain is walked in stretches side by side (verify.ts); joined, they must find exactly what
// one walk from the first record finds, also where a break falls on the seam between two stretches.
let hub: TestHub;
let key: { key: string; gesleuteldVanaf: number };

beforeAll(async () => {
  hub = await createTestHub();
  await hub.ctx.audit.record(Array.from({ length: 60 }, (_, i) => ({ actorOin: null, actie: 'lezen', resource: `r/${i + 1}`, doel: 't', uitkomst: 'ok' })));
  const { rows: [kop] } = await hub.db.query<{ seq: number; gesleuteld_vanaf: number }>('select seq, gesleuteld_vanaf from audit_kop');
  expect(kop!.seq).toBe(60);
  // In development the hub keeps its audit key in the database (production passes VVA_AUDIT_KEY).
  const { rows: [geheim] } = await hub.db.query<{ waarde: string }>(`select waarde from hub_geheim where naam = 'audit-sleutel'`);
  key = { key: geheim!.waarde, gesleuteldVanaf: kop!.gesleuteld_vanaf };
  // An altered record inside a stretch, a removed one at the start and one at the end of a stretch
  // (20 records each when split in three), and an inserted one right after a seam.
  await hub.db.transaction(async (tx) => {
    await tx.query('alter table audit_log disable trigger audit_log_append_only');
    await tx.query(`update audit_log set resource = 'gewijzigd' where seq = 7`);
    await tx.query('delete from audit_log where seq in (21, 40)');
    await tx.query(`update audit_log set vorige_hash = $1 where seq = 42`, ['f'.repeat(64)]);
    await tx.query('alter table audit_log enable trigger audit_log_append_only');
  });
});
afterAll(() => hub.close());

const start = { seq: 0, hash: GENESIS_HASH };

describe('the audit chain walked in stretches', () => {
  it.each([2, 3, 7, 60])('in %i stretches finds what one walk finds', async (n) => {
    const one = joinStretch(start, await walkStretch(hub.db, 0, 60, key, 1000));
    const size = Math.ceil(60 / n);
    let position = start;
    const problems = [];
    for (let i = 0; i < n; i++) {
      const joined = joinStretch(position, await walkStretch(hub.db, i * size, Math.min(60, (i + 1) * size), key, 7));
      problems.push(...joined.problems);
      position = joined.end;
    }
    expect(one.problems.map((p) => [p.seq, p.problem])).toEqual([[7, 'gewijzigd'], [22, 'ontbrekend'], [41, 'ontbrekend'], [42, 'ingevoegd'], [42, 'gewijzigd']]);
    expect(problems).toEqual(one.problems);
    expect(position).toEqual(one.end);
  });

  it('an empty stretch leaves the gap to the next one', async () => {
    const before = await walkStretch(hub.db, 0, 20, key, 1000);
    const empty = await walkStretch(hub.db, 20, 21, key, 1000); // only seq 21, which was removed
    const after = await walkStretch(hub.db, 21, 30, key, 1000);
    expect(empty).toMatchObject({ first: null, records: 0 });
    let position = joinStretch(start, before).end;
    position = joinStretch(position, empty).end;
    expect(joinStretch(position, after).problems[0]).toMatchObject({ seq: 22, problem: 'ontbrekend' });
  });

  // Worker threads with connections of their own need a server: the embedded engine has one session.
  it.skipIf(!process.env.DATABASE_URL)('in worker threads on PostgreSQL, as on one thread', async () => {
    const one = await hub.ctx.audit.verify({ threads: 1 });
    for (const threads of [2, 3]) expect(await hub.ctx.audit.verify({ threads })).toEqual(one);
    expect(one.problems.length).toBe(5);
  });
});
