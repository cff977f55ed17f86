import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { TestDuoBron } from '../aanmelding/duo-bron.ts';
import { StudentService } from '../student/service.ts';
import { magStatistiekZien } from './service.ts';

/** Spec §17: the statistics of multiple registrations per instelling and opleiding; aggregates only, `<5` suppressed. */
let hub: TestHub;
const duo = new TestDuoBron();
const ca = demo('centraal-aanmelden');
const roc = demo('mbo-instelling', 0); // 90AA
const vak = demo('mbo-instelling', 1); // 91AH
const beheer = demo('beheer');
const ouder = { naam: 'Ouder Synthetisch', email: 'ouder@example.org', telefoon: '+31 6 12345678' };
const URL = '/api/v1/centraal-aanmelden/instellingen/90AA/statistiek';

const call = (oin: string, url: string) => hub.app.inject({ url, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` } });
async function dienIn(i: number, aanbodCode: string) {
  const res = await hub.app.inject({
    method: 'POST', url: '/api/v1/centraal-aanmelden/aanmeldingen', headers: { authorization: `Bearer ${hub.tokenOf(ca.oin)}` },
    payload: { bsn: duo.nummer(i).bsn, aanbodCode, cohort: '2027-08', email: `s${i}@example.org`, ouders: [ouder] },
  });
  expect(res.statusCode).toBe(201);
}
const reeks = async (oin = roc.oin) => (await call(oin, URL)).json().reeks;

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [ca, roc, vak, beheer]) await hub.party(p.oin);
  // 6 students only at 90AA-01; 6 at 90AA-01 and 90AA-02; 6 at 90AA-01 and 91AH-02; 1 only at 90AA-03.
  for (let i = 20; i < 26; i++) await dienIn(i, 'SYN-90AA-01');
  for (let i = 26; i < 32; i++) { await dienIn(i, 'SYN-90AA-01'); await dienIn(i, 'SYN-90AA-02'); }
  for (let i = 32; i < 38; i++) { await dienIn(i, 'SYN-90AA-01'); await dienIn(i, 'SYN-91AH-02'); }
  await dienIn(38, 'SYN-90AA-03');
});
afterAll(() => hub.close());

it('counts, per instroomjaar, registrations and how many are one of several of the same student (and elsewhere too), counts under 5 as <5', async () => {
  const [jaar, ...rest] = await reeks();
  expect(rest).toEqual([]);
  expect(jaar.cyclus).toBe(2027);
  expect(jaar.instelling).toEqual({ aanmeldingen: 25, meervoudigAangemeld: 18, meervoudigElders: 6 });
  expect(jaar.opleidingen).toEqual([
    { aanbodCode: 'SYN-90AA-01', wervingsnaam: 'Software Developer', aanmeldingen: 18, meervoudigAangemeld: 12, meervoudigElders: 6 },
    { aanbodCode: 'SYN-90AA-02', wervingsnaam: 'Verzorgende IG', aanmeldingen: 6, meervoudigAangemeld: 6, meervoudigElders: '<5' },
    { aanbodCode: 'SYN-90AA-03', wervingsnaam: 'Eerste Monteur Elektrotechniek', aanmeldingen: '<5', meervoudigAangemeld: '<5', meervoudigElders: '<5' },
  ]);
  // The other instelling sees the same students from its side: all six of its registrations are one of several, elsewhere too.
  expect((await call(vak.oin, '/api/v1/centraal-aanmelden/instellingen/91AH/statistiek')).json().reeks[0].instelling)
    .toEqual({ aanmeldingen: 6, meervoudigAangemeld: 6, meervoudigElders: 6 });
  expect((await call(roc.oin, `${URL}?cyclus=2028`)).json()).toEqual({ brin: '90AA', reeks: [] });
});

it('only the instelling itself and beheer see it; the answer holds no student', async () => {
  expect((await call(vak.oin, URL)).statusCode).toBe(403);
  expect((await call(ca.oin, URL)).statusCode).toBe(403);
  expect((await call(beheer.oin, URL)).json().reeks).toEqual(await reeks());
  expect((await call(beheer.oin, '/api/v1/centraal-aanmelden/instellingen/99ZZ/statistiek')).statusCode).toBe(404);
  const tekst = (await call(roc.oin, URL)).body;
  for (let i = 20; i < 39; i++) expect(tekst).not.toContain(duo.nummer(i).bsn);
  expect([magStatistiekZien({ soort: 'mbo-instelling', brin: '90AA' }, '90AA'), magStatistiekZien({ soort: 'mbo-instelling', brin: '91AH' }, '90AA'),
    magStatistiekZien({ soort: 'beheer', brin: null }, '90AA'), magStatistiekZien({ soort: 'leverancier', brin: null }, '90AA')]).toEqual([true, false, true, false]);
});

it('the figures survive the deletion of the students they count', async () => {
  const voor = await reeks();
  const service = new StudentService(hub.ctx);
  const actor = { oin: ca.oin, soort: 'centraal-aanmelden', gebruiker: null } as never;
  for (let i = 26; i < 38; i++) await service.verwijderOpVerzoek(actor, duo.nummer(i).bsn, null);
  const { rows } = await hub.db.query<{ n: number }>('select count(*)::int as n from ca_aanmelding where pgn is not null');
  expect(rows[0]!.n).toBe(7);
  expect(await reeks()).toEqual(voor);
});
