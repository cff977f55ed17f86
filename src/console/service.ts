import type { AppContext } from '../app/context.ts';
import type { AuditEntry } from '../audit/audit-log.ts';
import { MIJLPALEN, middernacht, type Mijlpaal } from '../calendar/calendar.ts';
import { cycleOf } from '../calendar/cycle.ts';
import * as delivery from '../delivery/store.ts';
import * as identityStore from '../identity/store.ts';
import { claims } from '../koppelpunt-vo/service.ts';
import { verslagen } from '../purge/controle.ts';
import { findGemeente } from '../reference-data/store.ts';
import { amsterdamDate } from '../shared/clock.ts';
import { VvaError } from '../shared/errors.ts';
import * as signals from '../signals/store.ts';
import type { Beheersessie } from './plugin.ts';
import * as store from './store.ts';

/** Who acts: the hub's operator organisation and the person signed in (spec §13: user for beheer). */
export const door = (ctx: AppContext, b: Beheersessie, traceId: string, e: Omit<AuditEntry, 'actorOin' | 'gebruiker' | 'traceId' | 'doel'> & { doel?: string }): AuditEntry =>
  ({ actorOin: ctx.config.hubOin, gebruiker: b.gebruikersnaam, traceId, doel: 'beheer', ...e });

const DAG_MS = 86_400_000;

/** Everything the Overzicht shows, in one call. */
export async function overzicht(ctx: AppContext) {
  const nu = ctx.clock.now();
  const cyclus = cycleOf(nu);
  const [kalender, intake, verdeler, ontvangers, alerts, orgs, voStil, mboStil, claimLijst, opschoning] = await Promise.all([
    ctx.calendar.overzicht(cyclus),
    store.intakePerDag(ctx.db, cyclus, new Date(nu.getTime() - 14 * DAG_MS)),
    store.verdelerAchterstand(ctx.db),
    store.ontvangers(ctx.db),
    store.beheerMeldingen(ctx.db),
    identityStore.listOrganisaties(ctx.db),
    store.voZonderLevering(ctx.db, cyclus),
    store.mboZonderLevering(ctx.db, cyclus),
    claims(ctx, cyclus),
    verslagen(ctx.db),
  ]);
  const namen = new Map(orgs.map((x) => [x.oin, x.naam]));
  const volgende = kalender.find((m) => !m.voltooid && middernacht(m.datum).getTime() > nu.getTime()) ?? null;
  const achterstallig = kalender.filter((m) => !m.voltooid && middernacht(m.datum).getTime() <= nu.getTime());
  const falend = ontvangers.filter((o) => !o.actief || o.dood > 0 || o.laatsteFout !== null);
  const wacht = ontvangers.reduce((n, o) => n + o.wacht, 0);
  const dood = ontvangers.reduce((n, o) => n + o.dood, 0);
  const meldingen: string[] = [
    ...ontvangers.filter((o) => !o.actief).map((o) => `Eindpunt van ${o.naam} is uitgeschakeld${o.reden ? `: ${o.reden}` : ''}.`),
    ...(dood > 0 ? [`${dood} dode letter(s) wachten op opnieuw afleveren.`] : []),
    ...achterstallig.map((m) => `Mijlpaal ${m.mijlpaal} (${m.datum}) is verstreken maar nog niet uitgevoerd.`),
    // Issue 13.7: a school that reports many pupils another school reported first may be fishing for them.
    ...claimLijst.scholen.filter((x) => x.opvallend).map((x) => `Vo-school ${x.brinVo} meldde ${x.claims} leerlingen die een andere school eerder meldde (van ${x.gemeld} meldingen): vraag de school waarom.`),
    ...opschoning.filter((v) => !(JSON.parse(v.tekst) as { schoon: boolean }).schoon).map((v) => `Het opschoonverslag van cyclus ${v.cyclus} vond nog persoonsgegevens van die cyclus: zie Auditlog.`),
    ...(verdeler.oudste && nu.getTime() - verdeler.oudste.getTime() > 5 * 60_000 ? [`De signaalverdeler loopt ${Math.round((nu.getTime() - verdeler.oudste.getTime()) / 60_000)} minuten achter.`] : []),
  ];
  return {
    nu, cyclus, volgende, dagenTot: volgende ? Math.ceil((middernacht(volgende.datum).getTime() - nu.getTime()) / DAG_MS) : null,
    intake, verdeler: { ...verdeler, achterSeconden: verdeler.oudste ? Math.max(0, Math.round((nu.getTime() - verdeler.oudste.getTime()) / 1000)) : 0 },
    zonderLevering: { vo: voStil.length, mbo: mboStil.length },
    wacht, dood, falend, meldingen, alerts: alerts.map((a) => ({ tijd: a.tijd, tekst: alertTekst(a.type, a.data, namen) })),
  };
}

/** The hub's alert events to beheer, in words. */
export function alertTekst(type: string, d: Record<string, unknown>, namen: ReadonlyMap<string, string> = new Map()): string {
  const aantal = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const wie = (oin: unknown) => (namen.get(String(oin)) ? `${namen.get(String(oin))} (${oin})` : String(oin));
  switch (type) {
    case 'nl.vva.beheer.dode-letter.v1': return `Dode letter voor ${wie(d.ontvangerOin)} na ${d.pogingen} pogingen (${d.laatsteFout}).`;
    case 'nl.vva.beheer.webhook-uitgeschakeld.v1': return `Webhook van ${wie(d.ontvangerOin)} uitgeschakeld: ${d.reden}.`;
    case 'nl.vva.beheer.scholen-zonder-levering.v1': return `${aantal(d.brins)} vo-school/scholen leverden niets vóór de leverdatum (cyclus ${d.cyclus}).`;
    case 'nl.vva.beheer.instellingen-zonder-uitwisseling.v1': return `${aantal(d.brins)} mbo-instelling(en) wisselden niets uit vóór de aanmelddatum (cyclus ${d.cyclus}).`;
    default: return type;
  }
}

export async function afleveringen(ctx: AppContext, ontvangerOin?: string) {
  const ontvangers = await store.ontvangers(ctx.db);
  const gekozen = ontvangerOin ? ontvangers.find((o) => o.oin === ontvangerOin) ?? null : null;
  const [dodeLetters, pogingen] = await Promise.all([
    delivery.listDeliveries(ctx.db, { status: 'dode-letter', ontvangerOin: gekozen?.oin, limit: 200 }),
    gekozen ? store.misluktePogingen(ctx.db, gekozen.oin) : Promise.resolve([]),
  ]);
  return { ontvangers, gekozen, dodeLetters, pogingen };
}

/** Dead letters back to the queue (one, all of a recipient, or all); audited with the person. */
export async function opnieuwAfleveren(ctx: AppContext, b: Beheersessie, traceId: string, filter: { eventId?: string; ontvangerOin?: string }): Promise<number> {
  const n = await ctx.db.transaction(async (tx) => {
    const aantal = await store.replayDodeLetters(tx, filter);
    const resource = filter.eventId ? `aflevering/${filter.eventId}` : filter.ontvangerOin ? `ontvanger/${filter.ontvangerOin}` : 'afleveringen';
    await ctx.audit.append(tx, [door(ctx, b, traceId, { actie: 'aflevering-opnieuw', resource, uitkomst: `${aantal} opnieuw` })]);
    return aantal;
  });
  await ctx.onFeiten();
  ctx.onUitgaand();
  return n;
}

export async function organisaties(ctx: AppContext, oin?: string) {
  const [lijst, mandaten, eindpunten] = await Promise.all([identityStore.listOrganisaties(ctx.db), identityStore.listMandaten(ctx.db), store.gemeenteEindpunten(ctx.db)]);
  const gekozen = oin ? lijst.find((o) => o.oin === oin) ?? null : null;
  return { lijst, mandaten, eindpunten, gekozen, tokens: gekozen ? await store.tokensVan(ctx.db, gekozen.oin) : [] };
}

/** A token for an organisation, shown once, issued as `vva token issue` and the API do (identity/service). */
export async function tokenUitgeven(ctx: AppContext, b: Beheersessie, traceId: string, oin: string, label: string): Promise<string> {
  const org = await identityStore.findOrganisatie(ctx.db, oin);
  if (!org) throw VvaError.notFound(`Geen organisatie met OIN ${oin}.`);
  const { token } = await ctx.identity.issueToken(oin, { label, gebruiker: org.soort === 'beheer' ? b.gebruikersnaam : null },
    { oin: ctx.config.hubOin, gebruiker: b.gebruikersnaam, traceId });
  await ctx.onFeiten();
  return token;
}

export async function tokenIntrekken(ctx: AppContext, b: Beheersessie, traceId: string, oin: string, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await store.trekTokenIn(tx, oin, id, ctx.clock.now()))) throw VvaError.notFound('Dit token bestaat niet of is al ingetrokken.');
    await ctx.audit.append(tx, [door(ctx, b, traceId, { actie: 'token-ingetrokken', resource: `organisatie/${oin}/tokens/${id}`, uitkomst: 'ok' })]);
  });
  await ctx.onFeiten();
}

/** Spec §2: a gemeente's signals go to its own connection or a shared one (an RMC region's). */
export async function eindpuntWijzigen(ctx: AppContext, b: Beheersessie, traceId: string, gemeentecode: string, ontvangerOin: string): Promise<void> {
  if (!/^[0-9]{4}$/.test(gemeentecode) || !(await findGemeente(ctx.db, gemeentecode))) throw VvaError.invalid([{ name: 'gemeentecode', reason: 'onbekende gemeente' }]);
  const org = await identityStore.findOrganisatie(ctx.db, ontvangerOin);
  const geldig = org?.actief && ((org.soort === 'gemeente' && org.gemeentecode === gemeentecode) || org.soort === 'rmc-regio');
  if (!geldig) throw VvaError.invalid([{ name: 'ontvangerOin', reason: 'kies de eigen aansluiting van de gemeente of een RMC-regio (actieve organisatie)' }]);
  await ctx.db.transaction(async (tx) => {
    const vorige = await signals.configuredEindpunt(tx, gemeentecode);
    await signals.setEindpunt(tx, gemeentecode, ontvangerOin, ctx.clock.now());
    await ctx.audit.append(tx, [door(ctx, b, traceId, { actie: 'gemeente-eindpunt-ingesteld', resource: `gemeenten/${gemeentecode}/eindpunt`, uitkomst: `${vorige ?? 'eigen'} → ${ontvangerOin}` })]);
  });
  await ctx.onFeiten();
}

export async function volledigheid(ctx: AppContext) {
  const cyclus = cycleOf(ctx.clock.now());
  const [vo, mbo, totaal, kalender] = await Promise.all([store.voZonderLevering(ctx.db, cyclus), store.mboZonderLevering(ctx.db, cyclus), store.aantalActief(ctx.db), ctx.calendar.kalender(cyclus)]);
  return { cyclus, vo, mbo, totaal, leverdatum: `${cyclus}-02-01`, aanmelddatum: kalender.aanmelddatum };
}

/** The calendar change that beheer confirmed; the rules (not passed, in order) are the calendar's own. */
export async function kalenderWijzigen(ctx: AppContext, b: Beheersessie, traceId: string, cyclus: number, wijzigingen: Partial<Record<Mijlpaal, string>>): Promise<void> {
  const voor = await ctx.calendar.kalender(cyclus);
  await ctx.calendar.wijzig(cyclus, wijzigingen, ctx.config.hubOin);
  const verschil = (Object.entries(wijzigingen) as [Mijlpaal, string][]).filter(([m, d]) => voor[m] !== d).map(([m, d]) => `${m}: ${voor[m]} → ${d}`);
  await ctx.audit.record([door(ctx, b, traceId, { actie: 'kalender-gewijzigd', resource: `kalender/${cyclus}`, uitkomst: verschil.join('; ') || 'geen wijziging' })]);
}

export const isMijlpaal = (m: string): m is Mijlpaal => (MIJLPALEN as readonly string[]).includes(m);
export const vandaag = (ctx: AppContext) => amsterdamDate(ctx.clock.now());

const leegWordtWeg = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k, v]) => k !== '_csrf' && !(typeof v === 'string' && v.trim() === '')));

/**
 * New organisation and new mandate through the identity service (its rules: a school must be in the
 * reference data, a mandate comes from a school, institution or gemeente). The service's own audit
 * record names the hub; this one adds the operator.
 */
export async function organisatieToevoegen(ctx: AppContext, b: Beheersessie, traceId: string, invoer: Record<string, unknown>) {
  const org = await ctx.identity.addOrganisation(leegWordtWeg(invoer), ctx.config.hubOin);
  await ctx.audit.record([door(ctx, b, traceId, { actie: 'organisatie-aangemaakt', resource: `organisatie/${org.oin}`, uitkomst: org.soort })]);
  return org;
}

export async function mandaatToevoegen(ctx: AppContext, b: Beheersessie, traceId: string, invoer: Record<string, unknown>) {
  const m = await ctx.identity.addMandate(leegWordtWeg(invoer), ctx.config.hubOin);
  await ctx.audit.record([door(ctx, b, traceId, { actie: 'mandaat-vastgelegd', resource: `mandaat/${m.id}`, uitkomst: `${m.leverancierOin} → ${m.schoolOin}` })]);
  return m;
}
