import { z } from 'zod';
import { woonland } from '../../domain/bericht-velden.ts';
import { isBsn } from '../../domain/pgn.ts';
import { tekst } from '../../shared/validation.ts';

const regel = () => tekst().min(1).max(60);

/** DigiD identifies a student by BSN (never an onderwijsnummer). */
const bsn = z.string().regex(/^[0-9]{9}$/, 'bsn: 9 cijfers').refine(isBsn, 'bsn: geen geldig BSN (elfproef)');

/** The address set of the CAMBO FAQ: postcode/huisnummer in NL, `regel1..3` abroad (rules in regels.ts). */
export const adresInvoer = z.strictObject({
  woonland,
  postcode: z.string().regex(/^[1-9][0-9]{3}[A-Z]{2}$/, 'postcode: 4 cijfers en 2 hoofdletters, zonder spatie').optional(),
  huisnummer: z.number().int().min(1).max(99999).optional(),
  huisnummerToevoeging: tekst().min(1).max(6).optional(),
  regel1: regel().optional(),
  regel2: regel().optional(),
  regel3: regel().optional(),
});

const email = z.email('e-mail: een e-mailadres').max(254);
const telefoon = z.string().regex(/^\+?[0-9 ()-]{6,20}$/, 'telefoon: cijfers, spaties, +, - of haakjes (6–20 tekens)');

export const ouderInvoer = z.strictObject({ naam: tekst().min(1).max(120), email, telefoon });

/** A registration as the Centraal Aanmelden front end submits it for a student it identified (DigiD). */
export const aanmeldingInvoer = z.strictObject({
  bsn,
  aanbodCode: tekst().min(1).max(64),
  cohort: tekst().min(1).max(32),
  toegangscode: tekst().min(1).max(64).optional(),
  adres: adresInvoer.optional(),
  email,
  telefoon: telefoon.optional(),
  ouders: z.array(ouderInvoer).max(4).default([]),
});
export type AanmeldingInvoer = z.output<typeof aanmeldingInvoer>;

export const studentInvoer = z.strictObject({ bsn });
