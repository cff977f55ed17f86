import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { mboGanger, nieuwePgn, send } from '../../test/berichten.ts';

let hub: TestHub;
const beheer = demo('beheer');
const school = demo('vo-school');
const leverancier = demo('leverancier');

beforeAll(async () => {
  hub = await createTestHub();
  await hub.party(beheer.oin);
  await hub.party(school.oin);
  await hub.party(leverancier.oin);
});
afterAll(() => hub.close());

const get = (url: string, token?: string) =>
  hub.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
const post = (url: string, token: string, payload: unknown) =>
  hub.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });

describe('authentication', () => {
  it('refuses an API call without credentials with 401 problem+json', async () => {
    const res = await get('/api/v1/identiteit');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 401, title: 'Niet geauthenticeerd' });
  });

  it('refuses an unknown or revoked token', async () => {
    expect((await get('/api/v1/identiteit', 'vva_unknown')).statusCode).toBe(401);
    const { id, token } = await hub.ctx.identity.issueToken(school.oin, { label: 'weg' });
    expect((await get('/api/v1/identiteit', token)).statusCode).toBe(200);
    await hub.ctx.identity.tokens.revoke(school.oin, id, null);
    expect((await get('/api/v1/identiteit', token)).statusCode).toBe(401);
  });

  it('maps each token to its own organisation', async () => {
    const a = (await get('/api/v1/identiteit', hub.tokenOf(school.oin))).json();
    const b = (await get('/api/v1/identiteit', hub.tokenOf(leverancier.oin))).json();
    expect(a).toMatchObject({ oin: school.oin, soort: 'vo-school', brin: '18BR', via: 'token' });
    expect(b).toMatchObject({ oin: leverancier.oin, soort: 'leverancier', brin: null });
  });

  it('stores tokens only as hashes', async () => {
    const { token } = await hub.ctx.identity.issueToken(school.oin);
    const { rows } = await hub.db.query<{ n: number }>('select count(*)::int as n from api_token where token_hash = $1 or token_hash like $2', [token, `%${token.slice(4, 20)}%`]);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('beheer of organisations', () => {
  it('lists every invalid field of a request at once, unknown fields included', async () => {
    const res = await post('/api/v1/beheer/organisaties', hub.tokenOf(beheer.oin), {
      oin: '123', soort: 'vo-school', naam: '', gemeentecode: 'GM0363', bsn: '000009830',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const names = res.json().invalidParams.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(['brin', 'bsn', 'gemeentecode', 'naam', 'oin']);
  });

  it('checks a school against the DUO reference data', async () => {
    const res = await post('/api/v1/beheer/organisaties', hub.tokenOf(beheer.oin), { oin: '00000007000099ZZ00000', soort: 'vo-school', naam: 'Bestaat niet', brin: '99ZZ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams).toEqual([expect.objectContaining({ name: 'oin' })]);
    const res2 = await post('/api/v1/beheer/organisaties', hub.tokenOf(beheer.oin), { oin: '0000000700099ZZ00000', soort: 'vo-school', naam: 'Bestaat niet', brin: '99ZZ' });
    expect(res2.json().invalidParams).toEqual([{ name: 'brin', reason: 'geen actieve vo-school in de DUO-gegevens' }]);
  });

  it('creates an organisation and a token that then authenticates as it', async () => {
    const created = await post('/api/v1/beheer/organisaties', hub.tokenOf(beheer.oin), { oin: '00000099100518000000', soort: 'gemeente', naam: "Gemeente 's-Gravenhage", gemeentecode: '0518' });
    expect(created.statusCode).toBe(201);
    const issued = await post('/api/v1/beheer/organisaties/00000099100518000000/tokens', hub.tokenOf(beheer.oin), { label: 'koppeling' });
    expect(issued.statusCode).toBe(201);
    const me = await get('/api/v1/identiteit', issued.json().token);
    expect(me.json()).toMatchObject({ soort: 'gemeente', gemeentecode: '0518' });
    const dup = await post('/api/v1/beheer/organisaties', hub.tokenOf(beheer.oin), { oin: '00000099100518000001', soort: 'gemeente', naam: 'Nog een', gemeentecode: '0518' });
    expect(dup.statusCode).toBe(409);
  });

  it('refuses beheer functions to other parties with 403', async () => {
    const res = await get('/api/v1/beheer/organisaties', hub.tokenOf(school.oin));
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('urn:nl:vva:probleem:geen-toegang');
  });
});

describe('tokens that beheer issues for another organisation (issue 13.6)', () => {
  it('audit every read made with them with the issuer beside the organisation', async () => {
    const issued = await post(`/api/v1/beheer/organisaties/${school.oin}/tokens`, hub.tokenOf(beheer.oin), { label: 'las-koppeling' });
    expect(issued.statusCode).toBe(201);
    const token = issued.json().token as string;
    // The school's pupil, reported with the school's own token; then read with the token beheer issued.
    const pgn = nieuwePgn();
    await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn })]);
    expect((await get('/api/v1/vo-scholen/18BR/overzicht', token)).statusCode).toBe(200);
    const { rows } = await hub.db.query<{ actor_oin: string; gebruiker: string | null }>(
      `select actor_oin, gebruiker from audit_log where actie = 'overzicht-gelezen' and pgn_pseudoniem = $1`, [hub.ctx.audit.pseudonym(pgn)]);
    expect(rows).toEqual([{ actor_oin: school.oin, gebruiker: `token uitgegeven door ${beheer.oin}${beheer.gebruiker ? ` (${beheer.gebruiker})` : ''}` }]);
    // The school's own token is audited as the school alone.
    expect((await get('/api/v1/vo-scholen/18BR/overzicht', hub.tokenOf(school.oin))).statusCode).toBe(200);
    const own = await hub.db.query<{ gebruiker: string | null }>(
      `select gebruiker from audit_log where actie = 'overzicht-gelezen' and pgn_pseudoniem = $1 order by seq`, [hub.ctx.audit.pseudonym(pgn)]);
    expect(own.rows.at(-1)!.gebruiker).toBeNull();
  });
});

describe('mandates', () => {
  it('lets a supplier act for a school only within the mandate period', async () => {
    const res = await post('/api/v1/beheer/mandaten', hub.tokenOf(beheer.oin), { leverancierOin: leverancier.oin, schoolOin: school.oin, van: '2026-10-01', tot: '2027-07-31' });
    expect(res.statusCode).toBe(201);
    const actor = (await hub.ctx.identity.authenticateToken(hub.tokenOf(leverancier.oin)))!;
    expect(await hub.ctx.identity.mayActFor(actor, 'vo-school', '18BR', new Date('2027-03-01T12:00:00+01:00'))).toBe(true);
    expect(await hub.ctx.identity.mayActFor(actor, 'vo-school', '18BR', new Date('2027-08-01T12:00:00+02:00'))).toBe(false);
    expect(await hub.ctx.identity.mayActFor(actor, 'vo-school', '16PS', new Date('2027-03-01T12:00:00+01:00'))).toBe(false);
    const own = (await hub.ctx.identity.authenticateToken(hub.tokenOf(school.oin)))!;
    expect(await hub.ctx.identity.mayActFor(own, 'vo-school', '18BR')).toBe(true);
    expect(await hub.ctx.identity.mayActFor(own, 'vo-school', '16PS')).toBe(false);
  });

  it('refuses a mandate from something that is not a school, with every problem listed', async () => {
    const res = await post('/api/v1/beheer/mandaten', hub.tokenOf(beheer.oin), { leverancierOin: school.oin, schoolOin: beheer.oin, van: '2027-01-01', tot: '2026-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['tot']);
    const res2 = await post('/api/v1/beheer/mandaten', hub.tokenOf(beheer.oin), { leverancierOin: school.oin, schoolOin: beheer.oin });
    expect(res2.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['leverancierOin', 'schoolOin']);
  });
});
