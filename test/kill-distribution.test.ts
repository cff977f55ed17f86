import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticBsns } from '../src/domain/pgn.ts';
import { mapLimit } from '../src/shared/parallel.ts';
import { hubDatabase, startHub, type HubProcess } from './hub-process.ts';
import { freshDatabase, withAdmin } from './template.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vva-killdist-'));
const port = String(22_000 + Math.floor(Math.random() * 1000));
const dbName = `vva_killdist_${process.pid}`;
const env: Record<string, string> = { PORT: port, VVA_CLOCK: 'manual', VVA_CLOCK_START: '2027-02-10T10:00:00+01:00', VVA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
let hub: HubProcess | undefined;

afterAll(async () => {
  await hub?.kill();
  rmSync(dir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) await withAdmin(process.env.DATABASE_URL, (c) => c.query(`drop database if exists ${dbName} with (force)`));
});

const N = 12_000;

describe('killing the hub while it distributes', { timeout: 300_000 }, () => {
  it(`SIGKILL right after the intake (on PostgreSQL with most of the journal not yet distributed): after a restart each of ${N} statuses is routed and audited exactly once`, async () => {
    if (process.env.DATABASE_URL) env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL, dbName);
    const credentials = path.join(dir, 'credentials.json');
    hub = await startHub(env, ['--demo', '--credentials', credentials]);
    const mbo = (JSON.parse(readFileSync(credentials, 'utf8')).partijen as { brin?: string; token: string }[]).find((p) => p.brin === '90AA')!.token;
    const pgns = syntheticBsns(5151);
    const bodies = Array.from({ length: N / 1000 }, (_, b) => JSON.stringify({ berichten: Array.from({ length: 1000 }, (_, i) => ({
      berichtId: randomUUID(), tijdstip: '2027-02-09T10:00:00+01:00', aanmeldingId: `90AA:${String(b * 1000 + i).padStart(8, '0')}`, pgn: pgns.next().value,
      postcode: '9406NN', huisnummer: 202, brinMbo: '90AA', vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: 'AO',
    })) }));
    const statuses = await mapLimit(bodies, 4, async (body) => (await fetch(`${hub!.url}/api/v1/aanmeldstatusberichten`, { method: 'POST', headers: { authorization: `Bearer ${mbo}`, 'content-type': 'application/json' }, body })).status);
    expect(statuses.every((s) => s === 200)).toBe(true); // all acknowledged
    const before = hubDatabase(env);
    const lagAtKill = (await before.query(`select count(*)::int as n from feit, distributie_stand s where (feit.xid, feit.id) > (s.xid, s.feit_id)`)).rows[0].n;
    await before.end(); // before the kill: the embedded database's socket goes with the process
    await hub.kill('SIGKILL');
    console.log(`kill-distribution: ${lagAtKill} journal rows not yet distributed at the kill`);

    hub = await startHub(env);
    const db = hubDatabase(env);
    for (let i = 0; i < 600; i++) {
      const lag = (await db.query(`select count(*)::int as n from feit, distributie_stand s where (feit.xid, feit.id) > (s.xid, s.feit_id)`)).rows[0].n;
      if (lag === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ontvangen = (await db.query(`select count(*)::int as n, count(distinct resource)::int as uniek from audit_log where actie = 'aanmeldstatusbericht-ontvangen'`)).rows[0];
    const ca = (await db.query(`select count(*)::int as n, count(distinct data->>'aanmeldingId')::int as uniek from uitgaand_bericht u join organisatie o on o.oin = u.ontvanger_oin where o.soort = 'centraal-aanmelden'`)).rows[0];
    const chain = (await db.query(`select count(*)::int as n, max(seq)::int as hoogste from audit_log`)).rows[0];
    await db.end();
    expect(ontvangen).toEqual({ n: N, uniek: N }); // every acknowledged message audited, once
    expect(ca).toEqual({ n: N, uniek: N }); // and routed to Centraal Aanmelden once
    expect(chain.n).toBe(chain.hoogste); // no gap and no double in the chain
  });
});
