import type { AuditRecord } from '../../audit/chain.ts';
import { VERWERKINGSACTIVITEITEN } from '../../audit/verwerkingsactiviteiten.ts';
import { CA_STATUSSEN, type CaStatus } from '../aanmelding/regels.ts';
import type { Taal } from './layout.ts';
import { STATUSNAAM } from './teksten.ts';

/** One line of the student's inzage: who, what, when and why, in plain words. */
export interface InzageRegel {
  tijdstip: Date;
  wie: string;
  wat: string;
  waarvoor: string;
}

export interface InzageContext {
  taal: Taal;
  /** The hub's own OIN: what it does is "Centraal Aanmelden" (or the automatic processing). */
  hubOin: string;
  organisaties: ReadonlyMap<string, string>;
  /** caKetenId → the instelling's name, for the lines about a registration. */
  instellingVan: ReadonlyMap<string, string>;
}

type Zin = (o: { org: string; instelling: string; uitkomst: string; status: string }) => string;

/** The actions of the audit log (spec §13) that concern a student, in words; unknown ones fall back to their code. */
const ZINNEN: Record<string, Record<Taal, Zin>> = {
  'ca-omgeving-aangemaakt': { nl: () => 'U logde voor het eerst in; uw omgeving werd aangemaakt', en: () => 'You logged in for the first time; your account was created' },
  'ca-omgeving-geopend': { nl: () => 'U logde in en opende uw omgeving', en: () => 'You logged in and opened your account' },
  'ca-omgeving-verwijderd': { nl: () => 'Uw omgeving werd verwijderd', en: () => 'Your account was deleted' },
  'duo-gegevens-opgevraagd': { nl: () => 'Uw persoons- en vooropleidingsgegevens werden bij DUO opgevraagd', en: () => 'Your personal details and prior education were requested from DUO' },
  'ca-aanmelding-ingediend': { nl: (o) => `Uw aanmelding bij ${o.instelling} werd verstuurd`, en: (o) => `Your application to ${o.instelling} was sent` },
  'ca-aanmelding-ingezien': { nl: () => 'Uw aanmeldingen werden aan u getoond', en: () => 'Your applications were shown to you' },
  'ca-aanmelding-opgehaald': { nl: (o) => `Het studentadministratiesysteem van ${o.org} haalde uw aanmelding op`, en: (o) => `The student administration system of ${o.org} fetched your application` },
  'ca-aanmelding-bevestigd': { nl: (o) => `${o.org} bevestigde dat uw aanmelding is ontvangen`, en: (o) => `${o.org} confirmed that your application was received` },
  'ca-sis-foutmelding': { nl: (o) => `${o.org} meldde een probleem bij het verwerken van uw aanmelding`, en: (o) => `${o.org} reported a problem processing your application` },
  'ca-aanmelding-opnieuw-klaargezet': { nl: (o) => `${o.org} zette uw aanmelding opnieuw klaar voor de instelling`, en: (o) => `${o.org} queued your application for the school again` },
  'ca-status-bijgewerkt': { nl: (o) => `${o.instelling} gaf een nieuwe status door: ${o.status}`, en: (o) => `${o.instelling} reported a new status: ${o.status}` },
  'ca-aanmelding-ingetrokken': { nl: (o) => `U trok uw aanmelding bij ${o.instelling} in`, en: (o) => `You withdrew your application to ${o.instelling}` },
  'ca-aanmelding-intrekken': { nl: () => 'U probeerde een aanmelding in te trekken; dat kon niet meer', en: () => 'You tried to withdraw an application; that was no longer possible' },
  'ca-inlogcode-uitgegeven': { nl: (o) => `${o.org} gaf u een inlogcode om zonder DigiD in te loggen`, en: (o) => `${o.org} gave you a code to log in without DigiD` },
  'ca-inlog-met-code': { nl: () => 'U logde in met een inlogcode', en: () => 'You logged in with a login code' },
  'ca-taal-gekozen': { nl: () => 'U koos de taal van het portaal', en: () => 'You chose the language of the portal' },
  'ca-aanmelding-verwijderd': { nl: () => 'Een aanmelding van u werd verwijderd', en: () => 'One of your applications was deleted' },
  'ca-sis-stand-ingezien': { nl: (o) => `${o.org} bekeek of het SIS uw aanmelding had opgehaald`, en: (o) => `${o.org} checked whether the SIS had fetched your application` },
  'ca-aanmelding-toegewezen': { nl: () => 'Uw aanmelding werd aan het koppelpunt van de instelling gegeven', en: () => "Your application was assigned to the school's connection point" },
  'ca-bewaartermijn-waarschuwing': { nl: () => 'U kreeg bericht dat uw omgeving binnenkort wordt verwijderd', en: () => 'You were told your account will soon be deleted' },
  'ca-inzage-bekeken': { nl: () => 'U bekeek wie uw gegevens zag', en: () => 'You looked at who saw your data' },
  'mbo-gangerbericht-ontvangen': { nl: (o) => `${o.org} meldde dat u mogelijk naar het mbo gaat`, en: (o) => `${o.org} reported that you may go to mbo` },
  'aanmeldstatusbericht-ontvangen': { nl: (o) => `${o.org} gaf de status van uw aanmelding door`, en: (o) => `${o.org} reported the status of your application` },
  'audit-gezocht-op-pgn': { nl: () => 'Beheer zocht met een vastgelegde reden in het logboek naar uw gegevens', en: () => 'Operations searched the log for your data, with a recorded reason' },
};

const ENGELSE_DOELEN: Record<string, string> = {
  'centraal-aanmelden': 'Central mbo application (applying, and passing it on to the school)',
  'vva-uitwisseling': 'Keeping pupils moving from secondary school to mbo in view',
  'vva-levering': 'Telling the previous school and the region where a pupil stands',
  'vva-signalering': 'Signalling pupils without a registration to their municipality',
  'beheer': 'Operating the service',
  'bewaartermijn': 'Deleting data when its retention period is over',
};

/** The purpose in words: the processing activity's name (spec §13's `doel`, the part before a colon). */
export function doelTekst(doel: string, taal: Taal): string {
  const id = doel.split(':')[0]!.trim();
  if (taal === 'en' && ENGELSE_DOELEN[id]) return ENGELSE_DOELEN[id];
  return VERWERKINGSACTIVITEITEN.find((v) => v.id === id)?.naam ?? id;
}

/** Who acted: the organisation's name; the hub itself is Centraal Aanmelden or its automatic processing. */
function wieTekst(r: AuditRecord, c: InzageContext): string {
  if (r.actorOin === null) return c.taal === 'nl' ? 'open-vva (automatische verwerking)' : 'open-vva (automatic processing)';
  if (r.actorOin === c.hubOin) return r.gebruiker ? (c.taal === 'nl' ? 'Beheer van open-vva' : 'open-vva operations') : 'Centraal Aanmelden';
  return c.organisaties.get(r.actorOin) ?? r.actorOin;
}

/** One audit record about the student as a line of the inzage. */
export function inzageRegel(r: AuditRecord, c: InzageContext): InzageRegel {
  const caKetenId = r.resource.startsWith('ca-aanmelding/') ? r.resource.slice('ca-aanmelding/'.length) : '';
  const onbekend = c.taal === 'nl' ? 'de instelling' : 'the school';
  const status = (CA_STATUSSEN as readonly string[]).includes(r.uitkomst) ? STATUSNAAM[c.taal][r.uitkomst as CaStatus] : r.uitkomst;
  const wie = wieTekst(r, c);
  const zin = ZINNEN[r.actie]?.[c.taal];
  const wat = zin ? zin({ org: wie, instelling: c.instellingVan.get(caKetenId) ?? onbekend, uitkomst: r.uitkomst, status }) : r.actie;
  return { tijdstip: r.tijdstip, wie, wat: r.uitkomst === 'geweigerd' && r.actie !== 'ca-aanmelding-intrekken' ? `${wat} (${c.taal === 'nl' ? 'geweigerd' : 'refused'})` : wat, waarvoor: doelTekst(r.doel, c.taal) };
}

/** A registration's status over time, from its audit records (submitted, each status from the school, withdrawn). */
export function statusVerloop(records: readonly AuditRecord[], caKetenId: string): { tijdstip: Date; status: CaStatus }[] {
  const resource = `ca-aanmelding/${caKetenId}`;
  return records
    .filter((r) => r.resource === resource && ['ca-aanmelding-ingediend', 'ca-status-bijgewerkt', 'ca-aanmelding-ingetrokken'].includes(r.actie))
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({ tijdstip: r.tijdstip, status: (r.actie === 'ca-aanmelding-ingediend' ? 'INGEDIEND' : r.actie === 'ca-aanmelding-ingetrokken' ? 'AI' : r.uitkomst) as CaStatus }));
}
