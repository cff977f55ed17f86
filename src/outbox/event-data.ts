import { z } from 'zod';
import { STATUSSEN } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';
import { REDENEN_NEE } from '../koppelpunt-vo/mbo-ganger-bericht.ts';

/**
 * The `data` of every outgoing event type (spec §10), defined once: the producers' types are derived
 * from these schemas (outbox/events.ts), the outbox checks every event against its schema before it
 * is stored, and the JSON Schemas served at /api/v1/schemas/{type} and in the OpenAPI document are
 * generated from them. Strict objects: an event carries the fields its schema names and nothing else
 * (data minimisation, spec §1), so a field added to a producer without its schema fails.
 */

// An RvIG test BSN (elfproef-valid, never a person's) for the examples.
const PGN = '999993653';
const pgn = z.string().regex(/^[0-9]{9}$/).describe('BSN of onderwijsnummer van de leerling');
const brin = z.string().regex(/^[0-9]{2}[A-Z]{2}$/);
const brinVo = brin.describe('de vo-school (BRIN4) waarvoor dit bericht is');
const brinMbo = brin.describe('de mbo-instelling (BRIN4)');
const aanmeldingId = z.string().regex(/^[0-9]{2}[A-Z]{2}:[0-9]{8}$/).describe('ketenid van de aanmelding: BRIN4:8 cijfers');
const cyclus = z.number().int().min(2020).max(2100).describe('de cyclus: het jaar waarin de leerlingen aan het mbo beginnen');
const gemeentecode = z.string().regex(/^[0-9]{4}$/).describe('CBS-gemeentecode');
const oin = z.string().regex(/^[0-9]{8}[0-9A-Z]{12}$/);
const crebo = z.string().regex(/^[0-9]{5}$/).describe('de opleiding (crebo)');
const status = z.enum(STATUSSEN).describe('AO ontvangen, OA onderwijsovereenkomst aangeboden, LI ingeschreven, LNI leidt niet tot inschrijving, AI ingetrokken');
const OVERSTAPSTATUSSEN = ['INGESCHREVEN', 'AANGEMELD', 'GEEN_AANMELDING'] as const;

export const aanmeldstatusData = z.strictObject({
  pgn,
  brinVo: brinVo.optional().describe('de vo-school waarvoor het bericht is (ontbreekt voor Centraal Aanmelden)'),
  brinMbo, aanmeldingId, status,
  tijdstip: z.iso.datetime().describe('het moment waarop de instelling de status vastlegde'),
  crebo: crebo.optional(),
  caKetenId: z.uuid().optional().describe('alleen voor Centraal Aanmelden: zijn eigen ketenid'),
}).meta({
  title: 'Aanmeldstatus', description: 'De status van een aanmelding van een leerling van de school (spec §6); aan Centraal Aanmelden elke status.',
  examples: [{ pgn: PGN, brinVo: '18BR', brinMbo: '90AA', aanmeldingId: '90AA:90355557', status: 'AO', tijdstip: '2027-02-01T09:00:00.000Z', crebo: '25180' }],
});

export const overstapGewijzigdData = z.strictObject({ pgn }).meta({
  title: 'Aanmeldstatus gewijzigd', description: 'Een instelling wijzigde een status van een geregistreerde PGN; haal de statussen op (spec §9).',
  examples: [{ pgn: PGN }],
});

const signaalVelden = {
  signaalId: z.uuid(), cyclus, gemeentecode, pgn,
  postcode: z.string().regex(/^[1-9][0-9]{3}[A-Z]{2}$/).optional(),
  huisnummer: z.number().int().min(1).max(99999).optional(),
  huisnummerToevoeging: z.string().min(1).max(6).optional(),
  brinVo: brin.optional().describe('de school die de leerling als potentiële mbo-ganger meldde'),
  brinMbo: brinMbo.optional(), aanmeldingId: aanmeldingId.optional(),
  status: z.enum([...STATUSSEN, ...OVERSTAPSTATUSSEN]).optional().describe('de status van de aanmelding, of (na een verhuizing) de overstapstatus'),
  reden: z.enum([...REDENEN_NEE, 'GEEN_MBO_GANGER', 'VERHUISD']).optional(),
};
const SIGNAAL_UITLEG = {
  NIET_AANGEMELD: 'Een potentiële mbo-ganger in de gemeente heeft geen aanmelding (spec §7).',
  NIET_INGESCHREVEN: 'Een potentiële mbo-ganger in de gemeente is niet ingeschreven (spec §7).',
  STATUSWIJZIGING: 'Een status van een gesignaleerde leerling wijzigde, of hij verhuisde naar deze gemeente (spec §7).',
  INTREKKING: 'Een gesignaleerde leerling is geen potentiële mbo-ganger meer, of verhuisde (spec §7).',
} as const;
// The examples leave the address out: the ADR linter (nlgov:problem-invalid-input) takes any example
// field whose name contains "post" for a POST operation and fails it.
const signaal = <T extends keyof typeof SIGNAAL_UITLEG>(type: T, extra: Record<string, unknown>) =>
  z.strictObject({ ...signaalVelden, type: z.literal(type) }).meta({
    title: `Signaal ${type}`, description: SIGNAAL_UITLEG[type],
    examples: [{ signaalId: '0196f000-0000-4000-8000-000000000001', type, cyclus: 2027, gemeentecode: '0106', pgn: PGN, brinVo: '18BR', ...extra }],
  });
export const signaalData = {
  NIET_AANGEMELD: signaal('NIET_AANGEMELD', {}),
  NIET_INGESCHREVEN: signaal('NIET_INGESCHREVEN', { brinMbo: '90AA', aanmeldingId: '90AA:90355557', status: 'AO' }),
  STATUSWIJZIGING: signaal('STATUSWIJZIGING', { brinMbo: '90AA', aanmeldingId: '90AA:90355557', status: 'LI' }),
  INTREKKING: signaal('INTREKKING', { reden: 'VO_VERVOLG' }),
};
/** The fields of a signal, whatever its type (signals/emit.ts makes them). */
export type SignaalData = z.output<(typeof signaalData)[keyof typeof signaalData]>;

export const gemeenteJaaroverzichtData = z.strictObject({
  type: z.literal('JAAROVERZICHT'), cyclus, gemeentecode,
  aanmeldingen: z.array(z.strictObject({ pgn, brinMbo, aanmeldingId, status, crebo: crebo.nullable() })),
}).meta({
  title: 'Jaaroverzicht gemeente', description: 'Op 1 oktober: alle aanmeldingen van de cyclus van de inwoners van de gemeente (spec §7).',
  examples: [{ type: 'JAAROVERZICHT', cyclus: 2027, gemeentecode: '0106', aanmeldingen: [{ pgn: PGN, brinMbo: '90AA', aanmeldingId: '90AA:90355557', status: 'LI', crebo: '25180' }] }],
});

export const overstapJaaroverzichtData = z.strictObject({
  cyclus, aanmeldingen: z.array(z.strictObject({ pgn, brinMbo, status, crebo: crebo.nullable() })),
}).meta({
  title: 'Jaaroverzicht overstapsysteem', description: 'Op 1 oktober: alle aanmeldingen van de cyclus van de geregistreerde PGN’s (spec §9).',
  examples: [{ cyclus: 2027, aanmeldingen: [{ pgn: PGN, brinMbo: '90AA', status: 'LI', crebo: null }] }],
});

export const herinneringLeverdatumData = z.strictObject({ cyclus, brinVo }).meta({
  title: 'Herinnering leverdatum', description: 'Op 2 februari: de school leverde nog geen mbo-gangers (spec §3).', examples: [{ cyclus: 2027, brinVo: '18BR' }],
});

export const lijstNietAangemeldData = z.strictObject({ cyclus, brinVo, leerlingen: z.array(z.strictObject({ pgn })) }).meta({
  title: 'Lijst niet aangemeld', description: 'Op 1 april: de mbo-gangers van de school zonder aanmelding (spec §3, §8).',
  examples: [{ cyclus: 2027, brinVo: '18BR', leerlingen: [{ pgn: PGN }] }],
});

export const herinneringGeenUitwisselingData = z.strictObject({ cyclus, brinMbo }).meta({
  title: 'Herinnering geen uitwisseling', description: 'Op 1 april: de instelling wisselde nog niets uit (spec §3).', examples: [{ cyclus: 2027, brinMbo: '90AA' }],
});

const brins = z.array(brin);
export const zonderUitwisselingData = z.strictObject({ cyclus, brins, verbonden: brins, nietVerbonden: brins }).meta({
  title: 'Zonder uitwisseling (beheer)', description: 'Voor beheer: de scholen of instellingen die niets uitwisselden, gesplitst naar aansluiting (spec §16).',
  examples: [{ cyclus: 2027, brins: ['16PS', '18BR'], verbonden: ['16PS'], nietVerbonden: ['18BR'] }],
});

export const dodeLetterData = z.strictObject({ eventId: z.uuid(), ontvangerOin: oin, pogingen: z.number().int().min(1), laatsteFout: z.string() }).meta({
  title: 'Dode letter (beheer)', description: 'Een bericht kon na de laatste poging niet worden afgeleverd (spec §10).',
  examples: [{ eventId: '0196f000-0000-7000-8000-000000000002', ontvangerOin: '0000000700018BR00000', pogingen: 80, laatsteFout: 'HTTP 503' }],
});

export const webhookUitgeschakeldData = z.strictObject({ ontvangerOin: oin, reden: z.string() }).meta({
  title: 'Webhook uitgeschakeld (beheer)', description: 'Het eindpunt antwoordde 410 Gone (spec §10).', examples: [{ ontvangerOin: '0000000700018BR00000', reden: '410 Gone' }],
});

export const webhookTestData = z.strictObject({}).meta({
  title: 'Webhook-test', description: 'Proefbericht bij het registreren van een webhook; niet in de inbox.', examples: [{}],
});

export const demoData = z.strictObject({ melding: z.string() }).meta({
  title: 'Demobericht', description: 'Alleen in de demo (`vva serve --demo`): een bericht zonder persoonsgegevens.', examples: [{ melding: 'demobericht zonder persoonsgegevens' }],
});
