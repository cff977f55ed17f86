import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import type { AuditRecord } from '../audit/chain.ts';
import type { PogingStand } from './blokkade.ts';
import type { Rol } from './sessie.ts';

// ---- accounts and sessions -------------------------------------------------------------------

export interface Account {
  id: number; gebruikersnaam: string; naam: string; rol: Rol; wachtwoordHash: string; totpGeheim: string;
  totpLaatsteStap: number; mislukt: number; geblokkeerdTot: Date | null; actief: boolean;
}

const ACCOUNT_KOLOMMEN = `id::int, gebruikersnaam, naam, rol, wachtwoord_hash as "wachtwoordHash", totp_geheim as "totpGeheim",
  totp_laatste_stap::float8 as "totpLaatsteStap", mislukte_pogingen as mislukt, geblokkeerd_tot as "geblokkeerdTot", actief`;

export async function insertAccount(q: Queryable, a: { gebruikersnaam: string; naam: string; rol: Rol; wachtwoordHash: string; totpGeheim: string }): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `insert into beheer_account (gebruikersnaam, naam, rol, wachtwoord_hash, totp_geheim) values ($1, $2, $3, $4, $5) returning id::int`,
    [a.gebruikersnaam, a.naam, a.rol, a.wachtwoordHash, a.totpGeheim]);
  return rows[0]!.id;
}

export async function findAccount(q: Queryable, gebruikersnaam: string): Promise<Account | null> {
  const { rows } = await q.query<Account>(`select ${ACCOUNT_KOLOMMEN} from beheer_account where gebruikersnaam = $1`, [gebruikersnaam]);
  return rows[0] ?? null;
}

/** The account row, locked for the rest of the transaction: two sign-ins at once count both failures. */
export async function lockAccount(tx: Queryable, gebruikersnaam: string): Promise<Account | null> {
  const { rows } = await tx.query<Account>(`select ${ACCOUNT_KOLOMMEN} from beheer_account where gebruikersnaam = $1 for update`, [gebruikersnaam]);
  return rows[0] ?? null;
}

export async function savePogingen(tx: Queryable, id: number, s: PogingStand): Promise<void> {
  await tx.query('update beheer_account set mislukte_pogingen = $2, geblokkeerd_tot = $3 where id = $1', [id, s.mislukt, s.geblokkeerdTot]);
}

export async function saveTotpStap(tx: Queryable, id: number, stap: number): Promise<void> {
  await tx.query('update beheer_account set totp_laatste_stap = $2 where id = $1', [id, stap]);
}

export async function updateAccountGeheimen(q: Queryable, gebruikersnaam: string, wachtwoordHash: string, totpGeheim: string): Promise<boolean> {
  const res = await q.query(
    `update beheer_account set wachtwoord_hash = $2, totp_geheim = $3, totp_laatste_stap = 0, mislukte_pogingen = 0, geblokkeerd_tot = null
      where gebruikersnaam = $1`, [gebruikersnaam, wachtwoordHash, totpGeheim]);
  return res.rowCount > 0;
}

export async function listAccounts(q: Queryable): Promise<Omit<Account, 'wachtwoordHash' | 'totpGeheim'>[]> {
  const { rows } = await q.query<Account>(`select ${ACCOUNT_KOLOMMEN} from beheer_account order by gebruikersnaam`);
  return rows.map(({ wachtwoordHash: _w, totpGeheim: _t, ...rest }) => rest);
}

export interface SessieRij { idHash: string; accountId: number; csrfGeheim: string; aangemaakt: Date; laatstGezien: Date; gebruikersnaam: string; naam: string; rol: Rol }

export async function insertSessie(q: Queryable, s: { idHash: string; accountId: number; csrfGeheim: string; nu: Date }): Promise<void> {
  await q.query('insert into beheer_sessie (id_hash, account_id, csrf_geheim, aangemaakt, laatst_gezien) values ($1, $2, $3, $4, $4)',
    [s.idHash, s.accountId, s.csrfGeheim, s.nu]);
}

/** A session of an active account, or null. */
export async function findSessie(q: Queryable, idHash: string): Promise<SessieRij | null> {
  const { rows } = await q.query<SessieRij>(
    `select s.id_hash as "idHash", s.account_id::int as "accountId", s.csrf_geheim as "csrfGeheim", s.aangemaakt, s.laatst_gezien as "laatstGezien",
            a.gebruikersnaam, a.naam, a.rol
       from beheer_sessie s join beheer_account a on a.id = s.account_id where s.id_hash = $1 and a.actief`, [idHash]);
  return rows[0] ?? null;
}

export async function touchSessie(q: Queryable, idHash: string, nu: Date): Promise<void> {
  await q.query('update beheer_sessie set laatst_gezien = $2 where id_hash = $1', [idHash, nu]);
}

export async function deleteSessie(q: Queryable, idHash: string): Promise<void> {
  await q.query('delete from beheer_sessie where id_hash = $1', [idHash]);
}

/** Sessions idle or old past their lifetime: removed at each sign-in, so the table stays small. */
export async function deleteVerlopenSessies(q: Queryable, idleVoor: Date, aangemaaktVoor: Date): Promise<void> {
  await q.query('delete from beheer_sessie where laatst_gezien < $1 or aangemaakt < $2', [idleVoor, aangemaaktVoor]);
}

/** The console's key for pre-sign-in CSRF tokens; kept in the database like the hub's other development secrets. */
export async function consoleSleutel(q: Queryable): Promise<string> {
  await q.query(`insert into hub_geheim (naam, waarde) values ('beheer-console', $1) on conflict (naam) do nothing`, [randomBytes(32).toString('hex')]);
  const { rows } = await q.query<{ waarde: string }>(`select waarde from hub_geheim where naam = 'beheer-console'`);
  return rows[0]!.waarde;
}

// ---- overzicht --------------------------------------------------------------------------------

/** Messages accepted per Amsterdam day and kind since `vanaf` (from the fact journal, one row per accepted message). */
export async function intakePerDag(q: Queryable, cyclus: number, vanaf: Date) {
  const { rows } = await q.query<{ dag: string; soort: string; aantal: number }>(
    `select to_char(tijdstip at time zone 'Europe/Amsterdam', 'YYYY-MM-DD') as dag, soort, count(*)::int as aantal
       from feit where cyclus = $1 and soort in ('mbo-ganger', 'aanmeldstatus') and tijdstip >= $2 group by 1, 2 order by 1, 2`, [cyclus, vanaf]);
  return rows;
}

/** Journal rows the distributor has not yet handled: how many, and since when (its lag). */
export async function verdelerAchterstand(q: Queryable) {
  const { rows } = await q.query<{ aantal: number; oudste: Date | null }>(
    `select count(*)::int as aantal, min(f.tijdstip) as oudste
       from feit f, distributie_stand s where s.id = 1 and (f.xid, f.id) > (s.xid, s.feit_id)`);
  return rows[0] ?? { aantal: 0, oudste: null };
}

/**
 * Per party with a webhook: backlog, dead letters, last success, the last error and whether it is
 * switched off. Backlog, dead letters and errors come from the partial indexes on waiting and dead
 * deliveries; only the last success reads the recipient's delivered rows.
 */
export async function ontvangers(q: Queryable) {
  const { rows } = await q.query<{ oin: string; naam: string; soort: string; url: string; actief: boolean; reden: string | null; wacht: number; dood: number; laatsteSucces: Date | null; laatsteFout: string | null; oudsteWacht: Date | null }>(
    `select w.oin, o.naam, o.soort, w.url, w.actief, w.reden,
            (select count(*)::int from aflevering a where a.ontvanger_oin = w.oin and a.status = 'wacht') as wacht,
            (select count(*)::int from aflevering a where a.ontvanger_oin = w.oin and a.status = 'dode-letter') as dood,
            (select max(a.afgeleverd) from aflevering a where a.ontvanger_oin = w.oin and a.status = 'afgeleverd') as "laatsteSucces",
            coalesce(
              (select a.laatste_fout from aflevering a where a.ontvanger_oin = w.oin and a.status = 'wacht' and a.laatste_fout is not null order by a.uitgaand_id desc limit 1),
              (select a.laatste_fout from aflevering a where a.ontvanger_oin = w.oin and a.status = 'dode-letter' and a.laatste_fout is not null order by a.uitgaand_id desc limit 1)) as "laatsteFout",
            (select min(a.aangemaakt) from aflevering a where a.ontvanger_oin = w.oin and a.status = 'wacht') as "oudsteWacht"
       from webhook w join organisatie o on o.oin = w.oin
      order by o.naam`);
  return rows;
}

/** The latest failed attempts of one recipient's undelivered events, with the answer received. */
export async function misluktePogingen(q: Queryable, oin: string, limit = 20) {
  const { rows } = await q.query<{ eventId: string; tijdstip: Date; httpStatus: number | null; fout: string | null; duurMs: number }>(
    `select p.event_id as "eventId", p.tijdstip, p.http_status as "httpStatus", p.fout, p.duur_ms as "duurMs"
       from aflevering a join afleverpoging p on p.event_id = a.event_id
      where a.ontvanger_oin = $1 and a.status <> 'afgeleverd' and p.klaar and p.fout is not null
      order by p.tijdstip desc, p.id desc limit $2`, [oin, limit]);
  return rows;
}

// ---- volledigheid -----------------------------------------------------------------------------

export interface Leverstand { brin: string; naam: string; rmcCode: string | null; rmcNaam: string | null; oin: string | null; aangesloten: boolean; token: boolean; webhook: boolean }

/** Active vo-schools with vmbo/pro (reference data; the 2 Feb reminder's population) without any mbo-ganger message this cycle, with their connection state. */
export async function voZonderLevering(q: Queryable, cyclus: number): Promise<Leverstand[]> {
  const { rows } = await q.query<Leverstand>(
    `select s.brin, s.naam, s.rmc_code as "rmcCode", r.naam as "rmcNaam", o.oin, coalesce(o.actief, false) as aangesloten,
            exists (select 1 from api_token t where t.oin = o.oin and t.ingetrokken is null) as token,
            exists (select 1 from webhook w where w.oin = o.oin and w.actief) as webhook
       from vo_school s left join rmc_regio r on r.code = s.rmc_code
       left join organisatie o on o.soort = 'vo-school' and o.brin = s.brin
      where s.actief and s.levert_mbo_gangers and not exists (select 1 from mbo_ganger m where m.brin_vo = s.brin and m.cyclus = $1)
      order by s.rmc_code nulls last, s.naam`, [cyclus]);
  return rows;
}

/** Active mbo-instellingen without any aanmeldstatus this cycle. */
export async function mboZonderLevering(q: Queryable, cyclus: number): Promise<Leverstand[]> {
  const { rows } = await q.query<Leverstand>(
    `select i.brin, i.naam, gr.rmc_code as "rmcCode", r.naam as "rmcNaam", o.oin, coalesce(o.actief, false) as aangesloten,
            exists (select 1 from api_token t where t.oin = o.oin and t.ingetrokken is null) as token,
            exists (select 1 from webhook w where w.oin = o.oin and w.actief) as webhook
       from mbo_instelling i left join gemeente_rmc gr on gr.gemeentecode = i.gemeentecode
       left join rmc_regio r on r.code = gr.rmc_code
       left join organisatie o on o.soort = 'mbo-instelling' and o.brin = i.brin
      where i.actief and not exists (select 1 from aanmelding a where a.brin_mbo = i.brin and a.cyclus = $1)
      order by gr.rmc_code nulls last, i.naam`, [cyclus]);
  return rows;
}

export async function aantalActief(q: Queryable): Promise<{ vo: number; mbo: number }> {
  const { rows } = await q.query<{ vo: number; mbo: number }>(
    'select (select count(*) from vo_school where actief and levert_mbo_gangers)::int as vo, (select count(*) from mbo_instelling where actief)::int as mbo');
  return rows[0]!;
}

// ---- organisaties -----------------------------------------------------------------------------

export async function tokensVan(q: Queryable, oin: string) {
  const { rows } = await q.query<{ id: string; label: string; gebruiker: string | null; aangemaakt: Date; ingetrokken: Date | null }>(
    'select id, label, gebruiker, aangemaakt, ingetrokken from api_token where oin = $1 order by aangemaakt desc', [oin]);
  return rows;
}

export async function trekTokenIn(q: Queryable, oin: string, id: string, nu: Date): Promise<boolean> {
  const res = await q.query('update api_token set ingetrokken = $3 where oin = $1 and id = $2 and ingetrokken is null', [oin, id, nu]);
  return res.rowCount > 0;
}

/** Gemeenten with a connection or a configured endpoint: where their signals go, and their RMC region. */
export async function gemeenteEindpunten(q: Queryable) {
  const { rows } = await q.query<{ code: string; naam: string; rmcCode: string | null; eigenOin: string | null; ingesteldOin: string | null; ingesteldNaam: string | null }>(
    `select g.code, g.naam, gr.rmc_code as "rmcCode", o.oin as "eigenOin", e.ontvanger_oin as "ingesteldOin", eo.naam as "ingesteldNaam"
       from gemeente g left join gemeente_rmc gr on gr.gemeentecode = g.code
       left join organisatie o on o.soort = 'gemeente' and o.gemeentecode = g.code and o.actief
       left join gemeente_eindpunt e on e.gemeentecode = g.code
       left join organisatie eo on eo.oin = e.ontvanger_oin
      where g.actief and (o.oin is not null or e.ontvanger_oin is not null) order by g.naam`);
  return rows;
}

// ---- audit ------------------------------------------------------------------------------------

export interface AuditZoek { actorOin?: string; gebruiker?: string; actie?: string; pgnPseudoniem?: string; van?: Date; tot?: Date; limit: number }

/** The audit search of the console: the API's filters plus action and operator. */
export async function zoekAudit(q: Queryable, s: AuditZoek): Promise<AuditRecord[]> {
  const { rows } = await q.query<AuditRecord>(
    `select seq::int, tijdstip, actor_oin as "actorOin", gebruiker, actie, resource, pgn_pseudoniem as "pgnPseudoniem", doel,
            trace_id as "traceId", uitkomst, vorige_hash as "vorigeHash", hash
       from audit_log
      where ($1::varchar is null or actor_oin = $1) and ($2::text is null or gebruiker = $2) and ($3::text is null or actie = $3)
        and ($4::char(64) is null or pgn_pseudoniem = $4) and ($5::timestamptz is null or tijdstip >= $5) and ($6::timestamptz is null or tijdstip < $6)
      order by seq desc limit $7`,
    [s.actorOin ?? null, s.gebruiker ?? null, s.actie ?? null, s.pgnPseudoniem ?? null, s.van ?? null, s.tot ?? null, s.limit]);
  return rows;
}

// ---- aflevering -------------------------------------------------------------------------------

/** Dead letters back to the queue, as `delivery/store.replay`, but telling how many letters went back. */
export async function replayDodeLetters(tx: Queryable, filter: { eventId?: string; ontvangerOin?: string }): Promise<number> {
  const res = await tx.query(
    `update aflevering set status = 'wacht', pogingen = 0, eerste_poging = null, volgende_poging = null, laatste_fout = null
      where status = 'dode-letter' and ($1::uuid is null or event_id = $1) and ($2::varchar is null or ontvanger_oin = $2)`,
    [filter.eventId ?? null, filter.ontvangerOin ?? null]);
  return res.rowCount;
}

// ---- beleidsinformatie ------------------------------------------------------------------------

export async function statistiekCycli(q: Queryable): Promise<number[]> {
  const { rows } = await q.query<{ cyclus: number }>('select distinct cyclus from statistiek order by cyclus');
  return rows.map((r) => r.cyclus);
}

/** Every frozen day of one indicator of one level and code over all cycles: the curve of a cycle against earlier ones. */
export async function verloop(q: Queryable, niveau: string, code: string, indicator: string) {
  const { rows } = await q.query<{ cyclus: number; dag: string; waarde: number | null; n: number }>(
    `select cyclus, to_char(dag, 'YYYY-MM-DD') as dag, waarde, n from statistiek
      where niveau = $1 and code = $2 and indicator = $3 order by cyclus, dag`, [niveau, code, indicator]);
  return rows;
}

/** The latest frozen day of each cycle for one level and code and the given indicators: the trend over the years. */
export async function perCyclus(q: Queryable, niveau: string, code: string, indicatoren: string[]) {
  const { rows } = await q.query<{ cyclus: number; indicator: string; waarde: number | null; n: number }>(
    `select s.cyclus, s.indicator, s.waarde, s.n from statistiek s
      where s.niveau = $1 and s.code = $2 and s.indicator = any($3::text[])
        and s.dag = (select max(t.dag) from statistiek t where t.cyclus = s.cyclus)
      order by s.cyclus, s.indicator`, [niveau, code, indicatoren]);
  return rows;
}

/** One indicator for every code of a level on the latest frozen day of a cycle, with the code's name. */
export async function perCode(q: Queryable, cyclus: number, niveau: string, indicator: string) {
  const { rows } = await q.query<{ code: string; naam: string; waarde: number | null; n: number }>(
    `select s.code, coalesce(r.naam, g.naam, m.naam, v.naam, s.code) as naam, s.waarde, s.n
       from statistiek s
       left join rmc_regio r on s.niveau = 'rmc' and r.code = s.code
       left join gemeente g on s.niveau = 'gemeente' and g.code = s.code
       left join mbo_instelling m on s.niveau = 'mbo-instelling' and m.brin = s.code
       left join vo_school v on s.niveau = 'vo-school' and v.brin = s.code
      where s.cyclus = $1 and s.niveau = $2 and s.indicator = $3
        and s.dag = (select max(t.dag) from statistiek t where t.cyclus = $1)
      order by s.waarde desc nulls last, s.code`, [cyclus, niveau, indicator]);
  return rows;
}

// ---- referentiegegevens -----------------------------------------------------------------------

export async function recenteImports(q: Queryable, limit = 20) {
  const { rows } = await q.query<{ soort: string; bestand: string; toegevoegd: number; gewijzigd: number; gedeactiveerd: number; tijdstip: Date }>(
    'select soort, bestand, toegevoegd, gewijzigd, gedeactiveerd, tijdstip from referentie_import order by id desc limit $1', [limit]);
  return rows;
}

/** Registrations per crebo over all institutions, on the latest frozen day of a cycle (from the per-institution cells). */
export async function perCrebo(q: Queryable, cyclus: number) {
  const { rows } = await q.query<{ code: string; waarde: number; n: number }>(
    `select substring(s.indicator from '^aanmeldingenCrebo(.*)$') as code, sum(s.waarde)::float8 as waarde, sum(s.n)::int as n
       from statistiek s
      where s.cyclus = $1 and s.niveau = 'mbo-instelling' and s.indicator like 'aanmeldingenCrebo%'
        and s.dag = (select max(t.dag) from statistiek t where t.cyclus = $1)
      group by 1 order by 2 desc, 1`, [cyclus]);
  return rows.map((r) => ({ ...r, naam: `crebo ${r.code}` }));
}

/** The hub's latest alerts to beheer (dead letters, disabled webhooks, silent schools), from the first beheer party's outbox. */
export async function beheerMeldingen(q: Queryable, limit = 10) {
  const { rows } = await q.query<{ type: string; tijd: Date; data: Record<string, unknown> }>(
    `select type, tijd, data from uitgaand_bericht
      where ontvanger_oin = (select min(oin) from organisatie where soort = 'beheer' and actief) and type like 'nl.vva.beheer.%'
      order by id desc limit $1`, [limit]);
  return rows;
}

export async function ontgrendel(q: Queryable, gebruikersnaam: string): Promise<boolean> {
  const res = await q.query('update beheer_account set mislukte_pogingen = 0, geblokkeerd_tot = null where gebruikersnaam = $1', [gebruikersnaam]);
  return res.rowCount > 0;
}

/** (De)activates an account; deactivation also ends its sessions at once. */
export async function zetActief(tx: Queryable, gebruikersnaam: string, actief: boolean): Promise<boolean> {
  const { rows } = await tx.query<{ id: number }>('update beheer_account set actief = $2 where gebruikersnaam = $1 returning id::int', [gebruikersnaam, actief]);
  if (!rows[0]) return false;
  if (!actief) await tx.query('delete from beheer_sessie where account_id = $1', [rows[0].id]);
  return true;
}
