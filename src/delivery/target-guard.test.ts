import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';
import { Receiver } from '../../test/receiver.ts';
import { isPublicAddress } from './target-guard.ts';
import * as store from './store.ts';

// Issue 12.6: in production a webhook never reaches loopback, private or reserved addresses.
let hub: TestHub;
let receiver: Receiver;
const school = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

beforeAll(async () => {
  hub = await createTestHub({
    clockStart: '2027-02-10T10:00:00+01:00', delivery: true,
    env: { NODE_ENV: 'production', VVA_AUDIT_KEY: 'productie-audit-sleutel-0123456789abcdef0', VVA_GEHEIM_SLEUTEL: 'productie-geheim-sleutel-0123456789abcdef', VVA_AFLEVERING_BASIS_MS: '50', VVA_AFLEVERING_MAX_INTERVAL_MS: '200' },
  });
  for (const p of [school, roc]) await hub.party(p.oin);
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await receiver.stop();
  await hub.close();
});

const register = (url: string) =>
  hub.app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}` }, payload: { url, geheimen: [SECRET] } });

describe('webhook targets in production', () => {
  it('names only plain unicast addresses public', () => {
    for (const ip of ['8.8.8.8', '145.97.39.155', '2a00:1450:4001::1']) expect(isPublicAddress(ip), ip).toBe(true);
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '2001:db8::1', '224.0.0.1']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it('refuses to register a target on loopback or in a private range (400 problem+json naming url)', async () => {
    const port = new URL(receiver.url).port;
    for (const url of [`https://127.0.0.1:${port}/vva`, `https://localhost:${port}/vva`, 'https://[::1]/vva', 'https://10.0.0.8/vva', 'https://169.254.169.254/latest', 'https://[::ffff:192.168.0.1]/vva']) {
      const res = await register(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().invalidParams[0]).toMatchObject({ name: 'url', reason: expect.stringMatching(/intern adres/) });
    }
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses the connection when a stored target points inwards (an IP, or a name that resolves there)', async () => {
    const port = new URL(receiver.url).port;
    for (const url of [`http://127.0.0.1:${port}/vva`, `http://localhost:${port}/vva`]) {
      // As if registered when the name was public (DNS rebinding) or under another configuration.
      await store.upsertWebhook(hub.db, school.oin, url, [hub.ctx.secrets.seal(SECRET)], new Date());
      const pgn = nieuwePgn();
      await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn })]);
      await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn })]);
      const fout = async () => (await hub.db.query<{ f: string | null }>(
        `select a.laatste_fout as f from aflevering a join uitgaand_bericht u using (event_id) where a.ontvanger_oin = $1 and u.data->>'pgn' = $2`, [school.oin, pgn])).rows[0]?.f;
      const deadline = Date.now() + 10_000;
      while (!(await fout()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await fout(), url).toMatch(/intern adres/);
    }
    expect(receiver.received).toHaveLength(0);
  });
});
