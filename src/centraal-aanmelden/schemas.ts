import { z } from 'zod';
import { CA_STATUSSEN } from './aanmelding/regels.ts';
import { CA_LEERWEGEN } from './catalogus/leerweg.ts';

/** The koppelpuntcode in a path: case-sensitive, usually the BRIN. */
export const koppelpuntcode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'koppelpuntcode: letters, cijfers, _ . - (hoofdlettergevoelig), 1–32 tekens');
export const koppelpuntParams = z.object({ code: koppelpuntcode });
export const caKetenId = z.uuid('caKetenId: een UUID');

const cohortUitvoer = z.object({ cohort: z.string(), instroommoment: z.string(), aanmeldenVan: z.string(), aanmeldenTot: z.string(), toegangscode: z.boolean() });
export const opleidingUitvoer = z.object({
  aanbodCode: z.string(), brin: z.string(), onderwijsaanbieder: z.string(), wervingsnaam: z.string(), crebo: z.string().nullable(),
  leerweg: z.enum(CA_LEERWEGEN), locatie: z.string(), synthetisch: z.boolean(), cohorten: z.array(cohortUitvoer),
});

export const aanmeldingUitvoer = z.object({
  caKetenId: z.string(), ketenId: z.string(), aanmeldingId: z.string(), brin: z.string(), aanbodCode: z.string(), cohort: z.string(),
  status: z.enum(CA_STATUSSEN), statusTijdstip: z.string(), ingediendOp: z.string(), ingetrokkenOp: z.string().nullable(), intrekkenMogelijk: z.boolean(),
});

const adresUitvoer = z.object({
  woonland: z.string(), postcode: z.string().optional(), huisnummer: z.number().optional(), huisnummerToevoeging: z.string().optional(),
  regel1: z.string().optional(), regel2: z.string().optional(), regel3: z.string().optional(),
});

/** What a SIS pulls: a new registration (with the student's data) or a withdrawal (ids only). */
export const sisBerichtUitvoer = z.object({
  berichtId: z.string(), soort: z.enum(['aanmelding', 'intrekking']), klaargezet: z.string(), caKetenId: z.string(), aanmeldingId: z.string(),
  status: z.enum(CA_STATUSSEN), ingetrokkenOp: z.string().nullable().optional(), ingediendOp: z.string().optional(),
  opleiding: z.object({
    aanbodCode: z.string(), cohort: z.string(), wervingsnaam: z.string(), crebo: z.string().nullable(), leerweg: z.enum(CA_LEERWEGEN),
    locatie: z.string(), onderwijsaanbieder: z.string(), instroommoment: z.string(),
  }).optional(),
  student: z.object({
    bsn: z.string(), voornamen: z.string(), achternaam: z.string(), geboortedatum: z.string(), adres: adresUitvoer, email: z.string(), telefoon: z.string().nullable(),
    ouders: z.array(z.object({ naam: z.string(), email: z.string(), telefoon: z.string() })),
    vooropleiding: z.object({ categorie: z.string(), omschrijving: z.string(), brinVo: z.string().nullable(), diploma: z.boolean() }).nullable(),
  }).optional(),
});

export const sisOverzichtUitvoer = z.object({
  aanmeldingen: z.array(z.object({
    caKetenId: z.string(), aanmeldingId: z.string(), ingediendOp: z.string(), staat: z.enum(['opgehaald', 'niet opgehaald', 'heeft foutmeldingen']),
    foutmeldingen: z.array(z.object({ melding: z.string(), tijdstip: z.string() })),
  })),
});
