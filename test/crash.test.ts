import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/config.ts';
import { syntheticBsns } from '../src/domain/pgn.ts';
import { freshDatabase, withAdmin } from './template.ts';
import { hubDatabase, startHub, type HubProcess } from './hub-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vva-crash-'));
const port = String(19_000 + Math.floor(Math.random() * 1000));
const dbName = `vva_crash_${process.pid}`;
const env: Record<string, string> = { PORT: port, VVA_CLOCK: 'manual', VVA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
let hub: HubProcess | undefined;

afterAll(async () => {
  await hub?.kill();
  rmSync(dir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) await withAdmin(process.env.DATABASE_URL, (c) => c.query(`drop database if exists ${dbName} with (force)`));
});

/** Real addresses from the shipped postcode table, one per gemeente, so the pupils live all over the country. */
function adressenPerGemeente(): { postcode: string; huisnummer: number }[] {
  const lines = readFileSync(path.join(REPO_ROOT, 'reference/cbs/pc6hnr-afgeleid_gwb.csv'), 'utf8').trim().split('\n').slice(1);
  const perGemeente = new Map<string, { postcode: string; huisnummer: number }>();
  for (const l of lines) {
    const [pc6, nr, , , gem] = l.split(';');
    if (!perGemeente.has(gem!)) perGemeente.set(gem!, { postcode: pc6!, huisnummer: Number(nr) });
  }
  return [...perGemeente.values()];
}

describe('a crash during the 1 March bulk', { timeout: 240_000 }, () => {
  it('each gemeente still gets its bulk exactly once after a restart', async () => {
    if (process.env.DATABASE_URL) env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL, dbName);
    const credentials = path.join(dir, 'credentials.json');
    hub = await startHub({ ...env, VVA_CLOCK_START: '2027-02-20T10:00:00+01:00' }, ['--demo', '--credentials', credentials]);
    const partijen = JSON.parse(readFileSync(credentials, 'utf8')).partijen as { soort: string; brin?: string; token: string }[];
    const school = partijen.find((p) => p.brin === '18BR')!.token;
    const beheer = partijen.find((p) => p.soort === 'beheer')!.token;

    // 2,400 pupils of one school, living in every gemeente of the address table.
    const adressen = adressenPerGemeente();
    const pgns = syntheticBsns(31);
    const berichten = Array.from({ length: 2400 }, (_, i) => ({
      berichtId: randomUUID(), tijdstip: '2027-02-19T10:00:00+01:00', pgn: pgns.next().value, brinVo: '18BR', ...adressen[i % adressen.length], mboGanger: true,
    }));
    for (let i = 0; i < berichten.length; i += 1000) {
      const res = await fetch(`${hub.url}/api/v1/mbo-gangerberichten`, { method: 'POST', headers: { authorization: `Bearer ${school}`, 'content-type': 'application/json' }, body: JSON.stringify({ berichten: berichten.slice(i, i + 1000) }) });
      expect(res.status).toBe(200);
    }

    // Move to 1 March and kill the process once some gemeenten have had their bulk, before all have.
    void fetch(`${hub.url}/api/v1/beheer/klok`, { method: 'PUT', headers: { authorization: `Bearer ${beheer}`, 'content-type': 'application/json' }, body: JSON.stringify({ nu: '2027-03-01T00:00:00+01:00' }) }).catch(() => undefined);
    const db = hubDatabase(env);
    let parts = 0;
    for (let i = 0; i < 600 && parts < 5; i++) {
      await new Promise((r) => setTimeout(r, 50));
      parts = (await db.query(`select count(*)::int as n from mijlpaal_deel where mijlpaal = 'signalering-aanmelding'`)).rows[0].n;
    }
    await db.end();
    await hub.kill('SIGKILL');
    expect(parts).toBeGreaterThanOrEqual(5);

    // Restart: the missed milestone is caught up at start.
    hub = await startHub({ ...env, VVA_CLOCK_START: '2027-03-01T00:10:00+01:00' });
    const after = hubDatabase(env);
    let klaar = false;
    for (let i = 0; i < 1200 && !klaar; i++) {
      klaar = (await after.query(`select voltooid from mijlpaal_uitvoering where mijlpaal = 'signalering-aanmelding' and voltooid is not null`)).rows.length === 1;
      if (!klaar) await new Promise((r) => setTimeout(r, 100));
    }
    expect(klaar).toBe(true);
    const gemeenten = (await after.query(`select count(distinct woongemeente)::int as n from leerling where cyclus = 2027 and potentiele_mbo_ganger and woongemeente is not null`)).rows[0].n;
    const perPupil = (await after.query(`select pgn, count(*)::int as n from signaal where type = 'NIET_AANGEMELD' group by pgn`)).rows as { n: number }[];
    const delen = (await after.query(`select count(*)::int as n, sum(aantal)::int as signalen from mijlpaal_deel where mijlpaal = 'signalering-aanmelding'`)).rows[0];
    const events = (await after.query(`select count(*)::int as n from uitgaand_bericht where type = 'nl.vva.signaal.niet-aangemeld.v1'`)).rows[0].n;
    const eventsPerGemeente = (await after.query(`select data->>'gemeentecode' as g, count(*)::int as n from uitgaand_bericht where type = 'nl.vva.signaal.niet-aangemeld.v1' group by 1`)).rows;
    const signalenPerGemeente = new Map(((await after.query(`select gemeentecode as g, count(*)::int as n from signaal group by 1`)).rows as { g: string; n: number }[]).map((r) => [r.g, r.n]));
    await after.end();

    expect(perPupil).toHaveLength(berichten.length); // every pupil signalled …
    expect(perPupil.every((r) => r.n === 1)).toBe(true); // … exactly once
    expect(delen).toEqual({ n: gemeenten, signalen: berichten.length }); // one part per gemeente
    // Only the demo gemeenten (Assen, Amsterdam; Amsterdam delegates nothing here) are connected: their events, once each.
    expect(parts).toBeLessThan(gemeenten); // the kill really came in the middle of the bulk
    // Connected gemeenten (the demo's Assen and Amsterdam) got one event per signal, and nobody else any.
    expect(eventsPerGemeente.map((r: { g: string }) => r.g).sort()).toEqual(['0106', '0363']);
    for (const r of eventsPerGemeente as { g: string; n: number }[]) expect(r.n).toBe(signalenPerGemeente.get(r.g));
    expect(events).toBe(eventsPerGemeente.reduce((n: number, r: { n: number }) => n + r.n, 0));
  });
});
