import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../test/helpers.ts';
import * as journal from './store.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub.close());

const feit = (resource: string): journal.NieuwFeit => hub.ctx.audit.feit([{ actorOin: null, actie: 'test', resource, doel: 'test', uitkomst: 'ok' }]);

describe('the fact journal', () => {
  it('hands rows to the distributor in order and moves the mark past them', async () => {
    await hub.ctx.distributor.drain();
    await journal.insertFeiten(hub.db, [feit('a')]);
    await journal.insertFeiten(hub.db, [feit('b'), feit('c')]);
    expect(await journal.achterstand(hub.db)).toBe(3);
    await hub.ctx.distributor.drain();
    expect(await journal.achterstand(hub.db)).toBe(0);
    const { rows } = await hub.db.query<{ resource: string }>(`select resource from audit_log where actie = 'test' order by seq`);
    expect(rows.map((r) => r.resource)).toEqual(['a', 'b', 'c']);
  });

  // Two transactions at once need a server: the embedded engine has one connection.
  it.skipIf(!process.env.DATABASE_URL)('never passes a row that commits after a younger one: it waits for it', async () => {
    const url = (hub.db as unknown as { connectionString: string }).connectionString;
    const older = new pg.Client({ connectionString: url });
    await older.connect();
    try {
      await hub.ctx.distributor.drain();
      // The older transaction writes first and stays open; a younger one commits meanwhile.
      await older.query('begin');
      await older.query(`insert into feit (soort, cyclus, tijdstip, data) values ('audit', 2027, now(), '{"regels": []}')`);
      await journal.insertFeiten(hub.db, [feit('jonger')]);
      const held = await hub.db.transaction((tx) => journal.volgendeFeiten(tx, 10));
      expect(held.feiten).toEqual([]); // the younger row is held back while the older may still commit below it
      expect(held.opgehouden).toBe(true); // and the distributor is told to look again soon
      await older.query('commit');
      // xmin is cluster-wide: other databases' transactions (parallel test files) may hold it back a moment.
      let both = await hub.db.transaction((tx) => journal.volgendeFeiten(tx, 10));
      for (let i = 0; i < 500 && both.feiten.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
        both = await hub.db.transaction((tx) => journal.volgendeFeiten(tx, 10));
      }
      expect(both.feiten).toHaveLength(2);
      expect(both.opgehouden).toBe(false);
      expect(both.feiten[0]!.data).toEqual({ regels: [] }); // the older one first
      await hub.ctx.distributor.drain();
      expect(await journal.achterstand(hub.db)).toBe(0);
    } finally {
      await older.end();
    }
  });
});
