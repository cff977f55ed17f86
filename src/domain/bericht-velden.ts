import { z } from 'zod';
import { moment, tekst } from '../shared/validation.ts';
import { pgn } from './pgn.ts';

/** RvIG landcode of the Netherlands: the default woonland. */
export const NEDERLAND = '6030';
/** The RNI pseudo-gemeente: registered persons not living in a Dutch gemeente. */
export const RNI_GEMEENTE = '1999';
/** Clocks of senders may run a little ahead (spec §4: +5 minutes). */
export const TOEGESTANE_KLOKAFWIJKING_MS = 5 * 60 * 1000;

export { brin4 } from '../identity/schemas.ts';

export function tijdstip(now: Date) {
  return moment('tijdstip: ISO-8601 met tijdzone')
    .refine((v) => Date.parse(v) <= now.getTime() + TOEGESTANE_KLOKAFWIJKING_MS, 'tijdstip ligt in de toekomst');
}

/**
 * RvIG Tabel 34 (Landentabel): countries have codes 5001–9999; 0000 is "onbekend", which is no
 * country to live in. Codes below 5000 are not assigned.
 */
export const woonland = z.string()
  .regex(/^[0-9]{4}$/, 'woonland: RvIG-landcode van 4 cijfers')
  .check((ctx) => {
    if (!/^[0-9]{4}$/.test(ctx.value) || Number(ctx.value) >= 5001) return;
    const message = ctx.value === '0000' ? 'woonland: 0000 (onbekend) is geen woonland; 6030 is Nederland' : 'woonland: geen landcode uit RvIG-tabel 34 (5001–9999)';
    ctx.issues.push({ code: 'custom', message, input: ctx.value });
  })
  .default(NEDERLAND);

/** The sender's id of a message. */
export const berichtIdSchema = z.uuid('berichtId: een UUID');

/** Fields every incoming message carries, and the address fields of both message types. */
export function basisVelden(now: Date) {
  return {
    berichtId: berichtIdSchema,
    tijdstip: tijdstip(now),
    pgn,
    postcode: z.string().regex(/^[1-9][0-9]{3}[A-Z]{2}$/, 'postcode: 4 cijfers en 2 hoofdletters, zonder spatie').optional(),
    huisnummer: z.number().int().min(1).max(99999).optional(),
    huisnummerToevoeging: tekst().min(1).max(6).optional(),
    woonland,
  };
}

interface Adres {
  postcode?: string;
  huisnummer?: number;
  huisnummerToevoeging?: string;
  woonland: string;
}

/** In NL an address is required; abroad (woonland ≠ 6030) none is allowed (data minimisation). */
export function checkAdres(m: Adres, ctx: z.RefinementCtx) {
  if (m.woonland === NEDERLAND) {
    if (!m.postcode) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'verplicht bij woonland 6030 (Nederland)' });
    if (m.huisnummer === undefined) ctx.addIssue({ code: 'custom', path: ['huisnummer'], message: 'verplicht bij een postcode' });
  } else {
    for (const veld of ['postcode', 'huisnummer', 'huisnummerToevoeging'] as const) {
      if (m[veld] !== undefined) ctx.addIssue({ code: 'custom', path: [veld], message: 'niet toegestaan bij een woonland buiten Nederland' });
    }
  }
  if (m.huisnummerToevoeging !== undefined && m.huisnummer === undefined && m.woonland === NEDERLAND) {
    ctx.addIssue({ code: 'custom', path: ['huisnummerToevoeging'], message: 'alleen met een huisnummer' });
  }
}
