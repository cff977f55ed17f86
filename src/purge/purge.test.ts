import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { ADRES_AMSTERDAM, aanmeldstatus, get, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';
import { pgnsGevonden } from './controle.ts';
import { purgePreview } from './service.ts';

/** Spec §14 and §15: after the purge no PGN of the cycle exists anywhere; the aggregates still answer. */
let hub: TestHub;
const assen = demo('vo-school', 0);
const amsterdam = demo('vo-school', 1);
const roc = demo('mbo-instelling', 0);
const vak = demo('mbo-instelling', 1);
const gemeente = demo('gemeente', 0);
const beheer = demo('beheer');
const os = demo('overstapsysteem');
const pupils = Array.from({ length: 12 }, () => nieuwePgn());

const klok = (nu: string) => hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { nu } });
const stats = (oin: string, query: string) => get(hub, oin, `/api/v1/statistieken?${query}`);

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-15T10:00:00+01:00' });
  for (const p of [assen, amsterdam, roc, vak, gemeente, beheer, os]) await hub.party(p.oin);
  await hub.ctx.identity.addMandate({ leverancierOin: os.oin, schoolOin: assen.oin, van: '2026-10-01' }, null);
  // Ten pupils in Assen, two in Amsterdam. Eight register in February, six enrol in May, one falls back in April.
  await send(hub, 'mbo-gangerberichten', assen.oin, pupils.slice(0, 10).map((pgn) => mboGanger({ pgn, tijdstip: '2027-01-10T10:00:00+01:00' })));
  await send(hub, 'mbo-gangerberichten', amsterdam.oin, pupils.slice(10).map((pgn) => mboGanger({ pgn, brinVo: '16PS', ...ADRES_AMSTERDAM, tijdstip: '2027-01-10T10:00:00+01:00' })));
  await hub.app.inject({ method: 'POST', url: '/api/v1/overstapsystemen/identiteiten', headers: { authorization: `Bearer ${hub.tokenOf(os.oin)}` }, payload: { pgns: pupils.slice(0, 3) } });
  await klok('2027-02-15T10:00:00+01:00');
  for (const [i, pgn] of pupils.slice(0, 8).entries()) {
    await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn, aanmeldingId: `90AA:0000010${i}`, crebo: '25180', tijdstip: '2027-02-10T10:00:00+01:00' })]);
  }
  await send(hub, 'aanmeldstatusberichten', vak.oin, [aanmeldstatus({ pgn: pupils[0], brinMbo: '91AH', aanmeldingId: '91AH:00000100', tijdstip: '2027-02-11T10:00:00+01:00' })]);
  await klok('2027-04-10T10:00:00+02:00');
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: pupils[7], aanmeldingId: '90AA:00000107', status: 'LNI', tijdstip: '2027-04-10T09:00:00+02:00' })]);
  await klok('2027-05-20T10:00:00+02:00');
  for (const [i, pgn] of pupils.slice(0, 6).entries()) {
    await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn, aanmeldingId: `90AA:0000010${i}`, crebo: '25180', status: 'LI', tijdstip: '2027-05-20T09:00:00+02:00' })]);
  }
  await hub.ctx.distributor.drain();
  await klok('2027-06-20T10:00:00+02:00');
});
afterAll(() => hub.close());

/** Every PGN found in any column of any table, in the hub's schema and pg-boss's. */
async function pgnsInDatabase(pgns: string[]): Promise<string[]> {
  const { rows: tables } = await hub.db.query<{ s: string; t: string }>(
    `select table_schema as s, table_name as t from information_schema.tables where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'`);
  const found: string[] = [];
  for (const { s, t } of tables) {
    const { rows } = await hub.db.query<{ hit: string }>(
      `select p as hit from unnest($1::text[]) p where exists (select 1 from "${s}"."${t}" x where row_to_json(x)::text like '%' || p || '%')`, [pgns]);
    found.push(...rows.map((r) => `${t}:${r.hit}`));
  }
  return found;
}

describe('policy information and the purge', () => {
  it('answers the questions of spec §15 per level, with cells under 5 suppressed', async () => {
    await klok('2027-06-21T10:00:00+02:00');
    const { bevriesDag } = await import('../statistics/service.ts');
    await bevriesDag(hub.ctx, 2027);
    const nl = (await stats(beheer.oin, 'niveau=nationaal&cyclus=2027')).json().reeks[0].indicatoren;
    expect(nl).toMatchObject({ potentieleMboGangers: 12, aangemeldVoorAanmelddatum: 8, aangemeld: 7, ingeschreven: 6, teruggevallenNaAanmelddatum: '<5' });
    expect(nl.doorlooptijdDagenMediaan).toBeCloseTo(99, 0); // 10 Feb → 20 May
    expect(nl.meervoudigAangemeldProcent).toBeCloseTo(12.5, 1); // 1 of the 8 registered pupils
    const assenStats = (await stats(gemeente.oin, 'niveau=gemeente&code=0106&cyclus=2027')).json().reeks[0].indicatoren;
    expect(assenStats.potentieleMboGangers).toBe(10);
    expect((await stats(beheer.oin, 'niveau=gemeente&code=0363&cyclus=2027')).json().reeks[0].indicatoren.potentieleMboGangers).toBe('<5');
    expect((await stats(beheer.oin, 'niveau=mbo-instelling&code=90AA&cyclus=2027')).json().reeks[0].indicatoren).toMatchObject({ aanmeldingen: 8, ingeschreven: 6, aanmeldingenCrebo25180: 7 }); // the LNI message carried no crebo: the latest message is the state
  });

  it('shows each party only its own level (and the national figures)', async () => {
    expect((await stats(gemeente.oin, 'niveau=gemeente&code=0363')).statusCode).toBe(403);
    expect((await stats(assen.oin, 'niveau=vo-school&code=18BR')).statusCode).toBe(200);
    expect((await stats(assen.oin, 'niveau=vo-school&code=16PS')).statusCode).toBe(403);
    expect((await stats(roc.oin, 'niveau=nationaal')).statusCode).toBe(200);
    const csv = await stats(beheer.oin, 'niveau=nationaal&cyclus=2027&formaat=csv');
    expect(csv.body.split('\n')[0]).toBe('niveau;code;cyclus;dag;indicator;waarde;reden');
    expect(csv.body).toContain('nationaal;NL;2027;2027-06-21;potentieleMboGangers;12');
  });

  it('a dry run shows what would go', async () => {
    const preview = await purgePreview(hub.db, 2027);
    expect(preview).toMatchObject({ mbo_ganger: 12, leerling: 12 });
    expect(preview.aanmelding).toBe(9);
  });

  it('the purge check finds a PGN hidden in any text column of any table, the audit log included', async () => {
    const [verstopt, inAudit, nergens] = [nieuwePgn(), nieuwePgn(), nieuwePgn()];
    await hub.db.query(`update organisatie set naam = naam || ' (' || $1 || ')' where oin = $2`, [verstopt, assen.oin]);
    await hub.ctx.audit.record([{ actorOin: null, actie: 'test', resource: `iets/${inAudit}`, doel: 'test', uitkomst: 'ok' }]);
    const gevonden = await pgnsGevonden(hub.db, [verstopt, inAudit, nergens]);
    // The audit record is found twice: chained, and in the journal row that carried it to the chain.
    expect(Object.entries(gevonden).filter(([, n]) => n > 0)).toEqual([['audit_log', 1], ['feit', 1], ['organisatie', 1]]);
    await hub.db.query(`update organisatie set naam = replace(naam, ' (' || $1 || ')', '') where oin = $2`, [verstopt, assen.oin]);
  });

  it('at the purge milestone no PGN of the cycle is left anywhere; aggregates and the audit chain remain', async () => {
    expect((await pgnsInDatabase(pupils)).length).toBeGreaterThan(0); // the scan does find them while they are there
    // 1 October: the jaaroverzicht only; the data stays a month so that pulling recipients can fetch it (spec §3).
    const oktober = await klok('2027-10-01T06:00:00+02:00');
    expect(oktober.json().uitgevoerd.map((u: { mijlpaal: string }) => u.mijlpaal)).toEqual(['jaaroverzicht']);
    expect((await pgnsInDatabase(pupils)).length).toBeGreaterThan(0);
    const res = await klok('2027-11-01T06:00:00+01:00');
    expect(res.json().uitgevoerd.map((u: { mijlpaal: string }) => u.mijlpaal)).toEqual(['purge']);
    expect(await pgnsInDatabase(pupils)).toEqual([]);
    const nl = (await stats(beheer.oin, 'niveau=nationaal&cyclus=2027')).json().reeks[0];
    expect(nl.indicatoren).toMatchObject({ potentieleMboGangers: 12, ingeschreven: 6 });
    expect((await hub.ctx.audit.verify()).ok).toBe(true);
    const { rows } = await hub.db.query<{ n: number }>('select count(*)::int as n from audit_log where pgn_pseudoniem = $1', [hub.ctx.audit.pseudonym(pupils[0]!)]);
    expect(rows[0]!.n).toBeGreaterThan(0); // the audit log outlives the purge, under pseudonyms
  });

  it('leaves a report for the privacy officer whose hash the audit chain holds', async () => {
    const lijst = async () => (await get(hub, beheer.oin, '/api/v1/beheer/opschoonverslagen')).json().verslagen;
    const [v] = await lijst();
    expect(v.verslag).toMatchObject({ cyclus: 2027, schoon: true, controle: { pgnsVanCyclus: 12 }, verwijderd: { leerling: 12, mbo_ganger: 12, aanmelding: 9 } });
    expect(Object.values(v.verslag.controle.pgnsGevonden).every((n) => n === 0)).toBe(true);
    expect(Object.keys(v.verslag.controle.pgnsGevonden)).toEqual(expect.arrayContaining(['audit_log', 'leerling', 'uitgaand_bericht', 'organisatie']));
    expect(v.verslag.controle.eigenBewaartermijn).toContain('ca_aanmelding'); // Centraal Aanmelden keeps its own term (§17)
    expect(v).toMatchObject({ hashKlopt: true, inAuditketen: { seq: expect.any(Number) } });
    expect((await get(hub, roc.oin, '/api/v1/beheer/opschoonverslagen')).statusCode).toBe(403);
    // A report edited afterwards no longer matches its hash, nor the chain.
    await hub.db.query(`update opschoonverslag set verslag = replace(verslag, '"schoon":true', '"schoon":true ') where cyclus = 2027`);
    expect((await lijst())[0].hashKlopt).toBe(false);
    await hub.db.query(`update opschoonverslag set hash = encode(sha256(convert_to(verslag, 'UTF8')), 'hex') where cyclus = 2027`);
    expect((await lijst())[0]).toMatchObject({ hashKlopt: true, inAuditketen: null });
  });
});
