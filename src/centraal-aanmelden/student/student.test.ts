import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADRES_ASSEN } from '../../../test/berichten.ts';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { TestDuoBron } from '../aanmelding/duo-bron.ts';
import { BewaartermijnService } from '../bewaartermijn/service.ts';
import { StudentService } from './service.ts';
import * as store from './store.ts';

let hub: TestHub;
const ca = demo('centraal-aanmelden');
const roc = demo('mbo-instelling', 0); // 90AA
const beheer = demo('beheer');
const student = new TestDuoBron().nummer(1);

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [ca, roc, beheer]) await hub.party(p.oin);
});
afterAll(() => hub.close());

it('a registration opens the environment and moves its retention clock; deleting it on request removes profile and registrations, audited', async () => {
  const dienIn = () => hub.app.inject({
    method: 'POST', url: '/api/v1/centraal-aanmelden/aanmeldingen', headers: { authorization: `Bearer ${hub.tokenOf(ca.oin)}` },
    payload: { bsn: student.bsn, aanbodCode: 'SYN-90AA-01', cohort: '2027-08', email: 'student@example.org' },
  });
  expect((await dienIn()).statusCode).toBe(201);
  const eerst = await store.findStudent(hub.ctx.db, student.bsn);
  expect(eerst).toMatchObject({ email: 'student@example.org', taal: 'nl' });
  hub.clock.set(new Date(hub.clock.now().getTime() + 86_400_000));
  const service = new StudentService(hub.ctx);
  const actor = { oin: ca.oin, soort: 'centraal-aanmelden' as const, gebruiker: null } as never;
  const open = await service.open(actor, student.bsn, null);
  expect(open.laatsteActiviteit.getTime()).toBe(eerst!.laatsteActiviteit.getTime() + 86_400_000);

  expect(await service.verwijderOpVerzoek(actor, student.bsn, null)).toEqual({ aanmeldingen: 1 });
  expect(await store.findStudent(hub.ctx.db, student.bsn)).toBeNull();
  const { rows } = await hub.ctx.db.query('select count(*)::int as n from ca_aanmelding where pgn = $1', [student.bsn]);
  expect(rows[0]).toEqual({ n: 0 });
  await hub.ctx.distributor.drain();
  const acties = (await hub.ctx.audit.search({ pgnPseudoniem: hub.ctx.audit.pseudonym(student.bsn), limit: 100 })).map((r) => r.actie);
  expect(acties).toEqual(expect.arrayContaining(['ca-aanmelding-ingediend', 'ca-omgeving-geopend', 'ca-omgeving-verwijderd']));
});

it('on request, a registration the SIS has and that is still open is withdrawn for the SIS before the data goes; the rest goes at once; a report proves it', async () => {
  const p = new TestDuoBron().nummer(24);
  const BASIS = '/api/v1/centraal-aanmelden';
  const call = (oin: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` }, ...(payload === undefined ? {} : { payload }) });
  const tick = () => hub.clock.set(new Date(hub.clock.now().getTime() + 60_000));
  expect((await call(beheer.oin, 'PUT', '/api/v1/beheer/centraal-aanmelden/koppelpunten/90AA', { brin: '90AA' })).statusCode).toBe(200);
  const dienIn = async (aanbodCode: string) => {
    const res = await call(ca.oin, 'POST', `${BASIS}/aanmeldingen`, {
      bsn: p.bsn, aanbodCode, cohort: '2027-08', email: 'p@example.org', ouders: [{ naam: 'Ouder Synthetisch', email: 'ouder@example.org', telefoon: '+31 6 12345678' }],
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { caKetenId: string; aanmeldingId: string };
  };
  const haalOp = async () => (await call(roc.oin, 'GET', `${BASIS}/koppelpunten/90AA/aanmeldingen`)).json().aanmeldingen as { berichtId: string; caKetenId: string; soort: string; student?: unknown }[];
  const bevestig = async (b: { berichtId: string }[]) => call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/bevestigingen`, { berichtIds: b.map((x) => x.berichtId) });
  const status = async (a: { caKetenId: string; aanmeldingId: string }, st: string) => {
    tick();
    const res = await call(roc.oin, 'POST', '/api/v1/aanmeldstatusberichten', { berichten: [{
      berichtId: randomUUID(), tijdstip: hub.clock.now().toISOString(), caKetenId: a.caKetenId, aanmeldingId: a.aanmeldingId, pgn: p.bsn, ...ADRES_ASSEN, brinMbo: '90AA',
      vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: st,
    }] });
    expect(res.json().resultaten[0], JSON.stringify(res.json())).toMatchObject({ resultaat: 'VERWERKT' });
  };

  const aangeboden = await dienIn('SYN-90AA-01');
  const ingeschreven = await dienIn('SYN-90AA-02');
  await bevestig(await haalOp());
  await status(aangeboden, 'OA');
  await status(ingeschreven, 'LI');
  await dienIn('SYN-90AA-03'); // submitted, not yet pulled: the SIS never knew it
  const actor = { oin: ca.oin, soort: 'centraal-aanmelden', gebruiker: null } as never;
  expect(await new StudentService(hub.ctx).verwijderOpVerzoek(actor, p.bsn, null)).toEqual({ aanmeldingen: 3 });

  const daarna = await haalOp();
  expect(daarna).toEqual([expect.objectContaining({ caKetenId: aangeboden.caKetenId, soort: 'intrekking', status: 'AI' })]);
  expect(daarna[0]!.student).toBeUndefined();
  const { rows: tabellen } = await hub.db.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = current_schema() and table_name like 'ca\\_%' and table_type = 'BASE TABLE'`);
  expect(tabellen.length).toBeGreaterThan(5);
  for (const { t } of tabellen) {
    expect((await hub.db.query(`select 1 from "${t}" x where row_to_json(x)::text like '%' || $1 || '%'`, [p.bsn])).rows, t).toEqual([]);
  }
  const [verslag] = (await call(beheer.oin, 'GET', '/api/v1/beheer/centraal-aanmelden/bewaarverslagen?limit=1')).json().verslagen;
  expect(verslag).toMatchObject({
    hashKlopt: true, inAuditketen: { seq: expect.any(Number) },
    verslag: { aanleiding: 'verzoek', schoon: true, verwijderd: { omgevingen: 1, aanmeldingen: 3, restenVoorSis: 1 }, controle: { pgns: 1 } },
  });

  await bevestig(daarna);
  expect((await new BewaartermijnService(hub.ctx).voerUit()).verwijderd.restenOpgeruimd).toBe(1);
  expect((await call(roc.oin, 'GET', `${BASIS}/koppelpunten/90AA/overzicht`)).json().aanmeldingen.map((a: { caKetenId: string }) => a.caKetenId)).not.toContain(aangeboden.caKetenId);
});
