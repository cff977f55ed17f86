import type { Taal } from '../portaal/layout.ts';

/**
 * English for the administrators' pages. The Dutch text is the key (as a gettext msgid), so a page
 * reads as it renders in Dutch; `{0}`, `{1}` are filled in. A text without an entry stays Dutch; the
 * services' problem texts these pages can show have entries too.
 */
const EN: Record<string, string> = {
  'Overzicht': 'Overview', 'Catalogus en whitelist': 'Catalogue and whitelist', 'Deeplinks en domeinen': 'Deeplinks and domains', 'Koppelpunten': 'Connection points',
  'Aanmeldingen en SIS': 'Applications and SIS', 'Berichten aan het SIS': 'Messages to the SIS', 'Meervoudige aanmeldingen': 'Multiple applications', 'Inlogcodes': 'Login codes', 'Beheerders': 'Administrators',
  'Centraal Aanmelden — instelling': 'Centraal Aanmelden — school', 'Beheer van uw deel van Centraal Aanmelden mbo': 'Managing your part of Centraal Aanmelden mbo',
  'Direct naar de inhoud': 'Skip to content', 'Hoofdmenu': 'Main menu', 'Uitloggen': 'Log out', 'Inloggen': 'Log in',
  "open-vva · elke handeling op deze pagina's staat met uw naam in de auditlog.": 'open-vva · every action on these pages is in the audit log with your name.',
  'Log in met uw persoonlijke beheerdersaccount van de instelling: wachtwoord en de zescijferige code uit uw authenticator-app.': "Log in with your personal administrator account of the school: password and the six-digit code from your authenticator app.",
  'Gebruikersnaam': 'Username', 'Wachtwoord': 'Password', 'Code uit de authenticator-app': 'Code from the authenticator app', 'Zes cijfers; de code wisselt elke 30 seconden.': 'Six digits; the code changes every 30 seconds.',
  'Gebruikersnaam, wachtwoord of code klopt niet.': 'Username, password or code is not correct.', 'Te veel mislukte pogingen: dit account is 15 minuten geblokkeerd.': 'Too many failed attempts: this account is locked for 15 minutes.',
  'U bent uitgelogd.': 'You have logged out.', 'Uw sessie is verlopen. Log opnieuw in.': 'Your session has expired. Please log in again.',
  'U beheert Centraal Aanmelden voor {0} (BRIN {1}).': 'You manage Centraal Aanmelden for {0} (BRIN {1}).',
  'Met een whitelist ziet een student alleen de aangevinkte opleidingen. Een import van de catalogus verandert deze keuze niet.': 'With a whitelist a student sees only the checked programmes. An import of the catalogue does not change this choice.',
  'Whitelist gebruiken': 'Use a whitelist', 'Opleidingen van de instelling': "The school's programmes", 'Op de whitelist': 'On the whitelist', 'Opleiding': 'Programme', 'Locatie': 'Location', 'Cohorten': 'Cohorts',
  '{0} ({1}) op de whitelist': '{0} ({1}) on the whitelist', 'Whitelist opslaan': 'Save whitelist', 'Toegangscode (numerus fixus)': 'Access code (numerus fixus)', 'Opleiding en cohort': 'Programme and cohort',
  'Toegangscode (leeg: geen)': 'Access code (empty: none)', 'Toegangscode opslaan': 'Save access code', ' (toegangscode)': ' (access code)',
  'De whitelist staat aan met {0} opleiding(en).': 'The whitelist is on with {0} programme(s).', 'De whitelist staat uit: alle opleidingen zijn zichtbaar.': 'The whitelist is off: all programmes are visible.',
  'Cohort {0} vraagt nu een toegangscode.': 'Cohort {0} now requires an access code.', 'Cohort {0} vraagt geen toegangscode meer.': 'Cohort {0} no longer requires an access code.',
  'Toegestane domeinen': 'Allowed domains', 'Een deeplink stuurt de student na het aanmelden alleen terug naar een https-adres op deze domeinen (of een subdomein ervan).': 'After applying, a deeplink sends the student back only to an https address on these domains (or a subdomain).',
  "Domeinen, gescheiden door komma's of spaties": 'Domains, separated by commas or spaces', 'Bijvoorbeeld roc.nl — zonder https:// of pad.': 'For example roc.nl — without https:// or a path.', 'Domeinen opslaan': 'Save domains',
  'Deeplink maken': 'Make a deeplink', 'Terugkeerlink (optioneel)': 'Return link (optional)', 'Deeplink': 'Deeplink', ' — de terugkeerlink wordt gevolgd.': ' — the return link is honoured.',
  ' — de terugkeerlink valt buiten uw toegestane domeinen en wordt niet gevolgd.': ' — the return link is outside your allowed domains and is not honoured.', 'Toegestane domeinen: {0}.': 'Allowed domains: {0}.', 'geen': 'none',
  'Het SIS haalt aanmeldingen op bij een koppelpunt, met de koppelpuntcode (hoofdlettergevoelig). Een koppelpunt zonder onderwijsaanbieders neemt alle aanbieders die geen ander koppelpunt noemt.': 'The SIS fetches applications at a connection point, by its code (case-sensitive). A connection point without providers takes every provider no other connection point names.',
  'Koppelpunten van de instelling': "The school's connection points", 'Koppelpuntcode': 'Connection point code', 'Onderwijsaanbieders': 'Providers', 'Actief': 'Active', 'Ophaaladres voor het SIS': 'Fetch address for the SIS',
  'alle overige': 'all others', 'ja': 'yes', 'nee': 'no', 'Koppelpunt vastleggen': 'Set up a connection point', "Onderwijsaanbieders (codes, gescheiden door komma's; leeg: alle overige)": 'Providers (codes, separated by commas; empty: all others)',
  'Koppelpunt opslaan': 'Save connection point', 'Koppelpunt {0} is opgeslagen.': 'Connection point {0} has been saved.',
  'Aanmeldingen': 'Applications', 'Waarvan één van meerdere van dezelfde student': 'Of which one of several by the same student', 'Waarvan de student ook elders aangemeld is': 'Of which the student also applied elsewhere',
  'Aanmeldingen bij uw instelling per instroomjaar, en hoeveel daarvan één van meerdere aanmeldingen van dezelfde student zijn (bij uw of een andere instelling). Alleen aantallen, nooit per student; minder dan 5 staat als <5.': 'Applications to your school per intake year, and how many of them are one of several applications by the same student (at your or another school). Counts only, never per student; fewer than 5 is shown as <5.',
  'Instroomjaar {0}': 'Intake year {0}', 'Instelling, instroomjaar {0}': 'School, intake year {0}', 'Per opleiding, instroomjaar {0}': 'Per programme, intake year {0}', 'Nog geen aanmeldingen.': 'No applications yet.',
    'Alle': 'All', 'Niet opgehaald': 'Not fetched', 'Heeft foutmeldingen': 'Has errors', 'Koppelpunt': 'Connection point', 'Toon': 'Show', 'Filteren': 'Filter',
  'Uw instelling heeft nog geen actief koppelpunt.': 'Your school has no active connection point yet.', 'Aanmeldingen bij koppelpunt {0} ({1})': 'Applications at connection point {0} ({1})',
  'Opnieuw klaarzetten': 'Queue again', 'AanmeldingId': 'Application id', 'Ingediend': 'Submitted', 'Stand': 'State', 'Foutmeldingen': 'Errors', 'geen aanmeldingen': 'no applications',
  'Aanmelding {0} opnieuw klaarzetten': 'Queue application {0} again', 'Gekozen aanmeldingen opnieuw klaarzetten': 'Queue the chosen applications again', '{0} aanmelding(en) opnieuw klaargezet voor het SIS.': '{0} application(s) queued again for the SIS.',
  'De laatste 200 berichten die voor uw SIS klaarstonden: wanneer klaargezet, opgehaald en bevestigd.': 'The last 200 messages queued for your SIS: when queued, fetched and acknowledged.',
  'Bericht': 'Message', 'Soort': 'Kind', 'Klaargezet': 'Queued', 'Opgehaald': 'Fetched', 'Bevestigd': 'Acknowledged', 'nog geen': 'none yet', 'nog geen berichten': 'no messages yet',
  'Een instelling heeft ten hoogste twee persoonlijke beheerdersaccounts, elk met een tweede factor (TOTP).': 'A school has at most two personal administrator accounts, each with a second factor (TOTP).',
  'Beheerders van de instelling': "The school's administrators", 'Plaats': 'Place', 'Naam': 'Name', 'Actie': 'Action', '(uzelf)': '(you)', 'Account {0} verwijderen': 'Remove account {0}',
  'Collega toevoegen': 'Add a colleague', 'Gebruikersnaam van de collega': "Colleague's username", 'Naam van de collega': "Colleague's name", 'Eerste wachtwoord (minstens 12 tekens)': 'First password (at least 12 characters)',
  'Beheerder toevoegen': 'Add administrator', 'Beheerder toegevoegd': 'Administrator added', 'Account {0} is aangemaakt.': 'Account {0} has been created.', 'Account {0} is verwijderd.': 'Account {0} has been removed.',
  'Geef uw collega het wachtwoord en dit TOTP-geheim (eenmalig getoond) voor de authenticator-app:': 'Give your colleague the password and this TOTP secret (shown once) for the authenticator app:', 'Terug naar Beheerders': 'Back to Administrators',
  'BSN van de student': "Student's BSN", 'Inlogcode uitgeven': 'Issue login code', 'De inlogcode is uitgegeven.': 'The login code has been issued.',
  'Geef de student deze code (eenmalig getoond), geldig tot {0}:': 'Give the student this code (shown once), valid until {0}:', 'De student logt in op {0}.': 'The student logs in at {0}.',
  'Een student zonder DigiD logt in met een inlogcode. Controleer eerst wie de student is (identiteitsbewijs), zoals aan de balie. De code hoort bij het BSN van de student, is 30 dagen geldig en wordt één keer getoond; de uitgifte staat met uw naam in de auditlog en in de inzage van de student.': "A student without DigiD logs in with a login code. First check who the student is (proof of identity), as at a desk. The code belongs to the student's BSN, is valid for 30 days and shown once; issuing it is in the audit log with your name and in the student's own view of who used their data.",
  // The services' problem texts these pages can show (the error page's list).
  'De aanvraag bevat ongeldige velden.': 'The request has fields that are not valid.', 'Ongeldige invoer': 'Invalid input', 'Conflict': 'Conflict', 'Niet gevonden': 'Not found', 'Geen toegang': 'No access',
  'geen actieve mbo-instelling in de referentiegegevens': 'no active mbo school in the reference data', 'u kunt uw eigen account niet verwijderen': 'you cannot remove your own account',
  '6 tot 64 tekens': '6 to 64 characters', 'ten hoogste 20': 'at most 20', 'letters, cijfers, _ . - (hoofdlettergevoelig), 1–32 tekens': 'letters, digits, _ . - (case-sensitive), 1–32 characters',
  'verplicht': 'required', 'kies ten minste één aanmelding': 'choose at least one application', 'geen persoon met dit BSN bij DUO': 'DUO has no person with this BSN',
  'Terug naar het formulier': 'Back to the form', 'Deze pagina bestaat niet.': 'This page does not exist.', 'Formulier verlopen': 'Form expired', 'Ongeldige aanvraag': 'Invalid request', 'Interne fout': 'Internal error',
};

export type Vertaler = (nl: string, ...args: (string | number)[]) => string;

export function vertaler(taal: Taal): Vertaler {
  return (nl, ...args) => (taal === 'en' ? EN[nl] ?? nl : nl).replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
}
