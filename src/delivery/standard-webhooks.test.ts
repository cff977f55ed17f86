import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';
import { Receiver, type Ontvangst } from '../../test/receiver.ts';
import { VERSION } from '../shared/version.ts';
import { verify } from './signing.ts';
import * as store from './store.ts';

// Issue 12 point 4: a receiver verifies the hub's pushes with the Standard Webhooks reference library, unchanged.
let hub: TestHub;
let receiver: Receiver;
const school = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);
const whsec = () => `whsec_${randomBytes(32).toString('base64')}`;

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-02-10T10:00:00+01:00', delivery: true });
  for (const p of [school, roc]) await hub.party(p.oin);
});
afterAll(() => hub.close());
afterEach(async () => receiver?.stop());

const register = (url: string | null, geheimen: string[]) =>
  hub.app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}` }, payload: { url, geheimen } });

/** A status of a pupil of the school: one push to the school; resolves with what the receiver got. */
async function push(): Promise<Ontvangst> {
  const pgn = nieuwePgn();
  await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn })]);
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn })]);
  await receiver.waitFor(() => receiver.ok.some((r) => r.event.data.pgn === pgn));
  return receiver.ok.find((r) => r.event.data.pgn === pgn)!;
}

const headersOf = (r: Ontvangst) => Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));

describe('Standard Webhooks', () => {
  it('a push verifies with the standardwebhooks library and the whsec_ secret as registered; it names the hub in User-Agent', async () => {
    receiver = await new Receiver().start();
    let handshakeAgent: string | undefined;
    let handshakeTrace: string | undefined;
    receiver.options = (req, res) => {
      handshakeAgent = req.headers['user-agent'];
      handshakeTrace = String(req.headers.traceparent);
      res.setHeader('WebHook-Allowed-Origin', '*');
      res.end();
    };
    const secret = whsec();
    const trace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const registered = await hub.app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}`, traceparent: trace }, payload: { url: receiver.url, geheimen: [secret] } });
    expect(registered.statusCode).toBe(200);
    // Issue 12.6: the caller's trace goes on to the receiver, under the hub's span (the one answered).
    expect(handshakeTrace).toBe(registered.headers.traceparent);
    expect(handshakeTrace).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    const r = await push();
    expect(new Webhook(secret).verify(r.body, headersOf(r))).toMatchObject({ id: r.id, specversion: '1.0' });
    expect(() => new Webhook(whsec()).verify(r.body, headersOf(r))).toThrow();
    expect(r.headers['user-agent']).toBe(`open-vva/${VERSION}`);
    expect(handshakeAgent).toBe(r.headers['user-agent']);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('during a rotation each of the secrets verifies on its own', async () => {
    receiver = await new Receiver().start();
    const [oud, nieuw] = [whsec(), whsec()];
    await register(receiver.url, [oud, nieuw]);
    const r = await push();
    expect(new Webhook(oud).verify(r.body, headersOf(r))).toBeTruthy();
    expect(new Webhook(nieuw).verify(r.body, headersOf(r))).toBeTruthy();
  });

  it('an older plain-text secret keeps its signatures: verified as before, and with whsec_ + base64 of its text', async () => {
    receiver = await new Receiver().start();
    const legacy = 'een-ouder-geheim-als-tekst-0123456789abcdef';
    await register(receiver.url, [legacy]);
    const r = await push();
    expect(verify(legacy, r, r.body)).toBe(true);
    expect(new Webhook(`whsec_${Buffer.from(legacy).toString('base64')}`).verify(r.body, headersOf(r))).toBeTruthy();
  });

  it('a secret stored before this change (sealed plain text) still signs pushes that verify', async () => {
    receiver = await new Receiver().start();
    await register(receiver.url, [whsec()]);
    const legacy = 'opgeslagen-voor-de-wijziging-0123456789abcdef';
    await store.upsertWebhook(hub.db, school.oin, receiver.url, [hub.ctx.secrets.seal(legacy)], new Date());
    const r = await push();
    expect(verify(legacy, r, r.body)).toBe(true);
    expect(new Webhook(`whsec_${Buffer.from(legacy).toString('base64')}`).verify(r.body, headersOf(r))).toBeTruthy();
  });

  it('refuses a whsec_ secret that is not base64 or too short, naming the field (problem+json)', async () => {
    const res = await register('https://ontvanger.example/hook', [`whsec_${randomBytes(8).toString('base64')}`, 'whsec_niet*base64']);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['geheimen[0]', 'geheimen[1]']);
  });
});
