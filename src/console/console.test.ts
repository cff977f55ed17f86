import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { mboGanger, nieuwePgn, send } from '../../test/berichten.ts';
import { bevriesDag } from '../statistics/service.ts';
import { Beheerders } from './beheerders.ts';
import { MAX_MISLUKT } from './blokkade.ts';
import { setupConsoleDemo } from './demo.ts';
import { PAGINAS } from './layout.ts';
import { totpCode } from './totp.ts';
import { Klant, maakBeheerder } from './testklant.ts';

let hub: TestHub;
const gemeente = demo('gemeente', 1); // Amsterdam 0363
const rmc = demo('rmc-regio');
const school = demo('vo-school', 0);

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [gemeente, rmc, school]) await hub.party(p.oin);
});
afterAll(() => hub.close());

const auditVan = async (actie: string) =>
  (await hub.db.query<{ gebruiker: string | null; uitkomst: string; doel: string; pgn_pseudoniem: string | null; actor_oin: string }>(
    'select gebruiker, uitkomst, doel, pgn_pseudoniem, actor_oin from audit_log where actie = $1 order by seq', [actie])).rows;

describe('the console gate', () => {
  it('lets nobody without a session past the sign-in page, in any spelling of a route', async () => {
    const routes = hub.app.routeTable.filter((r) => r.url.startsWith('/beheer') && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.every((r) => r.public)).toBe(true);
    const failures: string[] = [];
    for (const r of routes) {
      const url = r.url.replace(/:(\w+)/g, 'x');
      for (const variant of [url, url.replace('/beheer/', '/%62eheer/'), url.replace(/\/([a-z])/g, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`), `${url}?a=b`]) {
        const res = await hub.app.inject({ method: r.method as 'GET', url: variant, ...(r.method === 'POST' ? { payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) });
        const open = r.url.startsWith('/beheer/static/') || (r.url === '/beheer/inloggen' && r.method === 'GET');
        const ok = open ? res.statusCode === 200
          : r.url === '/beheer/inloggen' ? res.statusCode === 403 // the sign-in post without a pre-session's CSRF token
          : res.statusCode === 303 && res.headers.location === '/beheer/inloggen';
        if (!ok) failures.push(`${r.method} ${variant} → ${res.statusCode} ${res.headers.location ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('sign-in', () => {
  it('sends a visitor without a session to the sign-in page, which sets a strict, HttpOnly, Secure pre-session cookie', async () => {
    const k = new Klant(hub.app);
    const res = await k.get('/beheer/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/beheer/inloggen');
    const login = await k.get('/beheer/inloggen');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<html lang="nl"');
    expect(String(login.headers['set-cookie'])).toMatch(/vva_beheer_pre=.*Path=\/beheer.*HttpOnly.*Secure.*SameSite=Strict/);
    expect(login.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('signs in with password and TOTP code, with a fresh session cookie, and audits it with the person', async () => {
    const a = await maakBeheerder(hub.ctx, 'anna');
    const k = new Klant(hub.app);
    const res = await k.inloggen(a, a.code());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/beheer/');
    expect(k.cookies.get('vva_beheer')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(k.cookies.has('vva_beheer_pre')).toBe(false);
    const page = await k.get('/beheer/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Test anna (beheerder)');
    expect((await auditVan('beheer-aanmelding')).at(-1)).toMatchObject({ gebruiker: 'anna', uitkomst: 'ok', actor_oin: hub.ctx.config.hubOin });
    // The session is stored hashed: the cookie value is nowhere in the database.
    const { rows } = await hub.db.query<{ id_hash: string }>('select id_hash from beheer_sessie');
    expect(rows.map((r) => r.id_hash)).not.toContain(k.cookies.get('vva_beheer'));
  });

  it('refuses a wrong password, a wrong code and a code used before, without saying which', async () => {
    const a = await maakBeheerder(hub.ctx, 'bram');
    const code = a.code();
    const fout = await new Klant(hub.app).inloggen({ ...a, wachtwoord: 'niet het wachtwoord' }, code);
    expect(fout.statusCode).toBe(401);
    expect(fout.body).toContain('Gebruikersnaam, wachtwoord of code klopt niet.');
    expect((await new Klant(hub.app).inloggen(a, code === '000000' ? '111111' : '000000')).statusCode).toBe(401);
    expect((await new Klant(hub.app).inloggen({ ...a, gebruikersnaam: 'niemand' }, code)).statusCode).toBe(401);
    expect((await new Klant(hub.app).inloggen(a, code)).statusCode).toBe(303);
    const nogmaals = await new Klant(hub.app).inloggen(a, code);
    expect(nogmaals.statusCode).toBe(401);
  });

  it(`locks an account after ${MAX_MISLUKT} failures, even for the right password and code`, async () => {
    const a = await maakBeheerder(hub.ctx, 'cor');
    for (let i = 0; i < MAX_MISLUKT - 1; i++) expect((await new Klant(hub.app).inloggen({ ...a, wachtwoord: `fout-${i}` }, a.code())).statusCode).toBe(401);
    expect((await new Klant(hub.app).inloggen({ ...a, wachtwoord: 'fout' }, a.code())).statusCode).toBe(429);
    const goed = await new Klant(hub.app).inloggen(a, a.code());
    expect(goed.statusCode).toBe(429);
    expect(goed.body).toContain('15 minuten geblokkeerd');
    expect((await auditVan('beheer-aanmelding')).filter((r) => r.gebruiker === 'cor').map((r) => r.uitkomst).slice(-2)).toEqual(['mislukt-nu-geblokkeerd', 'geblokkeerd']);
  });

  it('refuses a form without the CSRF token of its session, and a cross-site post', async () => {
    const a = await maakBeheerder(hub.ctx, 'dirk');
    const k = new Klant(hub.app);
    await k.get('/beheer/inloggen');
    expect((await k.post('/beheer/inloggen', { gebruikersnaam: a.gebruikersnaam, wachtwoord: a.wachtwoord, code: a.code() }, { csrf: 'vals' })).statusCode).toBe(403);
    expect((await k.inloggen(a, a.code())).statusCode).toBe(303);
    await k.get('/beheer/aflevering');
    expect((await k.post('/beheer/aflevering/opnieuw', { alles: 'ja' }, { csrf: 'vals' })).statusCode).toBe(403);
    expect((await k.post('/beheer/aflevering/opnieuw', { alles: 'ja' }, { headers: { 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(403);
    expect((await k.post('/beheer/aflevering/opnieuw', { alles: 'ja' })).statusCode).toBe(303);
  });

  it('signs out: the session is gone from the database and the old cookie no longer works', async () => {
    const a = await maakBeheerder(hub.ctx, 'eva');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    const oud = k.cookies.get('vva_beheer')!;
    await k.get('/beheer/');
    expect((await k.post('/beheer/uitloggen', {})).headers.location).toBe('/beheer/inloggen?melding=uitgelogd');
    const res = await hub.app.inject({ url: '/beheer/', headers: { cookie: `vva_beheer=${oud}` } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/beheer/inloggen?melding=verlopen');
  });
});

describe('beheerders', () => {
  it('a beheerder adds a colleague (TOTP secret shown once), lifts a lock-out and deactivates an account, which ends its sessions', async () => {
    const a = await maakBeheerder(hub.ctx, 'petra');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    await k.get('/beheer/beheerders');
    const res = await k.post('/beheer/beheerders/nieuw', { gebruikersnaam: 'quinten', naam: 'Quinten Lezer', rol: 'lezer', wachtwoord: 'quinten-zijn-wachtwoord' });
    expect(res.statusCode).toBe(200);
    const geheim = /id="nieuw-totp">([A-Z2-7]+)</.exec(res.body)![1]!;
    const q = new Klant(hub.app);
    for (let i = 0; i < MAX_MISLUKT; i++) await new Klant(hub.app).inloggen({ gebruikersnaam: 'quinten', wachtwoord: 'fout' }, '000000');
    expect((await q.inloggen({ gebruikersnaam: 'quinten', wachtwoord: 'quinten-zijn-wachtwoord' }, totpCode(geheim, Date.now()))).statusCode).toBe(429);
    await k.get('/beheer/beheerders');
    expect((await k.post('/beheer/beheerders/ontgrendelen', { gebruikersnaam: 'quinten' })).statusCode).toBe(303);
    expect((await q.inloggen({ gebruikersnaam: 'quinten', wachtwoord: 'quinten-zijn-wachtwoord' }, totpCode(geheim, Date.now()))).statusCode).toBe(303);
    expect((await q.get('/beheer/')).statusCode).toBe(200);
    await k.get('/beheer/beheerders');
    expect((await k.post('/beheer/beheerders/actief', { gebruikersnaam: 'quinten', actief: 'nee' })).statusCode).toBe(303);
    expect((await q.get('/beheer/')).statusCode).toBe(303);
    await k.get('/beheer/beheerders');
    expect((await k.post('/beheer/beheerders/actief', { gebruikersnaam: 'petra', actief: 'nee' })).statusCode).toBe(400);
    expect((await auditVan('beheerder-aangemaakt')).at(-1)).toMatchObject({ gebruiker: 'petra', uitkomst: 'lezer' });
    expect((await auditVan('beheerder-uitgeschakeld')).at(-1)).toMatchObject({ gebruiker: 'petra' });
  });
});

describe('demo login', () => {
  it('gives the demo operator a fresh password and TOTP secret on every start, and one dead letter to replay', async () => {
    await hub.party(demo('overstapsysteem').oin);
    const eerste = await setupConsoleDemo(hub.ctx, 'http://127.0.0.1:1234');
    const tweede = await setupConsoleDemo(hub.ctx, 'http://127.0.0.1:1234');
    expect(tweede.url).toBe('http://127.0.0.1:1234/beheer/');
    expect(tweede.wachtwoord).not.toBe(eerste.wachtwoord);
    expect(tweede.totpUri).toContain(`secret=${tweede.totpGeheim}`);
    expect((await new Klant(hub.app).inloggen(eerste, totpCode(eerste.totpGeheim, Date.now()))).statusCode).toBe(401);
    expect((await new Klant(hub.app).inloggen(tweede, totpCode(tweede.totpGeheim, Date.now()))).statusCode).toBe(303);
    const { rows } = await hub.db.query<{ n: number }>(`select count(*)::int as n from aflevering where status = 'dode-letter' and ontvanger_oin = $1`, [demo('overstapsysteem').oin]);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('session lifetime', () => {
  it('ends a session after 30 idle minutes, keeps it alive with activity, and ends it after 10 hours regardless', async () => {
    const a = await maakBeheerder(hub.ctx, 'rik');
    let nu = Date.now();
    const beheerders = new Beheerders(hub.ctx, () => new Date(nu));
    const login = await beheerders.meldAan('rik', a.wachtwoord, a.code(), 'trace');
    if (!login.ok) throw new Error('sign-in failed');
    for (let i = 0; i < 20; i++) {
      nu += 29 * 60_000;
      expect(await beheerders.sessie(login.sessieToken), `after ${i + 1} × 29 min`).not.toBeNull();
    }
    nu += 29 * 60_000; // 21 × 29 min > 10 h
    expect(await beheerders.sessie(login.sessieToken)).toBeNull();
    const tweede = await beheerders.meldAan('rik', a.wachtwoord, totpCode(a.totpGeheim, nu), 'trace');
    if (!tweede.ok) throw new Error('sign-in failed');
    nu += 30 * 60_000;
    expect(await beheerders.sessie(tweede.sessieToken)).toBeNull();
  });
});

describe('pages', () => {
  it('every page answers with its heading for a signed-in operator, and none is in the API document', async () => {
    const a = await maakBeheerder(hub.ctx, 'fleur', 'lezer');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    for (const p of PAGINAS) {
      const res = await k.get(p.pad);
      expect(res.statusCode, p.pad).toBe(200);
      expect(res.body).toContain(`<h1 class="utrecht-heading-1">${p.titel}</h1>`);
      expect(res.body).toContain('aria-current="page"');
    }
    const api = (await hub.app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, unknown> };
    const paden = Object.keys(api.paths);
    expect(paden.length).toBeGreaterThan(10);
    expect(paden.filter((p) => /inloggen|uitloggen|\/beheer\/(aflevering|audit\/zoeken|volledigheid|beleidsinformatie)$|static/.test(p))).toEqual([]);
    const css = await hub.app.inject('/beheer/static/utrecht/index.css');
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('.utrecht-button');
  });

  it('a lezer reads but cannot change anything; the refusal is audited', async () => {
    const a = await maakBeheerder(hub.ctx, 'gijs', 'lezer');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    const page = await k.get('/beheer/organisaties');
    // No forms for changes are offered to a lezer; a forged post is refused all the same.
    expect(page.body).toContain('U bent lezer');
    expect(page.body).not.toContain('action="/beheer/organisaties/eindpunt"');
    expect((await k.get('/beheer/kalender')).body).not.toContain('Wijzigingen bekijken');
    const res = await k.post('/beheer/organisaties/eindpunt', { gemeentecode: gemeente.gemeentecode!, ontvangerOin: rmc.oin });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('lezer');
    expect((await auditVan('toegang-geweigerd')).at(-1)).toMatchObject({ gebruiker: 'gijs' });
  });

  it('changes a gemeente endpoint to its RMC region, audited with the person, and refuses an invalid one', async () => {
    const a = await maakBeheerder(hub.ctx, 'hans');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    const page = await k.get('/beheer/organisaties?zoek=amsterdam&soort=gemeente');
    expect(page.body).toContain(`Eindpunt voor Amsterdam`);
    expect(page.body).toContain('Organisaties (1)');
    const res = await k.post('/beheer/organisaties/eindpunt', { gemeentecode: '0363', ontvangerOin: rmc.oin });
    expect(res.statusCode).toBe(303);
    expect((await k.get(res.headers.location as string)).body).toContain('Het eindpunt van gemeente 0363 is gewijzigd.');
    const { rows } = await hub.db.query<{ ontvanger_oin: string }>(`select ontvanger_oin from gemeente_eindpunt where gemeentecode = '0363'`);
    expect(rows[0]!.ontvanger_oin).toBe(rmc.oin);
    expect((await auditVan('gemeente-eindpunt-ingesteld')).at(-1)).toMatchObject({ gebruiker: 'hans', uitkomst: `eigen → ${rmc.oin}` });
    // A gemeente without a connection of its own delegates to the RMC region, and then appears in the list.
    expect((await k.post('/beheer/organisaties/eindpunt', { gemeentecode: '0358', ontvangerOin: rmc.oin })).statusCode).toBe(303);
    expect((await k.get('/beheer/organisaties?zoek=amsterdam')).body).toContain('Eindpunt voor Aalsmeer');
    const fout = await k.post('/beheer/organisaties/eindpunt', { gemeentecode: '0363', ontvangerOin: school.oin });
    expect(fout.statusCode).toBe(400);
    expect(fout.body).toContain('ontvangerOin');
  });

  it('issues a token shown once (never in a URL) and revokes it', async () => {
    const a = await maakBeheerder(hub.ctx, 'ilse');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    await k.get(`/beheer/organisaties?oin=${school.oin}`);
    const res = await k.post('/beheer/organisaties/tokens', { oin: school.oin, label: 'las-koppeling' });
    expect(res.statusCode).toBe(200);
    const token = /id="nieuw-token">([^<]+)</.exec(res.body)![1]!;
    expect((await hub.app.inject({ url: '/api/v1/identiteit', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const { rows } = await hub.db.query<{ id: string }>(`select id from api_token where oin = $1 and label = 'las-koppeling'`, [school.oin]);
    const intrek = await k.post('/beheer/organisaties/tokens/intrekken', { oin: school.oin, id: rows[0]!.id });
    expect(intrek.statusCode).toBe(303);
    expect((await hub.app.inject({ url: '/api/v1/identiteit', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await auditVan('token-ingetrokken')).at(-1)).toMatchObject({ gebruiker: 'ilse' });
  });

  it('creates an organisation and a mandate through the identity rules, audited with the person', async () => {
    const a = await maakBeheerder(hub.ctx, 'olga');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    await k.get('/beheer/organisaties');
    const oinLas = '00000099300000000077';
    const fout = await k.post('/beheer/organisaties/nieuw', { soort: 'vo-school', oin: '00000007000ZZ9900000', naam: 'Bestaat niet', brin: '99ZZ', gemeentecode: '', rmcCode: '' });
    expect(fout.statusCode).toBe(400);
    expect(fout.body).toContain('geen actieve vo-school');
    await k.get('/beheer/organisaties');
    const res = await k.post('/beheer/organisaties/nieuw', { soort: 'leverancier', oin: oinLas, naam: 'Test LAS', brin: '', gemeentecode: '', rmcCode: '' });
    expect(res.headers.location).toBe(`/beheer/organisaties?oin=${oinLas}&aangemaakt=ja`);
    await k.get(res.headers.location as string);
    const m = await k.post('/beheer/organisaties/mandaten', { leverancierOin: oinLas, schoolOin: school.oin, van: '2027-01-01', tot: '' });
    expect(m.statusCode).toBe(303);
    expect((await hub.ctx.identity.listMandates(oinLas)).map((x) => x.schoolOin)).toEqual([school.oin]);
    expect((await auditVan('organisatie-aangemaakt')).at(-1)).toMatchObject({ gebruiker: 'olga', uitkomst: 'leverancier' });
    expect((await auditVan('mandaat-vastgelegd')).at(-1)).toMatchObject({ gebruiker: 'olga' });
  });

  it('searches the audit log by PGN only with a reason, records the lookup, and never echoes the PGN', async () => {
    const a = await maakBeheerder(hub.ctx, 'joost');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    const pgn = nieuwePgn();
    await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn })]);
    await k.get('/beheer/audit');
    const zonder = await k.post('/beheer/audit/zoeken', { pgn });
    expect(zonder.statusCode).toBe(400);
    expect(zonder.body).toContain('reden');
    const res = await k.post('/beheer/audit/zoeken', { pgn, reden: 'vraag van de leerplichtambtenaar, melding 42' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(pgn);
    expect(res.body).toMatch(/Gevonden records \([1-9]/);
    const pseudoniem = hub.ctx.audit.pseudonym(pgn);
    expect(res.body).toContain(pseudoniem.slice(0, 12));
    expect((await auditVan('audit-gezocht-op-pgn')).at(-1)).toMatchObject({ gebruiker: 'joost', pgn_pseudoniem: pseudoniem, doel: 'beheer: vraag van de leerplichtambtenaar, melding 42' });
    const csv = await k.post('/beheer/audit/export', { actie: 'audit-gezocht-op-pgn' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('seq;tijdstip;actorOin;gebruiker;actie;resource;pgnPseudoniem;doel;traceId;uitkomst;hash');
    expect(csv.body).toContain(pseudoniem);
    expect((await auditVan('audit-geexporteerd')).at(-1)).toMatchObject({ gebruiker: 'joost' });
    const verif = await k.post('/beheer/audit/verificatie', {});
    expect(verif.statusCode).toBe(303);
    expect((await k.get('/beheer/audit')).body).toMatch(/<strong>intact<\/strong>, [0-9.]+ records/);
  });

  it('changes the calendar only after confirmation', async () => {
    const a = await maakBeheerder(hub.ctx, 'karin');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    await k.get('/beheer/kalender');
    const voorstel = await k.post('/beheer/kalender/voorstel', { cyclus: '2027', 'signalering-inschrijving': '2027-06-16' });
    expect(voorstel.body).toContain('Wijziging bevestigen');
    expect((await hub.ctx.calendar.kalender(2027))['signalering-inschrijving']).toBe('2027-06-15');
    const ok = await k.post('/beheer/kalender/voorstel', { cyclus: '2027', bevestigd: 'ja', 'signalering-inschrijving': '2027-06-16' });
    expect(ok.statusCode).toBe(303);
    expect((await hub.ctx.calendar.kalender(2027))['signalering-inschrijving']).toBe('2027-06-16');
    expect((await auditVan('kalender-gewijzigd')).at(-1)).toMatchObject({ gebruiker: 'karin', uitkomst: 'signalering-inschrijving: 2027-06-15 → 2027-06-16' });
  });

  it('uploads a reference file, shows the diff without applying it, and applies it on confirmation', async () => {
    const a = await maakBeheerder(hub.ctx, 'nina');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    await k.get('/beheer/referentiegegevens');
    const origineel = await readFile(path.join(hub.ctx.config.referenceDir, 'cbs/gemeenten-alfabetisch-2023.csv'), 'utf8');
    const gewijzigd = origineel.replace('1680,GM1680,Aa en Hunze,', '1680,GM1680,Aa en Hunze (nieuw),');
    const voorstel = await k.upload('/beheer/referentiegegevens/voorstel', { soort: 'cbs-gemeenten' }, { veld: 'bestand', naam: 'gemeenten-2024.csv', inhoud: gewijzigd });
    expect(voorstel.statusCode, voorstel.body).toBe(200);
    expect(voorstel.body).toMatch(/<td class="utrecht-table__cell">gemeente<\/td><td class="utrecht-table__cell">0<\/td><td class="utrecht-table__cell">1<\/td><td class="utrecht-table__cell">0<\/td>/);
    const naam = async () => (await hub.db.query<{ naam: string }>(`select naam from gemeente where code = '1680'`)).rows[0]!.naam;
    expect(await naam()).toBe('Aa en Hunze');
    const upload = /name="upload" value="([^"]+)"/.exec(voorstel.body)![1]!;
    const toegepast = await k.post('/beheer/referentiegegevens/toepassen', { upload });
    expect(toegepast.statusCode).toBe(200);
    expect(await naam()).toBe('Aa en Hunze (nieuw)');
    expect((await auditVan('referentiegegevens-geimporteerd')).at(-1)).toMatchObject({ gebruiker: 'nina' });
    expect((await k.post('/beheer/referentiegegevens/toepassen', { upload })).statusCode).toBe(404);
  });

  it('lists a school that delivered nothing, and not one that did', async () => {
    const a = await maakBeheerder(hub.ctx, 'lotte', 'lezer');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger()]);
    const csv = (await k.get('/beheer/volledigheid/csv')).body;
    expect(csv).not.toMatch(/^vo-school;18BR;/m);
    expect(csv).toMatch(/^vo-school;16PS;/m);
  });

  it('draws the policy charts with a table and CSV, showing <5 for small counts', async () => {
    const a = await maakBeheerder(hub.ctx, 'marco', 'lezer');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    await bevriesDag(hub.ctx, 2027);
    const page = await k.get('/beheer/beleidsinformatie?cyclus=2027');
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('&lt;5');
    const csv = await k.get('/beheer/beleidsinformatie/csv/voor-en-na-aanmelddatum?cyclus=2027');
    expect(csv.headers['content-disposition']).toContain('voor-en-na-aanmelddatum-2027.csv');
    expect(csv.body).toMatch(/^cyclus;indicator;waarde\n2027;/);
    const gemeente = await k.get('/beheer/beleidsinformatie?cyclus=2027&niveau=gemeente&code=0106');
    expect(gemeente.body).toContain('Voor en na 1 april, per cyclus — gemeente 0106');
    expect((await k.get('/beheer/beleidsinformatie/csv/voor-en-na-aanmelddatum?cyclus=2027&niveau=gemeente&code=0106')).body).toMatch(/\n2027;potentiële mbo-gangers;(<5|[0-9]+)\n/);
    expect((await k.get('/beheer/beleidsinformatie?niveau=rmc')).statusCode).toBe(400);
  });

  it('warns on the Overzicht about a school reporting many pupils another school reported first, and shows checkpoints and purge reports (issue 13)', async () => {
    const andere = demo('vo-school', 1);
    await hub.party(andere.oin);
    const pupils = Array.from({ length: 10 }, () => nieuwePgn());
    await send(hub, 'mbo-gangerberichten', school.oin, pupils.map((pgn) => mboGanger({ pgn })));
    await send(hub, 'mbo-gangerberichten', andere.oin, pupils.map((pgn) => mboGanger({ pgn, brinVo: '16PS' })));
    const a = await maakBeheerder(hub.ctx, 'sanne', 'lezer');
    const k = new Klant(hub.app);
    await k.inloggen(a, a.code());
    const overzicht = (await k.get('/beheer/')).body;
    expect(overzicht).toContain('Vo-school 16PS meldde 10 leerlingen die een andere school eerder meldde (van 10 meldingen)');
    expect(overzicht).not.toContain('Vo-school 18BR meldde');
    const audit = (await k.get('/beheer/audit')).body;
    expect(audit).toContain('Ondertekende checkpoints');
    const [laatste] = (await hub.ctx.audit.checkpoints()).slice(-1);
    expect(audit).toContain(laatste!.hash);
    expect(audit).toContain('nog geen purge uitgevoerd.');
  });
});
