import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { TestDuoBron } from '../centraal-aanmelden/aanmelding/duo-bron.ts';
import * as store from './store.ts';

let hub: TestHub;
const duo = new TestDuoBron();
const ca = demo('centraal-aanmelden');
const beheer = demo('beheer');
const BASIS = '/api/v1/centraal-aanmelden';

type Inject = Awaited<ReturnType<TestHub['app']['inject']>>;
const post = (url: string, payload: object, sleutel?: string): Promise<Inject> => hub.app.inject({
  method: 'POST', url, payload, headers: { authorization: `Bearer ${hub.tokenOf(ca.oin)}`, ...(sleutel === undefined ? {} : { 'idempotency-key': sleutel }) },
});
const ouder = { naam: 'Ouder Synthetisch', email: 'ouder@example.org', telefoon: '+31 6 12345678' };
// With a parent: then the test source's minors may register as well.
const aanmelding = (bsn: string, over: object = {}) => ({ bsn, aanbodCode: 'SYN-90AA-01', cohort: '2027-08', email: 'student@example.org', ouders: [ouder], ...over });
const dienIn = (bsn: string, sleutel?: string, over: object = {}) => post(`${BASIS}/aanmeldingen`, aanmelding(bsn, over), sleutel);
const aanmeldingenVan = async (bsn: string) => (await post(`${BASIS}/aanmeldingen/zoeken`, { bsn })).json().aanmeldingen as { caKetenId: string; status: string }[];
const acties = async (bsn: string) => {
  await hub.ctx.distributor.drain();
  return (await hub.ctx.audit.search({ pgnPseudoniem: hub.ctx.audit.pseudonym(bsn), limit: 1000 })).map((r) => `${r.actie}:${r.uitkomst}`);
};
const studenten = [...duo.personen.values()].slice(10).map((p) => p.bsn);

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [ca, beheer]) await hub.party(p.oin);
  const res = await hub.app.inject({ method: 'PUT', url: `${BASIS.replace('centraal-aanmelden', 'beheer/centraal-aanmelden')}/koppelpunten/90AA`, payload: { brin: '90AA' }, headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` } });
  expect(res.statusCode).toBe(200);
});
afterAll(() => hub.close());

describe('Idempotency-Key on Centraal Aanmelden (draft-ietf-httpapi-idempotency-key-header)', () => {
  it('a registration resent with its key gets the first answer again: one registration, the replay audited', async () => {
    const bsn = studenten[0]!;
    const eerste = await dienIn(bsn, '"0f8b2c8e-9d1e-4a57-b0a4-3c1f2d5e6a7b"');
    expect(eerste.statusCode).toBe(201);
    // Bare, as many clients send it, is the same key.
    const opnieuw = await dienIn(bsn, '0f8b2c8e-9d1e-4a57-b0a4-3c1f2d5e6a7b');
    expect(opnieuw.statusCode).toBe(201);
    expect(opnieuw.json()).toEqual(eerste.json());
    expect(await aanmeldingenVan(bsn)).toHaveLength(1);
    const audit = await acties(bsn);
    expect(audit.filter((a) => a === 'ca-aanmelding-ingediend:ok')).toHaveLength(1);
    expect(audit).toContain('ca-aanmelding-ingezien:herhaald');
    // Without a key a resend is what it always was: a conflict, with no caKetenId for the client.
    expect((await dienIn(bsn)).statusCode).toBe(409);
  });

  it('the same key with another request is refused with 422 problem+json, and nothing is registered', async () => {
    const bsn = studenten[1]!;
    expect((await dienIn(bsn, '"sleutel-a"')).statusCode).toBe(201);
    const ander = await dienIn(bsn, '"sleutel-a"', { aanbodCode: 'SYN-90AA-02' });
    expect(ander.statusCode).toBe(422);
    expect(ander.headers['content-type']).toContain('application/problem+json');
    expect(ander.json()).toMatchObject({ status: 422, type: 'urn:nl:vva:probleem:idempotency-key-hergebruikt' });
    expect(await aanmeldingenVan(bsn)).toHaveLength(1);
  });

  it('requests with one key at the same time: all get the answer of the one that committed', async () => {
    const bsn = studenten[2]!;
    const antwoorden = await Promise.all([1, 2, 3].map(() => dienIn(bsn, '"tegelijk"')));
    expect(antwoorden.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(antwoorden.map((r) => r.json().caKetenId)).size).toBe(1);
    expect(await aanmeldingenVan(bsn)).toHaveLength(1);
  });

  it('a key is valid for 24 hours; then it may serve a new request, and the daily housekeeping removes it', async () => {
    const bsn = studenten[3]!;
    const eerste = (await dienIn(bsn, '"dag"')).json();
    hub.clock.set(new Date(hub.clock.now().getTime() + 25 * 3_600_000));
    const later = await dienIn(bsn, '"dag"', { aanbodCode: 'SYN-90AA-02' });
    expect(later.statusCode).toBe(201);
    expect(later.json().caKetenId).not.toBe(eerste.caKetenId);
    hub.clock.set(new Date(hub.clock.now().getTime() + 25 * 3_600_000));
    expect(await store.removeExpired(hub.db, hub.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await store.previous(hub.db, ca.oin, 'dag', hub.clock.now())).toBeNull();
  });

  it('a withdrawal resent with its key gets its first answer; a key for another registration is refused', async () => {
    const bsn = studenten[4]!;
    const a = (await dienIn(bsn)).json();
    const trekIn = (caKetenId: string, sleutel?: string) => post(`${BASIS}/aanmeldingen/${caKetenId}/intrekking`, { bsn }, sleutel);
    const eerste = await trekIn(a.caKetenId, '"intrekking-1"');
    expect(eerste.statusCode).toBe(200);
    expect(eerste.json().status).toBe('AI');
    const opnieuw = await trekIn(a.caKetenId, '"intrekking-1"');
    expect(opnieuw.statusCode).toBe(200);
    expect(opnieuw.json()).toEqual(eerste.json());
    expect((await trekIn(a.caKetenId)).statusCode).toBe(409);
    const b = (await dienIn(bsn, undefined, { aanbodCode: 'SYN-90AA-02' })).json();
    expect((await trekIn(b.caKetenId, '"intrekking-1"')).statusCode).toBe(422);
  });

  it('a malformed key is a 400 naming the header; the BSN is not kept with the key', async () => {
    const bsn = studenten[5]!;
    const res = await dienIn(bsn, 'x'.repeat(300));
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('idempotency-key');
    expect((await dienIn(bsn, '"privacy"')).statusCode).toBe(201);
    const { rows } = await hub.db.query<{ rij: string }>('select row_to_json(i)::text as rij from idempotency_key i where key = $1', ['privacy']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rij).not.toContain(bsn);
  });
});
