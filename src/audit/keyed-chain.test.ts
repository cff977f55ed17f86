import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { chainHash, GENESIS_HASH, type AuditRecord } from './chain.ts';
import { checkpointGeldig, CHECKPOINT_ELKE_RECORDS } from './checkpoint.ts';
import * as store from './store.ts';

const beheer = demo('beheer');
let hub: TestHub;
const auth = () => ({ authorization: `Bearer ${hub.tokenOf(beheer.oin)}` });
const get = async (url: string) => (await hub.app.inject({ method: 'GET', url, headers: auth() })).json();

/** As many records as it takes to pass a checkpoint (the first, then one per 10,000). */
async function records(n: number, tag: string) {
  await hub.ctx.audit.record(Array.from({ length: n }, (_, i) => ({ actorOin: beheer.oin, actie: 'lezen', resource: `${tag}/${i}`, doel: 'test', uitkomst: 'ok' })));
}

/** An insider rewrites record `seq` and re-links every record after it, with `key` (null: plain SHA-256), head included. */
async function rewrite(seq: number, key: string | null) {
  await hub.db.transaction(async (tx) => {
    await tx.query('alter table audit_log disable trigger audit_log_append_only');
    const all = await store.readPage(tx, seq - 1, Number.MAX_SAFE_INTEGER, 1_000_000);
    let prev = all[0]!.vorigeHash;
    for (const r of all) {
      const base: AuditRecord = r.seq === seq ? { ...r, uitkomst: 'geweigerd' } : r;
      const hash = chainHash(key, prev, base);
      await tx.query('update audit_log set uitkomst = $2, vorige_hash = $3, hash = $4 where seq = $1', [r.seq, base.uitkomst, prev, hash]);
      prev = hash;
    }
    await tx.query('update audit_kop set hash = $1 where id = 1', [prev]);
    await tx.query('alter table audit_log enable trigger audit_log_append_only');
  });
}

beforeAll(async () => {
  hub = await createTestHub();
  await hub.party(beheer.oin);
  await records(10, 'a'); // the first checkpoint
  await records(CHECKPOINT_ELKE_RECORDS + 500, 'b'); // the next, 10,000 records on
  await records(20, 'c');
});
afterAll(() => hub.close());

describe('keyed audit chain with signed checkpoints (issue 13.5, 14.6)', () => {
  it('signs checkpoints that beheer exports with the public key, and exposes the latest as a metric', async () => {
    const res = await get('/api/v1/beheer/audit/checkpoints');
    expect(res.algoritme).toBe('Ed25519');
    expect(res.checkpoints.length).toBeGreaterThanOrEqual(2);
    for (const c of res.checkpoints) expect(checkpointGeldig({ ...c, tijdstip: new Date(c.tijdstip) }, res.publiekeSleutel)).toBe(true);
    const metrics = (await hub.app.inject({ method: 'GET', url: '/metrics' })).body;
    const last = res.checkpoints.at(-1);
    expect(metrics).toContain(`vva_audit_checkpoint{seq="${last.seq}",hash="${last.hash}"}`);
    expect(metrics).toMatch(/vva_audit_keten_lengte \d+/);
  });

  it('writes each checkpoint to the log once its transaction committed, a quarter of an hour after the last', async () => {
    const logged: unknown[] = [];
    const before = hub.ctx.log;
    hub.ctx.log = { ...before, info: (obj: unknown) => logged.push(obj) };
    await records(1, 'd');
    expect(logged).toEqual([]);
    hub.clock.set(new Date(hub.clock.now().getTime() + 15 * 60_000));
    await records(1, 'e');
    hub.ctx.log = before;
    const head = await store.readHead(hub.db);
    expect(logged).toEqual([{ auditCheckpoint: expect.objectContaining({ seq: head.seq, hash: head.hash }) }]);
  });

  it('verifies in full by default and from the last checkpoint when asked', async () => {
    const full = await get('/api/v1/beheer/audit/verificatie');
    expect(full).toMatchObject({ ok: true, vanaf: 0, problemen: [] });
    expect(full.records).toBe(full.tot);
    const quick = await get('/api/v1/beheer/audit/verificatie?incrementeel=true');
    expect(quick.ok).toBe(true);
    expect(quick.vanaf).toBeGreaterThan(CHECKPOINT_ELKE_RECORDS);
    expect(quick.records).toBe(quick.tot - quick.vanaf);
    expect(quick.records).toBeLessThan(full.records);
  });

  it('10 verifications while records are appended all find the chain intact (issue 14.6)', async () => {
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await records(50, `w${i}`);
        // Requests arrive as I/O; without this the embedded database answers in microtasks only and the loop never yields.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await hub.ctx.audit.verify({ incrementeel: i % 2 === 1, pageSize: 1000 }));
    writing = false;
    await writer;
    expect(results.map((r) => r.problems)).toEqual(Array(10).fill([]));
    expect(new Set(results.map((r) => r.tot)).size).toBeGreaterThan(1); // the chain did grow meanwhile
  });

  it('lets other requests in while it walks the chain', async () => {
    const order: string[] = [];
    const verification = hub.ctx.audit.verify({ pageSize: 500 }).then(() => order.push('verify'));
    await new Promise((r) => setImmediate(r));
    const health = hub.app.inject({ method: 'GET', url: '/health' }).then((r) => order.push(`health ${r.statusCode}`));
    await Promise.all([verification, health]);
    expect(order).toEqual(['health 200', 'verify']);
  });

  it('finds a chain rewritten without the key, and one rewritten with it against the checkpoints kept outside', async () => {
    const exported = await get('/api/v1/beheer/audit/checkpoints');
    const seq = 10_000; // before the second checkpoint
    await rewrite(seq, null); // SHA-256 as before the chain was keyed: every rewritten link fails
    let r = await get('/api/v1/beheer/audit/verificatie');
    expect(r.ok).toBe(false);
    expect(r.problemen).toContainEqual(expect.objectContaining({ seq, probleem: 'gewijzigd' }));
    expect(r.problemen.map((p: { probleem: string }) => p.probleem)).toContain('herschreven');

    // An insider with the key re-links correctly and removes the checkpoints from the table too…
    // (In development the key is kept in the database, which is why production must pass VVA_AUDIT_KEY.)
    const key = (await hub.db.query<{ waarde: string }>(`select waarde from hub_geheim where naam = 'audit-sleutel'`)).rows[0]!.waarde;
    await rewrite(seq, key);
    await hub.db.query('delete from audit_checkpoint');
    r = await get('/api/v1/beheer/audit/verificatie');
    expect(r.ok).toBe(true); // …so the database alone no longer shows it,
    const extern = exported.checkpoints.map((c: { tijdstip: string }) => ({ ...c, tijdstip: new Date(c.tijdstip) }));
    const withCopy = await hub.ctx.audit.verify({ extern });
    expect(withCopy.ok).toBe(false); // …but the exported copy does.
    const after = extern.filter((c: { seq: number }) => c.seq >= seq).map((c: { seq: number }) => c.seq);
    expect(after.length).toBeGreaterThan(0);
    expect(withCopy.problems.filter((p) => p.problem === 'herschreven').map((p) => p.seq)).toEqual(after);
  });
});

describe('a chain from before the key (migration 0014)', () => {
  it('keeps its plain SHA-256 links up to gesleuteld_vanaf and verifies keyed links after', async () => {
    const fresh = await createTestHub();
    const legacy: AuditRecord[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const base = { seq, tijdstip: new Date('2026-11-01T10:00:00Z'), actorOin: null, gebruiker: null, actie: 'lezen', resource: `oud/${seq}`, pgnPseudoniem: null, doel: 't', traceId: null, uitkomst: 'ok' };
      const hash = chainHash(null, prev, base);
      legacy.push({ ...base, vorigeHash: prev, hash });
      prev = hash;
    }
    await fresh.db.transaction(async (tx) => {
      await store.insertRecords(tx, legacy);
      await tx.query('update audit_kop set gesleuteld_vanaf = 4 where id = 1');
    });
    await fresh.ctx.audit.record([{ actorOin: null, actie: 'lezen', resource: 'nieuw', doel: 't', uitkomst: 'ok' }]);
    const r = await fresh.ctx.audit.verify();
    expect(r).toMatchObject({ ok: true, records: 4, tot: 4 });
    // Claiming the keyed part began later does not pass: record 4 is keyed.
    await fresh.db.query('update audit_kop set gesleuteld_vanaf = 5 where id = 1');
    expect((await fresh.ctx.audit.verify()).problems).toEqual([expect.objectContaining({ seq: 4, problem: 'gewijzigd' })]);
    await fresh.close();
  });
});
