import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../src/app/context.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Db } from '../src/db/db.ts';
import { openPglite } from '../src/db/pglite.ts';
import { buildApp, type AppOptions } from '../src/http/app.ts';
import { ManualClock, type Clock } from '../src/shared/clock.ts';
import { DEMO_PARTIJEN } from '../src/demo/parties.ts';
import { DeliveryService } from '../src/delivery/worker.ts';
import { databaseUrl, openPostgres, withAdmin } from './template.ts';

/** A database of this test file's own, copied from the run's migrated template. */
export async function createTestDb(): Promise<Db> {
  const template = inject('pgTemplate');
  const url = process.env.DATABASE_URL;
  if (template && url) {
    const name = `${template}_f${randomBytes(4).toString('hex')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await withAdmin(url, (c) => c.query(`create database ${name} template ${template}`));
        break;
      } catch (err) {
        // Two files copying the template at the same instant: PostgreSQL refuses one; try again.
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
      }
    }
    return openPostgres(databaseUrl(url, name), { max: 5 });
  }
  const dump = inject('pgliteDump');
  if (!dump) throw new Error('global setup did not provide a database template');
  return openPglite({ loadDataDir: new Blob([readFileSync(dump)]) });
}

export interface TestHub {
  db: Db;
  ctx: AppContext;
  app: FastifyInstance;
  clock: ManualClock;
  /** Bearer tokens of the demo parties by OIN (created on demand with `party`). */
  tokenOf(oin: string): string;
  party(oin: string): Promise<string>;
  delivery: DeliveryService | null;
  close(): Promise<void>;
}

/** The real HTTP app on a real database, with a manual clock; requests go through app.inject. */
export async function createTestHub(opts: { clockStart?: string; app?: AppOptions; clock?: Clock; env?: Record<string, string>; delivery?: boolean } = {}): Promise<TestHub> {
  const db = await createTestDb();
  const clock = new ManualClock(new Date(opts.clockStart ?? '2027-01-15T09:00:00+01:00'));
  // Every test sends from one address, many as fast as it can: rate limits and the failed-auth wait are
  // off unless a test turns them on (src/http/limits.test.ts).
  const config = loadConfig({}, { VVA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789abcdef0123', LOG_LEVEL: 'silent', NODE_ENV: 'test',
    VVA_RATE_LIMIT_PER_CREDENTIAL: '0', VVA_RATE_LIMIT_PER_ADDRESS: '0', VVA_AUTH_FAILURES_MAX: '0', ...opts.env });
  const ctx = await createContext(config, db, opts.clock ?? clock);
  // The real distributor, without its poll: each request waits until what it journaled is distributed,
  // so a test reads at once what followed from it (serving, the distributor runs right after the commit).
  ctx.onFeiten = () => ctx.distributor.drain();
  const app = await buildApp(ctx, opts.app);
  await app.ready();
  const delivery = opts.delivery ? new DeliveryService(ctx, { error: () => undefined, warn: () => undefined, info: () => undefined }) : null;
  await delivery?.start();
  const tokens = new Map<string, string>();
  return {
    db, ctx, app, clock,
    tokenOf(oin) {
      const t = tokens.get(oin);
      if (!t) throw new Error(`no token for ${oin}: call party() first`);
      return t;
    },
    async party(oin) {
      if (tokens.has(oin)) return tokens.get(oin)!;
      const p = DEMO_PARTIJEN.find((d) => d.oin === oin);
      if (!p) throw new Error(`unknown demo party ${oin}`);
      if (!(await ctx.identity.getOrganisation(oin))) {
        await ctx.identity.addOrganisation({ oin: p.oin, soort: p.soort, naam: p.naam, brin: p.brin, gemeentecode: p.gemeentecode, rmcCode: p.rmcCode }, null);
      }
      const { token } = await ctx.identity.issueToken(oin, { label: 'test', gebruiker: p.gebruiker ?? null });
      tokens.set(oin, token);
      return token;
    },
    delivery,
    async close() {
      await delivery?.stop();
      await app.close();
      await db.close();
    },
  };
}

export const demo = (soort: string, index = 0) => DEMO_PARTIJEN.filter((p) => p.soort === soort)[index]!;
