import { z } from 'zod';
import { basisVelden, brin4, checkAdres } from '../domain/bericht-velden.ts';

export const VOOROPLEIDINGEN = ['VMBO', 'PRO', 'VSO', 'VAVO', 'HAVO', 'VWO', 'MBO', 'HO', 'BUITENLAND', 'ONBEKEND'] as const;
export const LEERTRAJECTEN = ['BOL', 'BBL', 'OVO', 'EX', 'ODT'] as const;
/** Part-time (ODT) registrations are outside the law's scope (spec §5): never counted, routed or signalled. SQL: aanmelding.binnen_wet. */
export const valtOnderDeWet = (leertraject: string): boolean => leertraject !== 'ODT';
export const LEEFTIJDSCATEGORIEEN = ['ONDER_16', 'TUSSEN_16_18', 'TUSSEN_18_23', 'BOVEN_23'] as const;
export const STATUSSEN = ['AO', 'OA', 'LI', 'LNI', 'AI'] as const;
export type Status = (typeof STATUSSEN)[number];

/** One aanmeldstatusbericht (spec §4.2) as an mbo-instelling sends it. */
export function aanmeldstatusBerichtSchema(now: Date) {
  return z
    .strictObject({
      ...basisVelden(now),
      aanmeldingId: z.string().regex(/^[0-9]{2}[A-Z]{2}:[0-9]{8}$/, 'aanmeldingId: BRIN4, dubbele punt, 8 cijfers'),
      caKetenId: z.uuid('caKetenId: een UUID').optional(),
      brinMbo: brin4,
      brinVo: brin4.optional(),
      vooropleiding: z.enum(VOOROPLEIDINGEN),
      // VAVO is named apart: by law such registrations are not sent to the koppelpunt.
      leertraject: z.union([z.enum(LEERTRAJECTEN), z.literal('VAVO')]),
      leeftijdscategorie: z.enum(LEEFTIJDSCATEGORIEEN),
      startkwalificatie: z.boolean(),
      status: z.enum(STATUSSEN),
      crebo: z.string().regex(/^[0-9]{5}$/, 'crebo: 5 cijfers').optional(),
    })
    .superRefine((m, ctx) => {
      checkAdres(m, ctx);
      if (m.leertraject === 'VAVO') ctx.addIssue({ code: 'custom', path: ['leertraject'], message: 'VAVO-aanmeldingen worden volgens de wet niet aan het koppelpunt gemeld' });
      if (!m.aanmeldingId.startsWith(`${m.brinMbo}:`)) ctx.addIssue({ code: 'custom', path: ['aanmeldingId'], message: 'begint niet met brinMbo' });
    });
}
export type AanmeldstatusBericht = Omit<z.output<ReturnType<typeof aanmeldstatusBerichtSchema>>, 'leertraject'> & {
  leertraject: (typeof LEERTRAJECTEN)[number];
};

export const TERMINAL: ReadonlySet<Status> = new Set(['LNI', 'AI']);

const TRANSITIONS: Record<Status, readonly Status[]> = {
  AO: ['OA', 'LI', 'LNI', 'AI'],
  OA: ['LI', 'LNI', 'AI', 'AO'],
  LI: ['AI', 'LNI'],
  LNI: [],
  AI: [],
};

/**
 * Spec §4.2: none→any; AO→OA/LI/LNI/AI; OA→LI/LNI/AI/AO; LI→AI/LNI. Repeating the current status is
 * not a transition (a resent or corrected message, e.g. a new address) and is allowed; a terminal
 * status is final and only a new aanmeldingId reopens it.
 */
export function isAllowedTransition(from: Status | null, to: Status): boolean {
  if (from === null || from === to) return true;
  return TRANSITIONS[from].includes(to);
}
