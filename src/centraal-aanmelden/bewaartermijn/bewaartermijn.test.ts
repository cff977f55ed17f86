import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { Postbus } from '../../mail/mailer.ts';
import { TestDuoBron } from '../aanmelding/duo-bron.ts';
import { StudentService } from '../student/service.ts';
import { registerCaBewaartermijnCommand } from '../../cli/ca-bewaartermijn.ts';
import { bewaartermijnDagelijks } from './service.ts';

/** Spec §17: one year after the last activity (warned a month before), empty profiles after three months; aggregates stay; verifiable. */
let hub: TestHub;
const duo = new TestDuoBron();
const ca = demo('centraal-aanmelden');
const roc = demo('mbo-instelling', 0); // 90AA
const beheer = demo('beheer');
const ouder = { naam: 'Ouder Synthetisch', email: 'ouder@example.org', telefoon: '+31 6 12345678' };
const postbus = new Postbus();
const [jaar, later, leeg, zonderMail, geweigerd] = [duo.nummer(20), duo.nummer(21), duo.nummer(22), duo.nummer(23), duo.nummer(24)];
const BASIS = '/api/v1/centraal-aanmelden';

type Inject = Awaited<ReturnType<TestHub['app']['inject']>>;
const call = (oin: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<Inject> =>
  hub.app.inject({ method, url, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` }, ...(payload === undefined ? {} : { payload }) });
const zet = (nu: string) => hub.clock.set(new Date(nu));
const actor = () => ({ oin: ca.oin, soort: 'centraal-aanmelden', gebruiker: null }) as never;
async function dienIn(bsn: string, aanbodCode: string, email: string, cohort = '2027-08'): Promise<{ caKetenId: string }> {
  const res = await call(ca.oin, 'POST', `${BASIS}/aanmeldingen`, { bsn, aanbodCode, cohort, email, ouders: [ouder] });
  expect(res.statusCode).toBe(201);
  return res.json();
}
const sis = async () => (await call(roc.oin, 'GET', `${BASIS}/koppelpunten/90AA/aanmeldingen`)).json().aanmeldingen as { berichtId: string; caKetenId: string; soort: string; student?: unknown }[];
const bevestig = async (ids: string[]) => expect((await call(roc.oin, 'POST', `${BASIS}/koppelpunten/90AA/aanmeldingen/bevestigingen`, { berichtIds: ids })).statusCode).toBe(200);
const statistiek = async () => (await call(roc.oin, 'GET', `${BASIS}/instellingen/90AA/statistiek`)).json();
const verslagen = async () => (await call(beheer.oin, 'GET', '/api/v1/beheer/centraal-aanmelden/bewaarverslagen')).json().verslagen;
const draai = async () => {
  const res = await call(beheer.oin, 'POST', '/api/v1/beheer/centraal-aanmelden/bewaartermijn');
  expect(res.statusCode).toBe(200);
  return res.json();
};

/** `vva ca-bewaartermijn …` in this process, against the test hub; returns what it printed. */
async function vva(...args: string[]): Promise<string[]> {
  const regels: string[] = [];
  const program = new Command('vva').exitOverride();
  registerCaBewaartermijnCommand(program, (fn) => fn(hub.ctx), (r) => void regels.push(r));
  await program.parseAsync(['ca-bewaartermijn', ...args], { from: 'user' });
  return regels;
}

/** Every Centraal Aanmelden table row that mentions the PGN anywhere. */
async function inCaTabellen(pgn: string): Promise<string[]> {
  const { rows: tabellen } = await hub.db.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = current_schema() and table_name like 'ca\\_%' and table_type = 'BASE TABLE'`);
  const hits: string[] = [];
  for (const { t } of tabellen) {
    const { rows } = await hub.db.query<{ n: number }>(`select count(*)::int as n from "${t}" x where row_to_json(x)::text like '%' || $1 || '%'`, [pgn]);
    if (rows[0]!.n) hits.push(t);
  }
  return hits;
}
async function acties(pgn: string) {
  await hub.ctx.distributor.drain();
  return (await hub.ctx.audit.search({ pgnPseudoniem: hub.ctx.audit.pseudonym(pgn), limit: 1000 })).map((r) => `${r.actie}:${r.uitkomst}`);
}

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-15T09:00:00+01:00' });
  hub.ctx.mailer = postbus;
  for (const p of [ca, roc, beheer]) await hub.party(p.oin);
  expect((await call(beheer.oin, 'PUT', '/api/v1/beheer/centraal-aanmelden/koppelpunten/90AA', { brin: '90AA' })).statusCode).toBe(200);
});
afterAll(() => hub.close());

describe('retention of the student environment', () => {
  let eerste: string;
  let voor: unknown;

  it('an empty profile goes after three months, without a warning; one with a registration stays', async () => {
    eerste = (await dienIn(jaar.bsn, 'SYN-90AA-01', 'jaar@example.org')).caKetenId;
    await dienIn(later.bsn, 'SYN-90AA-01', 'later@example.org');
    await new StudentService(hub.ctx).open(actor(), leeg.bsn, null, 'leeg@example.org');
    await bevestig((await sis()).map((b) => b.berichtId)); // the SIS has them: a deletion must reach it
    voor = await statistiek();

    zet('2027-04-14T12:00:00+02:00');
    const niets = await draai();
    expect(niets.verwijderd).toMatchObject({ leegProfiel: 0, bewaartermijn: 0 });
    expect(niets.verslag).toBeNull(); // nothing done, nothing to prove
    zet('2027-04-15T12:00:00+02:00');
    const uit = await draai();
    expect(uit.verwijderd).toMatchObject({ leegProfiel: 1, bewaartermijn: 0, aanmeldingen: 0 });
    expect(uit.waarschuwingen.verstuurd).toBe(0);
    expect(postbus.berichten).toEqual([]);
    expect(await inCaTabellen(leeg.bsn)).toEqual([]);
    expect(await acties(leeg.bsn)).toContain('ca-omgeving-verwijderd:leeg-profiel:0-aanmeldingen');
  });

  it('a month before the year the student is warned by e-mail, once; activity cancels the warning', async () => {
    zet('2027-07-15T10:00:00+02:00');
    await new StudentService(hub.ctx).open(actor(), later.bsn, null); // `later` logs in half a year on
    zet('2027-12-15T10:00:00+01:00');
    expect((await draai()).waarschuwingen.verstuurd).toBe(0);
    zet('2027-12-16T10:00:00+01:00');
    const uit = await bewaartermijnDagelijks(hub.ctx);
    expect(uit?.waarschuwingen).toEqual({ verstuurd: 1, geenMailer: 0, geenAdres: 0, mislukt: 0 });
    expect(await bewaartermijnDagelijks(hub.ctx)).toBeNull(); // the day was done
    expect(postbus.berichten.map((b) => b.aan)).toEqual(['jaar@example.org']);
    const [mail] = postbus.berichten;
    expect(mail!.tekst).toContain('15 januari 2028');
    expect(mail!.tekst).not.toContain(jaar.bsn);
    zet('2027-12-20T10:00:00+01:00');
    expect((await draai()).waarschuwingen.verstuurd).toBe(0); // warned already
    expect(await acties(jaar.bsn)).toContain('ca-bewaartermijn-waarschuwing:verstuurd');
  });

  it('two runs on the same day (two hub processes) do the work once', async () => {
    zet('2027-12-21T10:00:00+01:00');
    const [a, b] = await Promise.all([bewaartermijnDagelijks(hub.ctx), bewaartermijnDagelijks(hub.ctx)]);
    expect([a, b].filter((x) => x === null)).toHaveLength(1);
    expect(postbus.berichten).toHaveLength(1);
  });

  it('a year after the last activity the environment and its registrations go; the SIS still pulls the withdrawal, then that goes too', async () => {
    zet('2028-01-15T07:00:00+01:00');
    expect((await draai()).verwijderd.bewaartermijn).toBe(0);
    zet('2028-01-15T09:00:00+01:00');
    const vooruit = (await call(beheer.oin, 'GET', '/api/v1/beheer/centraal-aanmelden/bewaartermijn')).json();
    expect(vooruit).toEqual({ waarschuwen: 0, verwijderenBewaartermijn: 1, verwijderenLeegProfiel: 0, resten: 0, restenOpTeRuimen: 0 });
    expect((await call(beheer.oin, 'GET', '/api/v1/beheer/centraal-aanmelden/bewaartermijn')).json()).toEqual(vooruit); // a preview changes nothing
    expect(await vva('--dry-run')).toEqual(['zou doen:', ...Object.entries(vooruit).map(([k, n]) => `  ${k.padEnd(26)} ${n}`)]);
    const uit = await draai();
    expect(uit.verwijderd).toMatchObject({ bewaartermijn: 1, leegProfiel: 0, aanmeldingen: 1, restenVoorSis: 1, sisBerichten: 1 });
    expect(uit.verslag?.schoon).toBe(true);
    expect(await inCaTabellen(jaar.bsn)).toEqual([]);
    expect((await call(ca.oin, 'POST', `${BASIS}/aanmeldingen/zoeken`, { bsn: jaar.bsn })).json().aanmeldingen).toEqual([]);
    expect((await call(ca.oin, 'POST', `${BASIS}/aanmeldingen/zoeken`, { bsn: later.bsn })).json().aanmeldingen).toHaveLength(1);

    const open = await sis();
    expect(open).toEqual([expect.objectContaining({ caKetenId: eerste, soort: 'intrekking', status: 'AI' })]);
    expect(open[0]!.student).toBeUndefined();
    expect(await statistiek()).toEqual(voor); // the aggregates survive
    expect((await call(beheer.oin, 'GET', '/api/v1/beheer/centraal-aanmelden/bewaartermijn')).json()).toMatchObject({ resten: 1, restenOpTeRuimen: 0 });
    await bevestig(open.map((b) => b.berichtId));
    expect((await call(beheer.oin, 'GET', '/api/v1/beheer/centraal-aanmelden/bewaartermijn')).json()).toMatchObject({ resten: 1, restenOpTeRuimen: 1 });
    expect((await draai()).verwijderd.restenOpgeruimd).toBe(1);
    expect((await hub.db.query('select 1 from ca_aanmelding where ca_keten_id = $1', [eerste])).rows).toEqual([]);
    expect(await statistiek()).toEqual(voor);
    expect(await acties(jaar.bsn)).toEqual(expect.arrayContaining(['ca-omgeving-verwijderd:bewaartermijn:1-aanmeldingen', 'ca-aanmelding-verwijderd:ingetrokken-voor-sis']));
  });

  it('each run that warned or deleted leaves a report: what went, the search for the PGNs afterwards, its hash in the audit chain', async () => {
    const lijst = await verslagen();
    const jaarVerslag = lijst.find((v: { verslag: { verwijderd: { bewaartermijn?: number } } }) => v.verslag.verwijderd.bewaartermijn === 1);
    expect(jaarVerslag).toMatchObject({ hashKlopt: true, inAuditketen: { seq: expect.any(Number) }, verslag: { aanleiding: 'bewaartermijn', schoon: true, controle: { pgns: 1 } } });
    expect(Object.keys(jaarVerslag.verslag.controle.pgnsGevonden)).toEqual(expect.arrayContaining(['ca_student', 'ca_aanmelding', 'ca_sis_bericht', 'ca_sis_fout']));
    expect(Object.values(jaarVerslag.verslag.controle.pgnsGevonden).every((n) => n === 0)).toBe(true);
    expect((await call(roc.oin, 'GET', '/api/v1/beheer/centraal-aanmelden/bewaarverslagen')).statusCode).toBe(403);
    expect((await call(roc.oin, 'POST', '/api/v1/beheer/centraal-aanmelden/bewaartermijn')).statusCode).toBe(403);
    // A report edited afterwards no longer matches its hash.
    await hub.db.query(`update ca_bewaarverslag set verslag = replace(verslag, '"schoon":true', '"schoon":true ') where id = $1`, [jaarVerslag.id]);
    expect((await verslagen()).find((v: { id: number }) => v.id === jaarVerslag.id).hashKlopt).toBe(false);
    expect((await hub.ctx.audit.verify()).ok).toBe(true);
  });

  it('without a mailer, or when it refuses, the warning is recorded as not sent (and logged, without the address); the deletion keeps its date', async () => {
    await dienIn(zonderMail.bsn, 'SYN-90AA-02', 'zonder@example.org', '2028-02');
    await dienIn(geweigerd.bsn, 'SYN-90AA-02', 'geweigerd@example.org', '2028-02');
    zet('2028-01-20T10:00:00+01:00');
    await new StudentService(hub.ctx).open(actor(), geweigerd.bsn, null); // its year now ends on 20 January 2029
    zet('2028-06-16T10:00:00+02:00');
    expect((await draai()).waarschuwingen.verstuurd).toBe(1); // `later`, active last on 15 July 2027
    zet('2028-07-15T10:00:00+02:00');
    expect((await draai()).verwijderd.bewaartermijn).toBe(1);
    expect(await inCaTabellen(later.bsn)).toEqual([]);

    const gelogd: unknown[] = [];
    const log = hub.ctx.log;
    hub.ctx.log = { ...log, warn: (o: unknown) => void gelogd.push(o) } as typeof log;
    hub.ctx.mailer = null;
    try {
      zet('2028-12-16T10:00:00+01:00');
      const uit = await draai();
      expect(uit.waarschuwingen).toEqual({ verstuurd: 0, geenMailer: 1, geenAdres: 0, mislukt: 0 });
      expect(gelogd).toEqual([{ aantal: 1 }]);
      expect(postbus.aan('zonder@example.org')).toEqual([]);
    } finally {
      hub.ctx.log = log;
      hub.ctx.mailer = postbus;
    }
    // A mail the mailer refuses is recorded as such and not retried; the deletion keeps its date.
    postbus.weiger = true;
    try {
      zet('2028-12-21T11:00:00+01:00');
      expect((await draai()).waarschuwingen).toEqual({ verstuurd: 0, geenMailer: 0, geenAdres: 0, mislukt: 1 });
      zet('2028-12-22T11:00:00+01:00');
      expect((await draai()).waarschuwingen.mislukt).toBe(0);
    } finally {
      postbus.weiger = false;
    }
    expect(await acties(geweigerd.bsn)).toContain('ca-bewaartermijn-waarschuwing:mislukt');
    zet('2029-01-15T10:00:00+01:00');
    expect((await draai()).verwijderd.bewaartermijn).toBe(1);
    expect(await acties(zonderMail.bsn)).toContain('ca-bewaartermijn-waarschuwing:geen-mailer');
    expect(await inCaTabellen(zonderMail.bsn)).toEqual([]);
    zet('2029-01-20T11:00:00+01:00');
    const cli = await vva(); // beheer's command line does what the route does
    expect(cli).toContain(`  ${'bewaartermijn'.padEnd(26)} 1`);
    expect(cli.at(-1)).toMatch(/^bewaarverslag \d+: schoon, sha256 [0-9a-f]{64}$/);
    expect(await inCaTabellen(geweigerd.bsn)).toEqual([]);
    expect(await vva()).toEqual(expect.arrayContaining(['niets gedaan, geen verslag']));
  });
});
