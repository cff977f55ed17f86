import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { Klant } from '../../console/testklant.ts';
import { schoolOin } from '../../identity/oin.ts';
import { TestDuoBron } from '../aanmelding/duo-bron.ts';
import { CatalogusService } from '../catalogus/service.ts';
import { Inlogcodes } from './inlogcode.ts';

let hub: TestHub;
const volwassene = new TestDuoBron().nummer(1); // 19: no guardian needed
const roc = demo('mbo-instelling', 0);
const instelling = { oin: schoolOin('90AA'), soort: 'mbo-instelling' as const, naam: roc.naam, brin: '90AA', gemeentecode: null, rmcCode: null, gebruiker: 'roc-beheerder', via: 'token' as const };

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-03-01T10:00:00+01:00' });
  await hub.party(roc.oin);
});
afterAll(() => hub.close());

/** Logged in with an access code (no DigiD here), as a browser without JavaScript would be. */
async function student(): Promise<Klant> {
  const { code } = await new Inlogcodes(hub.ctx, new TestDuoBron()).geefUit(instelling, volwassene.bsn, 't');
  const klant = new Klant(hub.app);
  await klant.get('/aanmelden/inloggen/code');
  expect((await klant.post('/aanmelden/inloggen/code', { code })).headers.location).toBe('/aanmelden/');
  return klant;
}

it('a cohort with a toegangscode asks for it in the form, and the service refuses a registration without the right one', async () => {
  await new CatalogusService(hub.ctx).zetToegangscode(instelling, 'SYN-90AA-03', '2027-08', 'NUMFIX-2027', 't');
  const klant = await student();
  const formulier = await klant.get('/aanmelden/opleidingen/SYN-90AA-03/aanmelden?cohort=2027-08');
  expect(formulier.statusCode).toBe(200);
  expect(formulier.body).toContain('numerus fixus');
  expect(formulier.body).toContain(`${volwassene.voornamen} ${volwassene.achternaam}`);
  const velden = { cohort: '2027-08', email: 'volwassen@example.org' };
  await klant.post('/aanmelden/opleidingen/SYN-90AA-03/aanmelden', { ...velden, toegangscode: 'FOUT-CODE' });
  await klant.get('/aanmelden/controleren');
  const fout = await klant.post('/aanmelden/controleren', {});
  expect(fout.statusCode).toBe(400);
  expect(fout.body).toContain('dit cohort vraagt een geldige toegangscode');
  expect(fout.body).toContain('href="#veld-toegangscode"');
  await klant.post('/aanmelden/opleidingen/SYN-90AA-03/aanmelden', { ...velden, toegangscode: 'NUMFIX-2027' });
  await klant.get('/aanmelden/controleren');
  expect((await klant.post('/aanmelden/controleren', {})).headers.location).toBe('/aanmelden/?melding=verstuurd');
  const { rows } = await hub.db.query<{ aanbod_code: string; status: string }>('select aanbod_code, status from ca_aanmelding where pgn = $1', [volwassene.bsn]);
  expect(rows).toEqual([{ aanbod_code: 'SYN-90AA-03', status: 'INGEDIEND' }]);
});

it('on the English pages the rules\' problems are in English too, each still linked to its field', async () => {
  const klant = await student();
  await klant.get('/aanmelden/taal/en?terug=/aanmelden/');
  // Fills in the form of an opleiding, confirms, and returns the answer to the submission.
  const verstuur = async (aanbodCode: string, extra: Record<string, string>) => {
    await klant.get(`/aanmelden/opleidingen/${aanbodCode}/aanmelden?cohort=2027-08`);
    await klant.post(`/aanmelden/opleidingen/${aanbodCode}/aanmelden`, { cohort: '2027-08', email: 'volwassen@example.org', ...extra });
    await klant.get('/aanmelden/controleren');
    return klant.post('/aanmelden/controleren', {});
  };
  const fout = await verstuur('SYN-90AA-04', { telefoon: 'geen nummer' });
  expect(fout.statusCode).toBe(400);
  expect(fout.body).toContain('telephone: digits, spaces');
  expect(fout.body).not.toContain('telefoon: cijfers');
  expect(fout.body).toContain('href="#veld-telefoon"');
  const code = await verstuur('SYN-90AA-03', { toegangscode: 'FOUT-CODE' });
  expect(code.statusCode).toBe(400);
  expect(code.body).toContain('this intake needs a valid access code');
  expect(code.body).not.toContain('dit cohort vraagt');
  const onbekend = await klant.get('/aanmelden/opleidingen/BESTAAT-NIET/aanmelden?cohort=2027-08');
  expect(onbekend.statusCode).toBe(404);
  expect(onbekend.body).toContain('This programme is not offered now.');
  await klant.get('/aanmelden/taal/nl?terug=/aanmelden/');
});

it('a form of the portal without its session token changes nothing, and the BSN is in none of its pages', async () => {
  const klant = await student();
  const weg = await klant.post('/aanmelden/omgeving', {}, { csrf: 'vervalst' });
  expect(weg.statusCode).toBe(403);
  expect((await hub.db.query('select 1 from ca_student where pgn = $1', [volwassene.bsn])).rows).toHaveLength(1);
  for (const pad of ['/aanmelden/', '/aanmelden/inzage', '/aanmelden/opleidingen/SYN-90AA-01/aanmelden?cohort=2027-08']) {
    const res = await klant.get(pad);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(volwassene.bsn);
  }
  expect((await klant.post('/aanmelden/omgeving', {})).headers.location).toBe('/aanmelden/?melding=verwijderd');
  expect((await hub.db.query('select 1 from ca_inlogcode where pgn = $1', [volwassene.bsn])).rows).toHaveLength(0);
  expect((await hub.db.query('select 1 from ca_portaal_sessie where pgn = $1', [volwassene.bsn])).rows).toHaveLength(0);
  // The deletion's own report searched every ca_ table for the BSN afterwards: the portal's tables left nothing behind.
  const { rows } = await hub.db.query<{ verslag: string }>(`select verslag from ca_bewaarverslag where aanleiding = 'verzoek' order by id desc limit 1`);
  expect(JSON.parse(rows[0]!.verslag)).toMatchObject({ schoon: true });
});
