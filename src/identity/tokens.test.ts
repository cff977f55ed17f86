import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { createContext } from '../app/context.ts';
import { DEMO_PARTIJEN } from '../demo/parties.ts';
import { setupDemo } from '../demo/setup.ts';

// Issue 12.7: list, expire and revoke tokens; demo tokens that survive a restart.
let hub: TestHub;
const beheer = demo('beheer');
const school = demo('vo-school');
const dir = mkdtempSync(path.join(tmpdir(), 'vva-tokens-'));

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-15T09:00:00+01:00' });
  await hub.party(beheer.oin);
  await hub.party(school.oin);
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const as = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const beheerDoet = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => as(hub.tokenOf(beheer.oin), method, url, payload);
const tokens = `/api/v1/beheer/organisaties/${school.oin}/tokens`;
const identiteit = (token: string) => as(token, 'GET', '/api/v1/identiteit');

async function expect401(token: string) {
  const res = await identiteit(token);
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status: 401, type: 'urn:nl:vva:probleem:niet-geauthenticeerd' });
}

async function audit(actie: string) {
  const res = await beheerDoet('POST', '/api/v1/beheer/audit/zoekopdrachten', { actorOin: beheer.oin, limit: 1000 });
  return (res.json().records as { actie: string; resource: string; gebruiker: string | null; uitkomst: string }[]).filter((r) => r.actie === actie);
}

describe('token lifecycle through the API', () => {
  it('a token issued with an end works until then, and then answers 401; the list says verlopen', async () => {
    const issued = await beheerDoet('POST', tokens, { label: 'las', verloopt: '2027-01-20T00:00:00+01:00' });
    expect(issued.statusCode).toBe(201);
    const { id, token } = issued.json();
    expect((await identiteit(token)).statusCode).toBe(200);
    hub.clock.set(new Date('2027-01-20T00:00:01+01:00'));
    await expect401(token);
    const lijst = (await beheerDoet('GET', tokens)).json().tokens;
    expect(lijst.find((t: { id: string }) => t.id === id)).toMatchObject({ label: 'las', status: 'verlopen', verloopt: '2027-01-19T23:00:00.000Z', ingetrokken: null });
    expect(JSON.stringify(lijst)).not.toContain(token);
    expect(await audit('tokens-bekeken')).toContainEqual(expect.objectContaining({ resource: `organisatie/${school.oin}/tokens`, gebruiker: beheer.gebruiker }));
  });

  it('expiring a token now ends it at once; removing the end brings it back', async () => {
    const { id, token } = (await beheerDoet('POST', tokens, { label: 'tijdelijk' })).json();
    const nu = hub.clock.now().toISOString();
    expect((await beheerDoet('PATCH', `${tokens}/${id}`, { verloopt: nu })).json()).toMatchObject({ status: 'verlopen' });
    await expect401(token);
    expect((await beheerDoet('PATCH', `${tokens}/${id}`, { verloopt: null })).json()).toMatchObject({ status: 'actief', verloopt: null });
    expect((await identiteit(token)).statusCode).toBe(200);
    expect((await audit('token-verloopdatum')).map((r) => r.uitkomst)).toEqual(expect.arrayContaining([nu, 'geen']));
  });

  it('revoking answers the token as ingetrokken, audited with the operator; it never comes back', async () => {
    const { id, token } = (await beheerDoet('POST', tokens, { label: 'weg' })).json();
    const res = await beheerDoet('DELETE', `${tokens}/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'ingetrokken', ingetrokkenDoor: `${beheer.oin} (${beheer.gebruiker})` });
    await expect401(token);
    expect((await beheerDoet('DELETE', `${tokens}/${id}`)).json().status).toBe('ingetrokken');
    const terug = await beheerDoet('PATCH', `${tokens}/${id}`, { verloopt: null });
    expect(terug.statusCode).toBe(409);
    expect(terug.headers['content-type']).toMatch(/^application\/problem\+json/);
    await expect401(token);
    expect((await audit('token-ingetrokken')).filter((r) => r.resource.endsWith(id)).map((r) => r.uitkomst)).toEqual(expect.arrayContaining(['ok', 'was al ingetrokken']));
  });

  it('only beheer manages tokens; an unknown token id is 404', async () => {
    expect((await as(hub.tokenOf(school.oin), 'GET', tokens)).statusCode).toBe(403);
    expect((await as(hub.tokenOf(school.oin), 'DELETE', `${tokens}/${crypto.randomUUID()}`)).statusCode).toBe(403);
    const missing = await beheerDoet('DELETE', `${tokens}/${crypto.randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await beheerDoet('POST', tokens, { verloopt: 'morgen' })).json().invalidParams[0].name).toBe('verloopt');
  });
});

describe('demo tokens', () => {
  const restart = async () => setupDemo(await createContext(hub.ctx.config, hub.db, hub.clock), 'http://127.0.0.1:8080', path.join(dir, 'demo-credentials.json'));
  const tokenVan = (c: Awaited<ReturnType<typeof restart>>, oin: string) => c.partijen.find((p) => p.oin === oin)!.token;

  it('stay the same across restarts on the same database, and authenticate', async () => {
    const eerste = await restart();
    const tweede = await restart();
    expect(tweede.partijen.map((p) => p.token)).toEqual(eerste.partijen.map((p) => p.token));
    expect(tweede.partijen).toHaveLength(DEMO_PARTIJEN.length);
    for (const p of tweede.partijen.slice(0, 3)) expect((await identiteit(p.token)).json().oin).toBe(p.oin);
  });

  it('a revoked demo token is replaced at the next start, and that one stays', async () => {
    const voor = tokenVan(await restart(), school.oin);
    const lijst = (await beheerDoet('GET', tokens)).json().tokens as { id: string; label: string; status: string }[];
    const demoToken = lijst.find((t) => t.label === 'demo' && t.status === 'actief')!;
    await beheerDoet('DELETE', `${tokens}/${demoToken.id}`);
    await expect401(voor);
    const na = tokenVan(await restart(), school.oin);
    expect(na).not.toBe(voor);
    expect(tokenVan(await restart(), school.oin)).toBe(na);
    expect((await identiteit(na)).statusCode).toBe(200);
  });
});
