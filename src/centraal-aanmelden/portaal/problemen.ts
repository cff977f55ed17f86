import type { InvalidParam } from '../../shared/errors.ts';
import type { Taal } from './layout.ts';

/**
 * English for the problem texts of the services and their schemas that a student can meet in the
 * portal (the registration's rules, its address rules, its input schema, withdrawal). The Dutch text is
 * the key, as in instellingsbeheer/vertaling.ts: the services keep one language for the API, the page
 * speaks the student's. The test lists every text the rules produce, so a new one without English fails.
 */
export const PROBLEEM_EN: Record<string, string> = {
  // aanmelding/service.ts
  'deze opleiding wordt (nu) niet aangeboden': 'this programme is not offered (now)',
  'onbekend cohort van deze opleiding': 'unknown intake of this programme',
  'dit cohort vraagt een geldige toegangscode (numerus fixus); kies anders uit het reguliere aanbod': 'this intake needs a valid access code (numerus fixus); otherwise choose from the regular programmes',
  'onder 18 jaar is één contactpersoon (ouder of verzorger) verplicht: naam, e-mail en telefoon': 'under 18, one contact (parent or guardian) is required: name, e-mail and telephone',
  'Er is al een lopende aanmelding voor deze opleiding en dit cohort.': 'You already have an open application for this programme and intake.',
  'Geen persoonsgegevens bij DUO voor deze student.': 'DUO has no personal details for this student.',
  'Geen aanmelding van deze student met dit caKetenId.': 'No application of yours with this id.',
  'De student is ingeschreven: intrekken kan niet meer hier; neem contact op met de instelling.': 'You are enrolled: withdrawing is no longer possible here; please contact the school.',
  // the portal's own pages (page-aanmelden.ts)
  'Deze opleiding wordt nu niet aangeboden.': 'This programme is not offered now.',
  'Geen persoonsgegevens bij DUO voor u.': 'DUO has no personal details for you.',
  // shared/errors.ts: the titles of the problems, the error page's heading
  'Ongeldige invoer': 'Invalid input', 'Niet gevonden': 'Not found', 'Conflict': 'Conflict', 'Geen toegang': 'No access',
  'Te veel verzoeken': 'Too many requests', 'Tijdelijk niet beschikbaar': 'Temporarily unavailable', 'De aanvraag bevat ongeldige velden.': 'The request has fields that are not valid.',
  // aanmelding/regels.ts
  'geen adres bekend bij DUO: vul het adres in dat u met de school deelt': 'DUO has no address for you: enter the address you share with the school',
  'uw adres is geheim en wordt niet gebruikt: vul een adres in dat u met de school wilt delen': 'your address is secret and is not used: enter an address you want to share with the school',
  'verplicht bij woonland 6030 (Nederland)': 'required for country 6030 (the Netherlands)',
  'verplicht bij een Nederlands adres': 'required for an address in the Netherlands',
  'alleen bij een adres in het buitenland': 'only for an address abroad',
  'verplicht bij een adres in het buitenland': 'required for an address abroad',
  'niet bij een adres in het buitenland: gebruik regel1..3': 'not for an address abroad: use the address lines',
  // aanmelding/invoer.ts
  'bsn: 9 cijfers': 'BSN: 9 digits',
  'bsn: geen geldig BSN (elfproef)': 'BSN: not a valid BSN',
  'postcode: 4 cijfers en 2 hoofdletters, zonder spatie': 'postcode: 4 digits and 2 capital letters, without a space',
  'e-mail: een e-mailadres': 'e-mail: an e-mail address',
  'telefoon: cijfers, spaties, +, - of haakjes (6–20 tekens)': 'telephone: digits, spaces, +, - or brackets (6–20 characters)',
};

/** Texts with values in them: the Dutch text's pattern, and its English with the values put back. */
const PATRONEN_EN: [RegExp, string][] = [
  [/^aanmelden voor dit cohort kan van (\d{4}-\d{2}-\d{2}) tot en met (\d{4}-\d{2}-\d{2})$/, 'you can apply for this intake from $1 to $2'],
  [/^Intrekken kan alleen bij status INGEDIEND of OA; de status is ([A-Z]+)\.$/, 'Withdrawing is possible only at status INGEDIEND (submitted) or OA (offer made); the status is $1.'],
];

/** zod's own messages (its Dutch locale), by issue code: plain English of what is wrong with the field. */
const ZOD_EN: Record<string, string> = {
  invalid_type: 'required', too_small: 'required, or too short', too_big: 'too long', invalid_format: 'not in the right format',
  invalid_value: 'not one of the allowed values', 'onbekend-veld': 'unknown field', custom: 'not valid',
};

/** A problem text in the student's language; a text without English stays Dutch. */
export function probleemTekst(taal: Taal, tekst: string, code?: string): string {
  if (taal === 'nl') return tekst;
  const vast = PROBLEEM_EN[tekst];
  if (vast) return vast;
  for (const [patroon, en] of PATRONEN_EN) if (patroon.test(tekst)) return tekst.replace(patroon, en);
  return (code && ZOD_EN[code]) ?? tekst;
}

/** One field's problem in the student's language. */
export const probleem = (taal: Taal, p: InvalidParam): string => probleemTekst(taal, p.reason, p.code);
