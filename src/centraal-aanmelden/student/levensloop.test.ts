import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADRES_ASSEN } from '../../../test/berichten.ts';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { TestDuoBron } from '../aanmelding/duo-bron.ts';
import { StudentService } from './service.ts';

/**
 * One registration's whole life through the real HTTP app: submitted, pulled by the SIS, an error,
 * queued again, OA and LI from the koppelpunt, read by the student, deleted on request — and what the
 * audit log says about it under the student's pseudonym: who (organisation), what, and why (purpose).
 * That list is what the portal's inzage page shows the student (spec §13, §17).
 */
let hub: TestHub;
const duo = new TestDuoBron();
const ca = demo('centraal-aanmelden');
const roc = demo('mbo-instelling', 0); // 90AA
const beheer = demo('beheer');
const student = duo.nummer(30);
const BASIS = '/api/v1/centraal-aanmelden';

type Inject = Awaited<ReturnType<TestHub['app']['inject']>>;
async function call(oin: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<Inject> {
  const res = await hub.app.inject({ method, url, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` }, ...(payload === undefined ? {} : { payload }) });
  hub.clock.set(new Date(hub.clock.now().getTime() + 60_000)); // a minute between steps: statuses in order
  return res;
}
const mijn = async () => (await call(ca.oin, 'POST', `${BASIS}/aanmeldingen/zoeken`, { bsn: student.bsn })).json().aanmeldingen as { caKetenId: string; status: string }[];

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [ca, roc, beheer]) await hub.party(p.oin);
  expect((await call(beheer.oin, 'PUT', '/api/v1/beheer/centraal-aanmelden/koppelpunten/90AA', { brin: '90AA' })).statusCode).toBe(200);
});
afterAll(() => hub.close());

it('from submit to enrolled with the statuses coming back through the koppelpunt, then deleted on request — every step audited with who and why', async () => {
  const actor = { oin: ca.oin, soort: 'centraal-aanmelden', gebruiker: null } as never;
  const studenten = new StudentService(hub.ctx);
  await studenten.open(actor, student.bsn, null, 'student@example.org');
  const ingediend = await call(ca.oin, 'POST', `${BASIS}/aanmeldingen`, {
    bsn: student.bsn, aanbodCode: 'SYN-90AA-01', cohort: '2027-08', email: 'student@example.org', ouders: [{ naam: 'Ouder Synthetisch', email: 'ouder@example.org', telefoon: '+31 6 12345678' }],
  });
  expect(ingediend.statusCode).toBe(201);
  const { caKetenId, aanmeldingId } = ingediend.json();

  const haalOp = async () => (await call(roc.oin, 'GET', `${BASIS}/koppelpunten/90AA/aanmeldingen`)).json().aanmeldingen as { berichtId: string; caKetenId: string }[];
  const eerst = await haalOp();
  expect(eerst.map((b) => b.caKetenId)).toEqual([caKetenId]);
  await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/bevestigingen`, { berichtIds: eerst.map((b) => b.berichtId) });
  await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/foutmeldingen`, { foutmeldingen: [{ caKetenId, melding: 'vooropleiding ontbreekt in SIS' }] });
  expect((await call(beheer.oin, 'GET', `${BASIS}/koppelpunten/90AA/overzicht`)).json().aanmeldingen[0].staat).toBe('heeft foutmeldingen');
  await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/opnieuw`, { caKetenIds: [caKetenId] });
  const weer = await haalOp();
  await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/bevestigingen`, { berichtIds: weer.map((b) => b.berichtId) });

  const status = async (st: string) => {
    const res = await call(roc.oin, 'POST', '/api/v1/aanmeldstatusberichten', { berichten: [{
      berichtId: randomUUID(), tijdstip: hub.clock.now().toISOString(), aanmeldingId, caKetenId, pgn: student.bsn, ...ADRES_ASSEN, brinMbo: '90AA',
      vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: st, crebo: '29604',
    }] });
    expect(res.json().resultaten[0].resultaat).toBe('VERWERKT');
  };
  expect((await mijn())[0]!.status).toBe('INGEDIEND');
  await status('OA');
  expect((await mijn())[0]!.status).toBe('OA');
  await status('LI');
  expect((await mijn())[0]!.status).toBe('LI');
  expect((await call(ca.oin, 'POST', `${BASIS}/aanmeldingen/${caKetenId}/intrekking`, { bsn: student.bsn })).statusCode).toBe(409);
  expect(await studenten.verwijderOpVerzoek(actor, student.bsn, null)).toEqual({ aanmeldingen: 1 });
  expect(await mijn()).toEqual([]);

  await hub.ctx.distributor.drain();
  const records = await hub.ctx.audit.search({ pgnPseudoniem: hub.ctx.audit.pseudonym(student.bsn), limit: 1000 });
  const wie = (oin: string | null) => (oin === ca.oin ? 'CA' : oin === roc.oin ? '90AA' : oin === beheer.oin ? 'beheer' : oin === null ? 'hub' : oin);
  const leven = records.filter((r) => r.doel === 'centraal-aanmelden' || r.doel === 'bewaartermijn').sort((a, b) => a.seq - b.seq)
    .map((r) => `${wie(r.actorOin)} ${r.actie} (${r.doel}) ${r.uitkomst}`);
  expect(leven).toEqual([
    'CA ca-omgeving-aangemaakt (centraal-aanmelden) ok',
    'CA duo-gegevens-opgevraagd (centraal-aanmelden) gevonden',
    'CA ca-aanmelding-ingediend (centraal-aanmelden) ok',
    '90AA ca-aanmelding-opgehaald (centraal-aanmelden) aanmelding',
    '90AA ca-aanmelding-bevestigd (centraal-aanmelden) ok',
    '90AA ca-sis-foutmelding (centraal-aanmelden) ok',
    'beheer ca-sis-stand-ingezien (centraal-aanmelden) ok',
    '90AA ca-aanmelding-opnieuw-klaargezet (centraal-aanmelden) ok',
    '90AA ca-aanmelding-opgehaald (centraal-aanmelden) aanmelding',
    '90AA ca-aanmelding-bevestigd (centraal-aanmelden) ok',
    'CA ca-aanmelding-ingezien (centraal-aanmelden) ok',
    'hub ca-status-bijgewerkt (centraal-aanmelden) OA',
    'CA ca-aanmelding-ingezien (centraal-aanmelden) ok',
    'hub ca-status-bijgewerkt (centraal-aanmelden) LI',
    'CA ca-aanmelding-ingezien (centraal-aanmelden) ok',
    'CA ca-aanmelding-intrekken (centraal-aanmelden) geweigerd',
    'CA ca-omgeving-verwijderd (centraal-aanmelden) verzoek:1-aanmeldingen',
    'CA ca-aanmelding-verwijderd (centraal-aanmelden) verwijderd',
    'CA ca-aanmelding-ingezien (centraal-aanmelden) geen',
  ]);
  // Each record about the registration names it; the koppelpunt's own records (intake, delivery) carry their own purposes.
  expect(records.filter((r) => r.doel === 'centraal-aanmelden' && r.actie.startsWith('ca-aanmelding-') && r.uitkomst !== 'geen').every((r) => r.resource === `ca-aanmelding/${caKetenId}`)).toBe(true);
  expect(records.some((r) => r.doel.startsWith('vva-'))).toBe(true);
});
