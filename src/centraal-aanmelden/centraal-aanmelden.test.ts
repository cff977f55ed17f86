import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADRES_ASSEN } from '../../test/berichten.ts';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { schoolOin } from '../identity/oin.ts';
import { TestDuoBron } from './aanmelding/duo-bron.ts';

let hub: TestHub;
const duo = new TestDuoBron();
const ca = demo('centraal-aanmelden');
const roc = demo('mbo-instelling', 0); // 90AA
const vak = demo('mbo-instelling', 1); // 91AH
const leverancier = demo('leverancier');
const beheer = demo('beheer');
const ouder = { naam: 'Ouder Synthetisch', email: 'ouder@example.org', telefoon: '+31 6 12345678' };
const BASIS = '/api/v1/centraal-aanmelden';

type Inject = Awaited<ReturnType<TestHub['app']['inject']>>;
async function call(oin: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<Inject> {
  return hub.app.inject({ method, url, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` }, ...(payload === undefined ? {} : { payload }) });
}
const dienIn = (over: Record<string, unknown>) => call(ca.oin, 'POST', `${BASIS}/aanmeldingen`, { aanbodCode: 'SYN-90AA-01', cohort: '2027-08', email: 'student@example.org', ...over });
const haalOp = (oin: string, code: string) => call(oin, 'GET', `${BASIS}/koppelpunten/${code}/aanmeldingen`);
const tick = (ms = 60_000) => hub.clock.set(new Date(hub.clock.now().getTime() + ms));

async function auditActies(pgn: string): Promise<string[]> {
  await hub.ctx.distributor.drain();
  return (await hub.ctx.audit.search({ pgnPseudoniem: hub.ctx.audit.pseudonym(pgn), limit: 1000 })).map((r) => r.actie);
}

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [ca, roc, vak, leverancier, beheer]) await hub.party(p.oin);
  for (const [code, body] of [['90AA', { brin: '90AA' }], ['90AA-b', { brin: '90AA', onderwijsaanbieders: ['90AAB'] }], ['91AH', { brin: '91AH' }]] as const) {
    expect((await call(beheer.oin, 'PUT', `/api/v1/beheer/centraal-aanmelden/koppelpunten/${code}`, body)).statusCode).toBe(200);
  }
});
afterAll(() => hub.close());

describe('catalogue', () => {
  it('shows an instelling’s synthetic offer with RIO’s merged leerweg and the cohorts', async () => {
    const res = await call(ca.oin, 'GET', `${BASIS}/instellingen/90AA/opleidingen`);
    expect(res.statusCode).toBe(200);
    const { opleidingen } = res.json() as { opleidingen: { aanbodCode: string; leerweg: string; synthetisch: boolean; cohorten: { cohort: string }[] }[] };
    expect(opleidingen.map((o) => o.aanbodCode).sort()).toEqual(['SYN-90AA-01', 'SYN-90AA-02', 'SYN-90AA-03', 'SYN-90AA-04', 'SYN-90AA-05']);
    expect(opleidingen.every((o) => o.synthetisch && o.cohorten.map((c) => c.cohort).join() === '2027-08,2028-02')).toBe(true);
    const vak8 = (await call(ca.oin, 'GET', `${BASIS}/instellingen/93AY/opleidingen`)).json() as { opleidingen: { wervingsnaam: string; leerweg: string }[] };
    expect(vak8.opleidingen.find((o) => o.wervingsnaam.startsWith('Examentraject'))?.leerweg).toBe('EX');
  });

  it('a whitelist limits the offer, and only the instelling itself sets it', async () => {
    const url = `${BASIS}/instellingen/91AH/whitelist`;
    expect((await call(roc.oin, 'PUT', url, { actief: true, aanbodCodes: ['SYN-91AH-02'] })).statusCode).toBe(403);
    const vreemd = await call(vak.oin, 'PUT', url, { actief: true, aanbodCodes: ['SYN-90AA-01'] });
    expect(vreemd.statusCode).toBe(400);
    expect(vreemd.json().invalidParams).toEqual([expect.objectContaining({ name: 'aanbodCodes[0]' })]);
    expect((await call(vak.oin, 'PUT', url, { actief: true, aanbodCodes: ['SYN-91AH-03'] })).statusCode).toBe(200);
    const aanbod = (await call(ca.oin, 'GET', `${BASIS}/instellingen/91AH/opleidingen`)).json() as { opleidingen: { aanbodCode: string }[] };
    expect(aanbod.opleidingen.map((o) => o.aanbodCode)).toEqual(['SYN-91AH-03']);
    const buiten = await dienIn({ bsn: duo.nummer(1).bsn, aanbodCode: 'SYN-91AH-04' });
    expect(buiten.statusCode).toBe(400);
    expect(buiten.json().invalidParams).toEqual([expect.objectContaining({ name: 'aanbodCode' })]);
  });

  it('deeplinks honour a returnUrl only for the instelling’s allowed domains', async () => {
    const url = `${BASIS}/instellingen/90AA/domeinen`;
    expect((await call(vak.oin, 'PUT', url, { domeinen: ['roc-synthetisch.nl'] })).statusCode).toBe(403);
    expect((await call(roc.oin, 'PUT', url, { domeinen: ['https://roc-synthetisch.nl/'] })).statusCode).toBe(400);
    expect((await call(roc.oin, 'PUT', url, { domeinen: ['ROC-Synthetisch.nl'] })).json()).toEqual({ domeinen: ['roc-synthetisch.nl'] });
    const link = (returnUrl: string) => call(ca.oin, 'GET', `${BASIS}/opleidingen/SYN-90AA-01/deeplink?returnUrl=${encodeURIComponent(returnUrl)}`);
    expect((await link('https://www.roc-synthetisch.nl/kok')).json()).toMatchObject({ returnUrlGehonoreerd: true });
    expect((await link('https://evil.example/')).json()).toEqual({ deeplink: '/aanmelden/opleidingen/SYN-90AA-01', returnUrlGehonoreerd: false });
    expect((await call(ca.oin, 'GET', `${BASIS}/opleidingen/ONBEKEND/deeplink`)).statusCode).toBe(404);
  });

  it('a cohort with a toegangscode takes only registrations that give it', async () => {
    const url = `${BASIS}/opleidingen/SYN-90AA-03/cohorten/2027-08/toegangscode`;
    expect((await call(vak.oin, 'PUT', url, { toegangscode: 'NUMFIX-2027' })).statusCode).toBe(403);
    expect((await call(roc.oin, 'PUT', url, { toegangscode: 'NUMFIX-2027' })).json()).toEqual({ toegangscode: true });
    const zonder = await dienIn({ bsn: duo.nummer(1).bsn, aanbodCode: 'SYN-90AA-03' });
    expect(zonder.statusCode).toBe(400);
    expect(zonder.json().invalidParams).toEqual([expect.objectContaining({ name: 'toegangscode' })]);
    expect((await dienIn({ bsn: duo.nummer(1).bsn, aanbodCode: 'SYN-90AA-03', toegangscode: 'fout' })).statusCode).toBe(400);
    expect((await dienIn({ bsn: duo.nummer(1).bsn, aanbodCode: 'SYN-90AA-03', toegangscode: 'NUMFIX-2027' })).statusCode).toBe(201);
  });
});

describe('registrations', () => {
  it('a registration gets a caKetenId and a ketenId starting with 9, status INGEDIEND; under 18 a parent is required', async () => {
    const jong = duo.nummer(0);
    const zonder = await dienIn({ bsn: jong.bsn });
    expect(zonder.statusCode).toBe(400);
    expect(zonder.json().invalidParams).toEqual([expect.objectContaining({ name: 'ouders' })]);
    const res = await dienIn({ bsn: jong.bsn, ouders: [ouder] });
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ status: 'INGEDIEND', brin: '90AA', intrekkenMogelijk: true });
    expect(a.caKetenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.ketenId).toMatch(/^9[0-9]{7}$/);
    expect(a.aanmeldingId).toBe(`90AA:${a.ketenId}`);
    expect((await dienIn({ bsn: jong.bsn, ouders: [ouder] })).statusCode).toBe(409);
    expect(await auditActies(jong.bsn)).toEqual(expect.arrayContaining(['duo-gegevens-opgevraagd', 'ca-aanmelding-ingediend']));
  });

  it('from 18 no parent is needed; unknown persons and other kinds of callers are refused', async () => {
    expect((await dienIn({ bsn: duo.nummer(1).bsn })).statusCode).toBe(201);
    expect((await dienIn({ bsn: '111222333' })).statusCode).toBe(404);
    expect((await call(roc.oin, 'POST', `${BASIS}/aanmeldingen`, { bsn: duo.nummer(1).bsn, aanbodCode: 'SYN-90AA-02', cohort: '2027-08', email: 'a@example.org' })).statusCode).toBe(403);
  });

  it('two submissions of the same registration at once: one is taken, the other is a conflict', async () => {
    const p = duo.nummer(13);
    const res = await Promise.all([0, 1, 2].map(() => dienIn({ bsn: p.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-04' })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it('a cohort outside its aanmeldperiode is refused', async () => {
    const res = await dienIn({ bsn: duo.nummer(1).bsn, aanbodCode: 'SYN-90AA-02', cohort: '2028-02' });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams[0]).toMatchObject({ name: 'cohort', reason: expect.stringContaining('2027-06-01') });
  });

  it('a secret address is never used: the student must enter one, and the SIS gets only that', async () => {
    const geheim = duo.nummer(2);
    const zonder = await dienIn({ bsn: geheim.bsn, ouders: [ouder] });
    expect(zonder.statusCode).toBe(400);
    expect(zonder.json().invalidParams).toEqual([expect.objectContaining({ name: 'adres', reason: expect.stringContaining('geheim') })]);
    const eigen = { woonland: '6030', ...ADRES_ASSEN };
    const res = await dienIn({ bsn: geheim.bsn, ouders: [ouder], adres: eigen });
    expect(res.statusCode).toBe(201);
    const { aanmeldingen } = (await haalOp(roc.oin, '90AA')).json() as { aanmeldingen: { caKetenId: string; student: { adres: unknown } }[] };
    const opgehaald = aanmeldingen.find((x) => x.caKetenId === res.json().caKetenId)!;
    expect(opgehaald.student.adres).toEqual(eigen);
    expect(JSON.stringify(aanmeldingen)).not.toContain(geheim.adres!.postcode!);
  });

  it('foreign addresses use the address set: regel1..3 abroad, not in NL', async () => {
    const buitenland = duo.nummer(3);
    const res = await dienIn({ bsn: buitenland.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-02' });
    expect(res.statusCode).toBe(201);
    const fout = await dienIn({ bsn: buitenland.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-04', adres: { woonland: '6030', ...ADRES_ASSEN, regel1: 'x' } });
    expect(fout.json().invalidParams).toEqual([expect.objectContaining({ name: 'adres.regel1' })]);
    const land = await dienIn({ bsn: buitenland.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-04', adres: { woonland: '0000', regel1: 'x' } });
    expect(land.json().invalidParams).toEqual([expect.objectContaining({ name: 'adres.woonland' })]);
  });
});

describe('withdrawal and statuses from the koppelpunt', () => {
  const status = (a: { caKetenId?: string; aanmeldingId: string }, pgn: string, st: string) => ({
    berichtId: randomUUID(), tijdstip: hub.clock.now().toISOString(), ...a, pgn, ...ADRES_ASSEN, brinMbo: '90AA', vooropleiding: 'VMBO',
    leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: st,
  });
  const stuur = async (berichten: unknown[]) => {
    const res = await call(roc.oin, 'POST', '/api/v1/aanmeldstatusberichten', { berichten });
    expect(res.json().resultaten.map((r: { resultaat: string }) => r.resultaat)).toEqual(berichten.map(() => 'VERWERKT'));
  };
  const mijn = async (bsn: string) => ((await call(ca.oin, 'POST', `${BASIS}/aanmeldingen/zoeken`, { bsn })).json() as { aanmeldingen: { caKetenId: string; status: string; intrekkenMogelijk: boolean }[] }).aanmeldingen;
  const trekIn = (caKetenId: string, bsn: string) => call(ca.oin, 'POST', `${BASIS}/aanmeldingen/${caKetenId}/intrekking`, { bsn });

  it('a status carrying the caKetenId updates the registration; OA may still be withdrawn, the SIS pulls the withdrawal, and withdrawn stays final', async () => {
    const p = duo.nummer(8);
    const a = (await dienIn({ bsn: p.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-02' })).json();
    tick();
    await stuur([status({ caKetenId: a.caKetenId, aanmeldingId: a.aanmeldingId }, p.bsn, 'AO')]);
    expect((await mijn(p.bsn))[0]).toMatchObject({ caKetenId: a.caKetenId, status: 'AO', intrekkenMogelijk: false });
    expect((await trekIn(a.caKetenId, p.bsn)).statusCode).toBe(409);
    tick();
    await stuur([status({ caKetenId: a.caKetenId, aanmeldingId: a.aanmeldingId }, p.bsn, 'OA')]);
    expect((await mijn(p.bsn))[0]).toMatchObject({ status: 'OA', intrekkenMogelijk: true });
    const weg = await trekIn(a.caKetenId, p.bsn);
    expect(weg.statusCode).toBe(200);
    expect(weg.json()).toMatchObject({ status: 'AI', intrekkenMogelijk: false });
    expect((await trekIn(a.caKetenId, p.bsn)).statusCode).toBe(409);
    // Withdrawn is final here, whatever the instelling still sends about it.
    tick();
    await stuur([status({ caKetenId: a.caKetenId, aanmeldingId: a.aanmeldingId }, p.bsn, 'LI')]);
    expect((await mijn(p.bsn))[0]!.status).toBe('AI');
    const sis = (await haalOp(roc.oin, '90AA')).json() as { aanmeldingen: { caKetenId: string; soort: string; student?: unknown }[] };
    const intrekking = sis.aanmeldingen.find((x) => x.caKetenId === a.caKetenId && x.soort === 'intrekking')!;
    expect(intrekking).toBeDefined();
    expect(intrekking.student).toBeUndefined();
    expect(await auditActies(p.bsn)).toEqual(expect.arrayContaining(['ca-status-bijgewerkt', 'ca-aanmelding-ingetrokken', 'ca-aanmelding-ingezien']));
  });

  it('without a caKetenId the ketenId in the aanmeldingId finds it; enrolled (LI) cannot be withdrawn, LNI follows', async () => {
    const p = duo.nummer(9);
    const a = (await dienIn({ bsn: p.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-02' })).json();
    tick();
    await stuur([status({ aanmeldingId: a.aanmeldingId }, p.bsn, 'LI')]);
    expect((await mijn(p.bsn))[0]).toMatchObject({ status: 'LI', intrekkenMogelijk: false });
    const res = await trekIn(a.caKetenId, p.bsn);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('ingeschreven');
    tick();
    await stuur([status({ aanmeldingId: a.aanmeldingId }, p.bsn, 'LNI')]);
    expect((await mijn(p.bsn))[0]!.status).toBe('LNI');
  });

  it('statuses of other registrations, another instelling quoting its caKetenId, and another student’s withdrawal touch nothing', async () => {
    const p = duo.nummer(10);
    const a = (await dienIn({ bsn: p.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-02' })).json();
    tick();
    await stuur([status({ aanmeldingId: '90AA:12345678' }, p.bsn, 'OA'), status({ caKetenId: randomUUID(), aanmeldingId: '90AA:98765432' }, p.bsn, 'LI')]);
    const vreemd = { ...status({ caKetenId: a.caKetenId, aanmeldingId: `91AH:${a.ketenId}` }, p.bsn, 'LNI'), brinMbo: '91AH' };
    expect((await call(vak.oin, 'POST', '/api/v1/aanmeldstatusberichten', { berichten: [vreemd] })).json().resultaten[0].resultaat).toBe('VERWERKT');
    expect((await mijn(p.bsn))[0]!.status).toBe('INGEDIEND');
    expect((await trekIn(a.caKetenId, duo.nummer(11).bsn)).statusCode).toBe(404);
    expect((await mijn(p.bsn))[0]!.status).toBe('INGEDIEND');
  });
});

describe('SIS link', () => {
  it('an unknown or wrongly-cased koppelpuntcode is a clear 404, never an empty list', async () => {
    for (const code of ['90aa', 'ONBEKEND']) {
      const res = await haalOp(roc.oin, code);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toContain(`geen actieve school gevonden voor koppelpuntcode "${code}"`);
    }
  });

  it('only beheer sets up koppelpunten', async () => {
    for (const oin of [roc.oin, ca.oin]) expect((await call(oin, 'PUT', '/api/v1/beheer/centraal-aanmelden/koppelpunten/90AA', { brin: '90AA' })).statusCode).toBe(403);
    expect((await call(beheer.oin, 'PUT', '/api/v1/beheer/centraal-aanmelden/koppelpunten/X1', { brin: '18BR' })).statusCode).toBe(400);
  });

  it('only the instelling or its mandated supplier pulls; a refusal is audited', async () => {
    expect((await haalOp(vak.oin, '90AA')).statusCode).toBe(403);
    expect((await haalOp(leverancier.oin, '90AA')).statusCode).toBe(403);
    expect((await haalOp(ca.oin, '90AA')).statusCode).toBe(403);
    await hub.ctx.identity.addMandate({ leverancierOin: leverancier.oin, schoolOin: roc.oin, van: '2026-01-01' }, null);
    expect((await haalOp(leverancier.oin, '90AA')).statusCode).toBe(200);
    await hub.ctx.distributor.drain();
    const geweigerd = await hub.ctx.audit.search({ actorOin: vak.oin, limit: 100 });
    expect(geweigerd.map((r) => r.actie)).toContain('toegang-geweigerd');
  });

  it('two SIS share one instelling: each koppelpunt gets the registrations of its onderwijsaanbieders', async () => {
    const res = await dienIn({ bsn: duo.nummer(5).bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-05' });
    expect(res.statusCode).toBe(201);
    const b = (await haalOp(roc.oin, '90AA-b')).json() as { aanmeldingen: { caKetenId: string; opleiding: { onderwijsaanbieder: string } }[] };
    expect(b.aanmeldingen.map((x) => x.caKetenId)).toContain(res.json().caKetenId);
    expect(b.aanmeldingen.every((x) => x.opleiding.onderwijsaanbieder === '90AAB')).toBe(true);
    const a = (await haalOp(roc.oin, '90AA')).json() as { aanmeldingen: { caKetenId: string }[] };
    expect(a.aanmeldingen.map((x) => x.caKetenId)).not.toContain(res.json().caKetenId);
  });

  it('a registration submitted before its instelling had a koppelpunt goes there once one is set up', async () => {
    const { caKetenId } = (await dienIn({ bsn: duo.nummer(12).bsn, ouders: [ouder], aanbodCode: 'SYN-92AR-03' })).json();
    const oin = schoolOin('92AR');
    await hub.ctx.identity.addOrganisation({ oin, soort: 'mbo-instelling', naam: 'Synthetisch Techniek College', brin: '92AR' }, null);
    const { token } = await hub.ctx.identity.issueToken(oin, { label: 'test' });
    const pull92 = () => hub.app.inject({ url: `${BASIS}/koppelpunten/92AR/aanmeldingen`, headers: { authorization: `Bearer ${token}` } });
    expect((await pull92()).statusCode).toBe(404);
    expect((await call(beheer.oin, 'PUT', '/api/v1/beheer/centraal-aanmelden/koppelpunten/92AR', { brin: '92AR' })).statusCode).toBe(200);
    const res = await pull92();
    expect(res.statusCode).toBe(200);
    expect((res.json() as { aanmeldingen: { caKetenId: string }[] }).aanmeldingen.map((x) => x.caKetenId)).toEqual([caKetenId]);
    expect(await auditActies(duo.nummer(12).bsn)).toContain('ca-aanmelding-toegewezen');
  });

  it('pull, acknowledge, report errors, queue again: opgehaald / heeft foutmeldingen / niet opgehaald', async () => {
    const persoon = duo.nummer(6);
    const { caKetenId } = (await dienIn({ bsn: persoon.bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-02' })).json();
    const staat = async () => ((await call(roc.oin, 'GET', `${BASIS}/koppelpunten/90AA/overzicht`)).json() as { aanmeldingen: { caKetenId: string; staat: string }[] })
      .aanmeldingen.find((x) => x.caKetenId === caKetenId)?.staat;
    expect(await staat()).toBe('niet opgehaald');

    const { aanmeldingen } = (await haalOp(roc.oin, '90AA')).json() as { aanmeldingen: { berichtId: string; caKetenId: string; soort: string; student: { bsn: string; ouders: unknown[]; vooropleiding: unknown } }[] };
    const mijn = aanmeldingen.find((x) => x.caKetenId === caKetenId)!;
    expect(mijn).toMatchObject({
      soort: 'aanmelding', student: { bsn: persoon.bsn, ouders: [ouder], vooropleiding: { categorie: 'VMBO' } },
      opleiding: { aanbodCode: 'SYN-90AA-02', cohort: '2027-08', wervingsnaam: 'Verzorgende IG', crebo: '29636', leerweg: 'BBL', onderwijsaanbieder: '90AAA', instroommoment: '2027-08-30' },
    });
    expect(mijn.student).not.toHaveProperty('opleiding');
    const ack = await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/bevestigingen`, { berichtIds: aanmeldingen.map((x) => x.berichtId).concat('999999') });
    expect(ack.json()).toEqual({ bevestigd: aanmeldingen.length, nietOpen: ['999999'] });
    expect(await staat()).toBe('opgehaald');
    expect(((await haalOp(roc.oin, '90AA')).json() as { aanmeldingen: unknown[] }).aanmeldingen).toEqual([]);

    const fouten = `${BASIS}/koppelpunten/90AA/aanmeldingen/foutmeldingen`;
    const onbekend = await call(roc.oin, 'POST', fouten, { foutmeldingen: [{ caKetenId, melding: 'ok' }, { caKetenId: randomUUID(), melding: 'x' }] });
    expect(onbekend.statusCode).toBe(400);
    expect(onbekend.json().invalidParams).toEqual([expect.objectContaining({ name: 'foutmeldingen[1].caKetenId' })]);
    expect((await call(roc.oin, 'POST', fouten, { foutmeldingen: [{ caKetenId, melding: 'crebo onbekend in SIS' }] })).json()).toEqual({ geregistreerd: 1 });
    expect(await staat()).toBe('heeft foutmeldingen');

    tick();
    const opnieuw = await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/opnieuw`, { caKetenIds: [caKetenId] });
    expect(opnieuw.json()).toEqual({ klaargezet: 1 });
    expect(await staat()).toBe('niet opgehaald');
    const weer = (await haalOp(roc.oin, '90AA')).json() as { aanmeldingen: { caKetenId: string }[] };
    expect(weer.aanmeldingen.map((x) => x.caKetenId)).toEqual([caKetenId]);
    expect((await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA-b/aanmeldingen/opnieuw`, { caKetenIds: [caKetenId] })).statusCode).toBe(400);
    expect(await auditActies(persoon.bsn)).toEqual(expect.arrayContaining(['ca-aanmelding-opgehaald', 'ca-aanmelding-bevestigd', 'ca-sis-foutmelding', 'ca-aanmelding-opnieuw-klaargezet']));
  });

  it('registrations older than a year cannot be queued again', async () => {
    const { caKetenId } = (await dienIn({ bsn: duo.nummer(7).bsn, ouders: [ouder], aanbodCode: 'SYN-90AA-02' })).json();
    tick(366 * 24 * 3600_000);
    const res = await call(beheer.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/opnieuw`, { caKetenIds: [caKetenId] });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams[0].reason).toContain('afgelopen jaar');
  });
});
