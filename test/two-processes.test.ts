import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticBsns } from '../src/domain/pgn.ts';
import { hubDatabase, startHub, type HubProcess } from './hub-process.ts';
import { Receiver } from './receiver.ts';
import { freshDatabase, withAdmin } from './template.ts';

// Several processes share a database only on a server; the embedded engine serves one process.
const serverUrl = process.env.DATABASE_URL;
const dir = mkdtempSync(path.join(tmpdir(), 'vva-two-'));
const dbName = `vva_two_${process.pid}`;
const hubs: HubProcess[] = [];
const receiver = new Receiver();

afterAll(async () => {
  await Promise.all(hubs.map((h) => h.kill()));
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
  if (serverUrl) await withAdmin(serverUrl, (c) => c.query(`drop database if exists ${dbName} with (force)`));
});

describe.skipIf(!serverUrl)('two hub processes on one PostgreSQL (spec §19)', { timeout: 240_000 }, () => {
  it('share the work: every event once in the outbox and delivered, milestones once, one audit chain that verifies', async () => {
    const url = await freshDatabase(serverUrl!, dbName);
    await receiver.start();
    const base = { DATABASE_URL: url, VVA_DATA_DIR: path.join(dir, 'data'), VVA_CLOCK: 'manual', VVA_CLOCK_START: '2027-02-20T10:00:00+01:00' };
    const credentials = path.join(dir, 'credentials.json');
    const port = 21_000 + Math.floor(Math.random() * 1000);
    hubs.push(await startHub({ ...base, PORT: String(port) }, ['--demo', '--credentials', credentials]));
    hubs.push(await startHub({ ...base, PORT: String(port + 1) }));
    const partijen = JSON.parse(readFileSync(credentials, 'utf8')).partijen as { soort: string; brin?: string; token: string }[];
    const token = (f: (p: { soort: string; brin?: string }) => boolean) => partijen.find(f)!.token;
    const [school, mbo, ca, beheer] = [token((p) => p.brin === '18BR'), token((p) => p.brin === '90AA'), token((p) => p.soort === 'centraal-aanmelden'), token((p) => p.soort === 'beheer')];
    const call = (hub: HubProcess, method: string, p: string, auth: string, body?: unknown) =>
      fetch(`${hub.url}/api/v1${p}`, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await call(hubs[1]!, 'PUT', '/webhook', ca, { url: receiver.url, geheimen: ['two-process-geheim-0123456789abcdef0123'] })).status).toBe(200);

    // 3,000 pupils reported and registered, the batches spread over both processes.
    const pgns = [...Array(3000)].map(((g) => () => g.next().value as string)(syntheticBsns(2121)));
    const adres = { postcode: '9406NN', huisnummer: 202 };
    for (let b = 0; b < 6; b++) {
      const slice = pgns.slice(b * 500, b * 500 + 500);
      const hub = hubs[b % 2]!;
      expect((await call(hub, 'POST', '/mbo-gangerberichten', school, { berichten: slice.map((pgn) => ({ berichtId: randomUUID(), tijdstip: '2027-02-19T10:00:00+01:00', pgn, brinVo: '18BR', ...adres, mboGanger: true })) })).status).toBe(200);
      // Half of them register; the other half stays unregistered for the 1 March bulk.
      const reg = slice.slice(0, 250).map((pgn, i) => ({ berichtId: randomUUID(), tijdstip: '2027-02-19T11:00:00+01:00', aanmeldingId: `90AA:${String(b * 1000 + i).padStart(8, '0')}`, pgn, brinMbo: '90AA', ...adres, vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: 'AO' }));
      expect((await call(hubs[(b + 1) % 2]!, 'POST', '/aanmeldstatusberichten', mbo, { berichten: reg })).status).toBe(200);
    }
    // Both processes pass 1 March: the bulk must run once.
    const moves = await Promise.all(hubs.map((h) => call(h, 'PUT', '/beheer/klok', beheer, { nu: '2027-03-01T00:30:00+01:00' })));
    expect(moves.map((r) => r.status)).toEqual([200, 200]);

    await receiver.waitFor(() => new Set(receiver.ok.map((r) => r.id)).size >= 1500, 120_000);
    const db = hubDatabase({ DATABASE_URL: url });
    const caEvents = (await db.query(`select count(*)::int as n from uitgaand_bericht u join organisatie o on o.oin = u.ontvanger_oin where o.soort = 'centraal-aanmelden'`)).rows[0].n;
    const signals = (await db.query(`select count(*)::int as n, count(distinct pgn)::int as pupils from signaal where type = 'NIET_AANGEMELD'`)).rows[0];
    const runs = (await db.query(`select count(*)::int as n from mijlpaal_uitvoering where mijlpaal = 'signalering-aanmelding'`)).rows[0].n;
    await db.end();
    expect(caEvents).toBe(1500); // each status routed once, whichever process distributed it
    expect(new Set(receiver.ok.map((r) => r.id)).size).toBe(1500);
    expect(signals).toEqual({ n: 1500, pupils: 1500 }); // the unregistered half, signalled once each
    expect(runs).toBe(1);
    const verify = await call(hubs[0]!, 'GET', '/beheer/audit/verificatie', beheer);
    expect(await verify.json()).toMatchObject({ ok: true });
  });
});
