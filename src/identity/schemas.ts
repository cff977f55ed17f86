import { z } from 'zod';
import { datum, moment, tekst } from '../shared/validation.ts';
import { BRIN4_PATTERN, GEMEENTECODE_PATTERN, OIN_PATTERN, RMC_PATTERN, SOORTEN } from './oin.ts';

export const oin = z.string().regex(OIN_PATTERN, 'OIN: 20 posities (8 cijfers, dan cijfers of hoofdletters)');
export const brin4 = z.string().regex(BRIN4_PATTERN, 'BRIN: 2 cijfers en 2 hoofdletters');
export const isoDate = datum('datum: JJJJ-MM-DD');

export const organisatieInvoer = z
  .strictObject({
    oin,
    soort: z.enum(SOORTEN),
    naam: tekst().trim().min(1).max(200),
    brin: brin4.optional(),
    gemeentecode: z.string().regex(GEMEENTECODE_PATTERN, 'gemeentecode: 4 cijfers').optional(),
    rmcCode: z.string().regex(RMC_PATTERN, 'RMC-code: 01–41').optional(),
  })
  .superRefine((o, ctx) => {
    const needs: Record<string, 'brin' | 'gemeentecode' | 'rmcCode'> = {
      'vo-school': 'brin', 'mbo-instelling': 'brin', gemeente: 'gemeentecode', 'rmc-regio': 'rmcCode',
    };
    const field = needs[o.soort];
    if (field && !o[field]) ctx.addIssue({ code: 'custom', path: [field], message: `verplicht voor soort ${o.soort}` });
  });
export type OrganisatieInvoer = z.output<typeof organisatieInvoer>;

export const mandaatInvoer = z
  .strictObject({ leverancierOin: oin, schoolOin: oin, van: isoDate.optional(), tot: isoDate.optional() })
  .refine((m) => !m.van || !m.tot || m.tot >= m.van, { path: ['tot'], message: 'tot ligt vóór van' });
export type MandaatInvoer = z.output<typeof mandaatInvoer>;

export const tokenInvoer = z.strictObject({
  label: tekst().trim().max(100).default(''),
  gebruiker: tekst().trim().min(1).max(100).optional(),
  /** After this moment the token no longer authenticates; without it, until revoked. */
  verloopt: moment('verloopt: ISO-8601-datum-tijd met tijdzone').optional(),
});

/** A token as beheer lists it: its state and history, never the token itself. */
export const tokenUitvoer = z.object({
  id: z.string(), oin: z.string(), label: z.string(), gebruiker: z.string().nullable(), uitgegevenDoor: z.string().nullable(),
  aangemaakt: z.date(), verloopt: z.date().nullable(), ingetrokken: z.date().nullable(), ingetrokkenDoor: z.string().nullable(),
  status: z.enum(['actief', 'verlopen', 'ingetrokken']),
});

export const organisatieUitvoer = z.object({
  oin: z.string(), soort: z.enum(SOORTEN), naam: z.string(), brin: z.string().nullable(),
  gemeentecode: z.string().nullable(), rmcCode: z.string().nullable(), actief: z.boolean(),
});
