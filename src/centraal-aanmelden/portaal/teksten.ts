import type { CaStatus } from '../aanmelding/regels.ts';
import type { Taal } from './layout.ts';

/** Every text of the student portal, in Dutch and English: one object per language, the same keys. */
const nl = {
  merk: 'Centraal Aanmelden mbo', sub: 'Aanmelden voor een mbo-opleiding', skip: 'Direct naar de inhoud', menu: 'Hoofdmenu',
  voet: 'open-vva · u ziet op "Wie zag mijn gegevens" wie uw gegevens gebruikte en waarom.',
  start: 'Mijn aanmeldingen', zoeken: 'Opleiding kiezen', inzage: 'Wie zag mijn gegevens', omgeving: 'Mijn omgeving verwijderen',
  uitloggen: 'Uitloggen', ingelogdAls: 'Ingelogd als',
  welkom: 'Meld u aan voor een mbo-opleiding. U logt in met DigiD; uw gegevens en uw vooropleiding halen wij bij DUO.',
  inloggen: 'Inloggen met DigiD', geenDigid: 'Inloggen met DigiD kan nu niet: het portaal is niet aan DigiD gekoppeld.',
  geenDigidToelichting: 'Geen DigiD? Vraag de instelling van uw keuze om een inlogcode.',
  metCode: 'Inloggen met een inlogcode', codeLabel: 'Inlogcode', codeUitleg: 'De code van 16 tekens die u van de instelling kreeg, bijvoorbeeld ABCD-EFGH-JKLM-NPQR.',
  codeOnjuist: 'Deze inlogcode is onbekend of verlopen. Vraag de instelling om een nieuwe.',
  uitgelogd: 'U bent uitgelogd.', verlopen: 'Uw sessie is verlopen. Log opnieuw in.', inlogMislukt: 'Inloggen is niet gelukt. Probeer het opnieuw.',
  geenAanmeldingen: 'U heeft nog geen aanmeldingen.', kiesOpleiding: 'Kies een opleiding',
  opleiding: 'Opleiding', instelling: 'Instelling', cohort: 'Start', status: 'Status', verloop: 'Verloop', acties: 'Acties',
  intrekken: 'Intrekken', aanmeldingIngetrokken: 'Uw aanmelding is ingetrokken.', aanmeldingVerstuurd: 'Uw aanmelding is verstuurd naar de instelling.',
  terugNaarInstelling: 'Terug naar de website van de instelling',
  zoekLabel: 'Naam, crebo of instelling', plaatsLabel: 'Plaats', zoekKnop: 'Zoeken', gevonden: 'Gevonden opleidingen', geenResultaat: 'geen opleidingen gevonden',
  leerweg: 'Leerweg', locatie: 'Locatie', aanmeldenVoor: 'Aanmelden', bekijk: 'Bekijken',
  aanmeldperiode: 'Aanmelden kan van', tot: 'tot en met', toegangscodeNodig: 'vraagt een toegangscode',
  returnGeweigerd: 'Deze link wil u na het aanmelden naar een website sturen die de instelling niet heeft opgegeven. Dat doen wij niet.',
  returnGeweigerdVerder: 'Verder zonder terugkeerlink',
  nietAangeboden: 'Deze opleiding wordt nu niet aangeboden.',
  formulier: 'Uw aanmelding', duoGegevens: 'Uw gegevens bij DUO', naam: 'Naam', geboortedatum: 'Geboortedatum', adres: 'Adres', vooropleiding: 'Vooropleiding',
  geenVooropleiding: 'geen bekend', adresGeheim: 'Uw adres is geheim. Dat gebruiken wij niet: vul een adres in dat u met de school wilt delen.',
  adresBuitenland: 'U woont in het buitenland. Controleer uw adres of vul het adres in dat u met de school wilt delen.',
  adresAnders: 'Ander adres opgeven (optioneel)', adresVerplicht: 'Adres om met de school te delen',
  woonland: 'Land (code van de RvIG, Nederland is 6030)', postcode: 'Postcode', huisnummer: 'Huisnummer', toevoeging: 'Toevoeging', regel: 'Adresregel',
  contact: 'Uw contactgegevens', email: 'E-mailadres', telefoon: 'Telefoonnummer (optioneel)',
  ouder: 'Ouder of verzorger', ouderVerplicht: 'U bent jonger dan 18: vul één ouder of verzorger in.', ouderOptioneel: 'U bent 18 of ouder: een ouder of verzorger opgeven mag, hoeft niet.',
  ouderNaam: 'Naam ouder of verzorger', ouderEmail: 'E-mailadres ouder of verzorger', ouderTelefoon: 'Telefoonnummer ouder of verzorger',
  toegangscode: 'Toegangscode', toegangscodeUitleg: 'Voor deze opleiding heeft u een toegangscode van de instelling nodig (numerus fixus).',
  naarControle: 'Verder naar controleren', controleren: 'Controleer uw aanmelding', versturen: 'Aanmelding versturen', wijzigen: 'Terug en wijzigen',
  klopt: 'Klopt alles? Na het versturen haalt de instelling uw aanmelding op.',
  intrekkenVraag: 'Weet u zeker dat u deze aanmelding wilt intrekken? Dit kunt u niet ongedaan maken.', intrekkenJa: 'Ja, aanmelding intrekken', annuleren: 'Nee, terug',
  omgevingUitleg: 'Als u uw omgeving verwijdert, verdwijnen uw gegevens en al uw aanmeldingen direct. Wat er met uw gegevens gebeurde, blijft zonder uw naam of BSN in het logboek staan.',
  omgevingJa: 'Ja, mijn omgeving en aanmeldingen verwijderen', omgevingWeg: 'Uw omgeving en aanmeldingen zijn verwijderd.',
  inzageUitleg: 'Hier ziet u wie uw gegevens inzag of veranderde, wanneer en waarvoor. U ziet alleen uw eigen gegevens.',
  wanneer: 'Wanneer', wie: 'Wie', wat: 'Wat', waarvoor: 'Waarvoor', geenInzage: 'nog niets vastgelegd',
  fout: 'Er ging iets mis', terug: 'Terug', verbeter: 'Verbeter de volgende punten:',
  ja: 'ja', nee: 'nee',
};
type Teksten = typeof nl;

const en: Teksten = {
  merk: 'Centraal Aanmelden mbo', sub: 'Apply for a vocational (mbo) programme', skip: 'Skip to content', menu: 'Main menu',
  voet: 'open-vva · "Who saw my data" shows who used your data and why.',
  start: 'My applications', zoeken: 'Choose a programme', inzage: 'Who saw my data', omgeving: 'Delete my account',
  uitloggen: 'Log out', ingelogdAls: 'Logged in as',
  welkom: 'Apply for an mbo programme. You log in with DigiD; we fetch your details and prior education from DUO.',
  inloggen: 'Log in with DigiD', geenDigid: 'Logging in with DigiD is not possible now: the portal is not connected to DigiD.',
  geenDigidToelichting: 'No DigiD? Ask the school of your choice for a login code.',
  metCode: 'Log in with a login code', codeLabel: 'Login code', codeUitleg: 'The 16-character code you received from the school, for example ABCD-EFGH-JKLM-NPQR.',
  codeOnjuist: 'This login code is unknown or has expired. Ask the school for a new one.',
  uitgelogd: 'You have logged out.', verlopen: 'Your session has expired. Please log in again.', inlogMislukt: 'Logging in failed. Please try again.',
  geenAanmeldingen: 'You have no applications yet.', kiesOpleiding: 'Choose a programme',
  opleiding: 'Programme', instelling: 'School', cohort: 'Start', status: 'Status', verloop: 'History', acties: 'Actions',
  intrekken: 'Withdraw', aanmeldingIngetrokken: 'Your application has been withdrawn.', aanmeldingVerstuurd: 'Your application has been sent to the school.',
  terugNaarInstelling: "Back to the school's website",
  zoekLabel: 'Name, crebo or school', plaatsLabel: 'Town', zoekKnop: 'Search', gevonden: 'Programmes found', geenResultaat: 'no programmes found',
  leerweg: 'Learning pathway', locatie: 'Location', aanmeldenVoor: 'Apply', bekijk: 'View',
  aanmeldperiode: 'Applications are open from', tot: 'until', toegangscodeNodig: 'requires an access code',
  returnGeweigerd: 'This link wants to send you, after applying, to a website the school has not registered. We do not do that.',
  returnGeweigerdVerder: 'Continue without the return link',
  nietAangeboden: 'This programme is not offered at the moment.',
  formulier: 'Your application', duoGegevens: 'Your details at DUO', naam: 'Name', geboortedatum: 'Date of birth', adres: 'Address', vooropleiding: 'Prior education',
  geenVooropleiding: 'none known', adresGeheim: 'Your address is confidential. We do not use it: enter an address you want to share with the school.',
  adresBuitenland: 'You live abroad. Check your address or enter the address you want to share with the school.',
  adresAnders: 'Give another address (optional)', adresVerplicht: 'Address to share with the school',
  woonland: 'Country (RvIG code, the Netherlands is 6030)', postcode: 'Postcode', huisnummer: 'House number', toevoeging: 'Addition', regel: 'Address line',
  contact: 'Your contact details', email: 'Email address', telefoon: 'Phone number (optional)',
  ouder: 'Parent or guardian', ouderVerplicht: 'You are under 18: enter one parent or guardian.', ouderOptioneel: 'You are 18 or older: a parent or guardian is optional.',
  ouderNaam: 'Name of parent or guardian', ouderEmail: 'Email address of parent or guardian', ouderTelefoon: 'Phone number of parent or guardian',
  toegangscode: 'Access code', toegangscodeUitleg: 'This programme needs an access code from the school (numerus fixus).',
  naarControle: 'Continue to check', controleren: 'Check your application', versturen: 'Send application', wijzigen: 'Back and change',
  klopt: 'Is everything correct? After sending, the school fetches your application.',
  intrekkenVraag: 'Are you sure you want to withdraw this application? This cannot be undone.', intrekkenJa: 'Yes, withdraw application', annuleren: 'No, go back',
  omgevingUitleg: 'If you delete your account, your details and all your applications are gone at once. What happened to your data stays in the log, without your name or BSN.',
  omgevingJa: 'Yes, delete my account and applications', omgevingWeg: 'Your account and applications have been deleted.',
  inzageUitleg: 'Here you see who viewed or changed your data, when and for what purpose. You only see your own data.',
  wanneer: 'When', wie: 'Who', wat: 'What', waarvoor: 'Purpose', geenInzage: 'nothing recorded yet',
  fout: 'Something went wrong', terug: 'Back', verbeter: 'Please correct the following:',
  ja: 'yes', nee: 'no',
};

export const TEKSTEN: Record<Taal, Teksten> = { nl, en };
export type { Teksten };

/** A status in words a student understands (spec §4.2's codes). */
export const STATUSNAAM: Record<Taal, Record<CaStatus, string>> = {
  nl: { INGEDIEND: 'Verstuurd', AO: 'Ontvangen door de instelling', OA: 'Aanbod gedaan', LI: 'Ingeschreven', LNI: 'Afgewezen', AI: 'Ingetrokken' },
  en: { INGEDIEND: 'Sent', AO: 'Received by the school', OA: 'Offer made', LI: 'Enrolled', LNI: 'Not admitted', AI: 'Withdrawn' },
};

/** Dates and times in the page's language, Amsterdam time. */
export function tijd(taal: Taal, d: Date): string {
  return new Intl.DateTimeFormat(taal === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam', dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function datum(taal: Taal, iso: string): string {
  return new Intl.DateTimeFormat(taal === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${iso}T12:00:00Z`));
}
