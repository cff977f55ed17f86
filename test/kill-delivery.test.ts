import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticBsns } from '../src/domain/pgn.ts';
import { hubDatabase, startHub, type HubProcess } from './hub-process.ts';
import { Receiver } from './receiver.ts';
import { freshDatabase, withAdmin } from './template.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vva-kill-'));
const port = String(20_000 + Math.floor(Math.random() * 1000));
const dbName = `vva_kill_${process.pid}`;
const env: Record<string, string> = { PORT: port, VVA_CLOCK: 'manual', VVA_CLOCK_START: '2027-02-10T10:00:00+01:00', VVA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
let hub: HubProcess | undefined;
const receiver = new Receiver();

afterAll(async () => {
  await hub?.kill();
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) await withAdmin(process.env.DATABASE_URL, (c) => c.query(`drop database if exists ${dbName} with (force)`));
});

const N = 10_000;

describe('killing the hub while it delivers', { timeout: 300_000 }, () => {
  it(`SIGKILL in the middle of ${N} deliveries: after a restart every event arrives at least once`, async () => {
    if (process.env.DATABASE_URL) env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL, dbName);
    await receiver.start();
    const credentials = path.join(dir, 'credentials.json');
    hub = await startHub(env, ['--demo', '--credentials', credentials]);
    const partijen = JSON.parse(readFileSync(credentials, 'utf8')).partijen as { soort: string; brin?: string; token: string }[];
    const mbo = partijen.find((p) => p.brin === '90AA')!.token;
    const ca = partijen.find((p) => p.soort === 'centraal-aanmelden')!.token;
    const put = await fetch(`${hub.url}/api/v1/webhook`, { method: 'PUT', headers: { authorization: `Bearer ${ca}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url, geheimen: ['kill-test-geheim-0123456789abcdef0123456'] }) });
    expect(put.status).toBe(200);

    // Every status goes to Centraal Aanmelden: 10,000 messages are 10,000 events to push.
    const pgns = syntheticBsns(4242);
    for (let b = 0; b < N / 1000; b++) {
      const berichten = Array.from({ length: 1000 }, (_, i) => ({
        berichtId: randomUUID(), tijdstip: '2027-02-09T10:00:00+01:00', aanmeldingId: `90AA:${String(b * 1000 + i).padStart(8, '0')}`, pgn: pgns.next().value,
        postcode: '9406NN', huisnummer: 202, brinMbo: '90AA', vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: 'AO',
      }));
      const res = await fetch(`${hub.url}/api/v1/aanmeldstatusberichten`, { method: 'POST', headers: { authorization: `Bearer ${mbo}`, 'content-type': 'application/json' }, body: JSON.stringify({ berichten }) });
      expect(res.status).toBe(200);
    }
    await receiver.waitFor(() => receiver.ok.length >= 1500, 120_000);
    await hub.kill('SIGKILL');
    const atKill = new Set(receiver.ok.map((r) => r.id)).size;
    expect(atKill).toBeLessThan(N); // killed in the middle

    const received = receiver.received.length;
    const restart = Date.now();
    hub = await startHub(env);
    const listening = Date.now();
    await receiver.waitFor(() => receiver.received.length > received, 60_000);
    const firstPush = receiver.received[received]!.at;
    await receiver.waitFor(() => new Set(receiver.ok.map((r) => r.id)).size >= N, 240_000);
    const done = Date.now();

    const db = hubDatabase(env);
    const { rows } = await db.query(`select u.event_id from uitgaand_bericht u join organisatie o on o.oin = u.ontvanger_oin where o.soort = 'centraal-aanmelden'`);
    await db.end();
    const expected = new Set(rows.map((r: { event_id: string }) => r.event_id));
    const got = new Set(receiver.ok.map((r) => r.id));
    expect(expected.size).toBe(N);
    expect([...expected].filter((id) => !got.has(id))).toEqual([]); // none lost
    expect([...got].filter((id) => !expected.has(id))).toEqual([]); // nothing invented
    // Receivers de-duplicate on the CloudEvent id; the body's id equals the webhook-id header.
    expect(receiver.ok.every((r) => r.event.id === r.id)).toBe(true);
    // Issue 13.8: how soon delivery resumes after a kill (the receivers' view; printed, not asserted: timings are the benchmarks' job).
    console.log(`kill test (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${atKill} distinct before the kill, ${receiver.ok.length} receipts for ${N} events `
      + `(${receiver.ok.length - N} duplicates); restart → listening ${listening - restart} ms, listening → first push ${firstPush - listening} ms, → all delivered ${done - listening} ms`);
  });
});
