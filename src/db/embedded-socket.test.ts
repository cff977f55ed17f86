import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveEmbeddedSocket, type EmbeddedSocket } from './embedded-socket.ts';
import { openPglite, type PgliteDb } from './pglite.ts';

// The hub's own handle and clients of its socket (what `vva import` & co. use) on one PGlite session.
const dir = mkdtempSync(path.join(tmpdir(), 'vva-socket-'));
let db: PgliteDb;
let socket: EmbeddedSocket;
let cutOff = 0;
const clients: pg.Client[] = [];

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ host: dir, user: 'postgres', database: 'postgres' });
  c.on('error', () => undefined); // a client the server cut off
  await c.connect();
  clients.push(c);
  return c;
}
const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Settles within `ms`: true, or still waiting: false. */
const settlesWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true, () => true), later(ms).then(() => false)]);

beforeAll(async () => {
  db = await openPglite();
  await db.exec('create table t (n int primary key)');
  socket = await serveEmbeddedSocket(db.pglite, db.session, path.join(dir, '.s.PGSQL.5432'), { idleHoldMs: 400, onCutOff: () => cutOff++ });
});
beforeEach(async () => {
  await db.query('truncate t');
  cutOff = 0;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
});
afterAll(async () => {
  await socket.stop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

// The embedded engine only, whatever engine the suite runs on: the PostgreSQL run of CI would repeat it exactly.
describe.skipIf(Boolean(process.env.DATABASE_URL))('the embedded database socket', () => {
  it('gives a client its transaction alone: the hub waits, and nothing of either side ends the other', async () => {
    const c = await client();
    await c.query('begin');
    await c.query('create temp table stage (n int) on commit drop');
    await c.query('insert into t values (1)');
    const hubTx = db.transaction(async (tx) => {
      await tx.query('insert into t values (2)');
      return (await tx.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n;
    });
    const hubRead = db.query<{ n: number }>('select count(*)::int as n from t');
    expect(await settlesWithin(hubTx, 200)).toBe(false);
    // The stage table outlives the hub's attempts, and the hub does not see the client's uncommitted row.
    await c.query('insert into stage values (1)');
    await c.query('insert into t select n + 10 from stage');
    await c.query('commit');
    expect(await hubTx).toBe(3);
    expect((await hubRead).rows[0]!.n).toBe(3); // in arrival order, after the hub's transaction
    expect((await db.query<{ n: number }>('select n from t order by n')).rows.map((r) => r.n)).toEqual([1, 2, 11]);
  });

  it('keeps a failed transaction the client’s until it rolls back', async () => {
    const c = await client();
    await c.query('begin');
    await c.query('insert into t values (1)');
    await expect(c.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
    const hub = db.query('insert into t values (2)');
    expect(await settlesWithin(hub, 200)).toBe(false);
    await c.query('rollback');
    await hub;
    expect((await db.query<{ n: number }>('select n from t')).rows.map((r) => r.n)).toEqual([2]);
  });

  it('rolls back and releases a client that disconnects mid-transaction', async () => {
    const c = await client();
    await c.query('begin');
    await c.query('insert into t values (1)');
    const hub = db.query<{ n: number }>('select count(*)::int as n from t');
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await hub).rows[0]!.n).toBe(0);
    expect(db.pglite.isInTransaction()).toBe(false);
    expect(cutOff).toBe(0);
  });

  it('cuts off a client that holds the session and says nothing, rolling it back', async () => {
    const c = await client();
    await c.query('begin');
    await c.query('insert into t values (1)');
    const started = Date.now();
    expect((await db.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(cutOff).toBe(1);
    await expect(c.query('commit')).rejects.toThrow();
  });

  it('keeps the queries of several clients and the hub apart, each with its own parameters and answer', async () => {
    const cs = await Promise.all([client(), client(), client()]);
    const ask = (q: (sql: string, p: unknown[]) => Promise<{ rows: { n: number }[] }>, base: number) =>
      (async () => {
        const right: boolean[] = [];
        for (let i = 0; i < 40; i++) right.push((await q('select $1::int as n', [base + i])).rows[0]!.n === base + i);
        return right;
      })();
    const answers = await Promise.all([
      ...cs.map(async (c, k) => {
        const right = await ask((s, p) => c.query(s, p), 1000 * (k + 1));
        // Then a transaction of each client among the others' single queries: all of it lands.
        await c.query('begin');
        for (let i = 0; i < 5; i++) await c.query('insert into t values ($1)', [100 * (k + 1) + i]);
        await c.query('commit');
        return right;
      }),
      ask((s, p) => db.query(s, p), 0),
      ask((s, p) => db.query(s, p), 5000),
    ]);
    expect(answers.flat().every(Boolean)).toBe(true);
    expect((await db.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n).toBe(15);
  });
});
