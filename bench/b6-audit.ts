import { GENESIS_HASH, verifyRun } from '../src/audit/chain.ts';
import * as store from '../src/audit/store.ts';
import type { Db } from '../src/db/db.ts';
import { benchHub } from './setup.ts';

/**
 * B6 (issue 14.6): a full verification of the audit chain beside live traffic on the embedded hub.
 * `/health` is polled over HTTP every 20 ms while the chain is walked, once as the hub did before
 * (one read-only transaction, pages of 5,000, no pause) and once as it does now (pages of 1,000, each
 * its own statement, a yield in between); plus the incremental check from the last checkpoint.
 */
async function oneTransaction(db: Db, key: { key: string; gesleuteldVanaf: number }): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    let position = { seq: 0, hash: GENESIS_HASH };
    let n = 0;
    for (;;) {
      const page = await store.readPage(tx, position.seq, Number.MAX_SAFE_INTEGER, 5000);
      if (page.length === 0) return n;
      position = verifyRun(page, position, key).end;
      n += page.length;
    }
  });
}

async function whilePolling(url: string, work: () => Promise<unknown>): Promise<{ seconds: number; worstMs: number; polls: number }> {
  let running = true;
  let worstMs = 0;
  let polls = 0;
  const poller = (async () => {
    while (running) {
      const t = performance.now();
      await fetch(`${url}/health`).then((r) => r.arrayBuffer());
      worstMs = Math.max(worstMs, performance.now() - t);
      polls++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await poller;
  return { seconds, worstMs, polls };
}

export async function b6(records = 75_000): Promise<string> {
  const hub = await benchHub('pglite');
  const { ctx } = hub;
  for (let i = 0; i < records; i += 5000) {
    await ctx.audit.record(Array.from({ length: Math.min(5000, records - i) }, (_, j) => ({ actorOin: null, actie: 'lezen', resource: `bench/${i + j}`, doel: 'beheer', uitkomst: 'ok' })));
  }
  await ctx.distributor.drain();
  const head = await store.readHead(ctx.db);
  const key = (await ctx.db.query<{ waarde: string }>(`select waarde from hub_geheim where naam = 'audit-sleutel'`)).rows[0]!.waarde;
  const before = await whilePolling(hub.url, () => oneTransaction(ctx.db, { key, gesleuteldVanaf: head.gesleuteldVanaf }));
  const after = await whilePolling(hub.url, async () => {
    const r = await ctx.audit.verify();
    if (!r.ok) throw new Error('chain not intact');
  });
  const quick = await whilePolling(hub.url, () => ctx.audit.verify({ incrementeel: true }));
  await hub.close();
  const f = (m: { seconds: number; worstMs: number }) => `${m.seconds.toFixed(2)} s, worst /health **${Math.round(m.worstMs)} ms**`;
  return `| B6 PGlite | full audit-chain verification of ${head.seq.toLocaleString('en')} records, \`/health\` polled every 20 ms | one transaction (before): ${f(before)} | paged (now): ${f(after)}; worst /health now/before = **${((100 * after.worstMs) / before.worstMs).toFixed(0)}%** | incremental from the last checkpoint: ${f(quick)} |`;
}
