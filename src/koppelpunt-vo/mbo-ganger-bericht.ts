import { z } from 'zod';
import { basisVelden, brin4, checkAdres } from '../domain/bericht-velden.ts';

/** The audit action of a first report of a pupil that another school reported this cycle (a claim, issue 13.7). */
export const CLAIM_ACTIE = 'leerling-van-andere-school-gemeld';

export const REDENEN_NEE = ['VO_VERVOLG', 'DOUBLEERT', 'GEEN_DIPLOMA_VERWACHT', 'UITGESCHREVEN', 'VERHUISD_BUITENLAND', 'ARBEIDSMARKT', 'ANDERS'] as const;

/** One mbo-gangerbericht (spec §4.1) as a vo-school sends it; `now` bounds `tijdstip`. */
export function mboGangerBerichtSchema(now: Date) {
  return z
    .strictObject({
      ...basisVelden(now),
      brinVo: brin4,
      vestiging: z.string().regex(/^[0-9]{2}[A-Z]{2}[0-9]{2}$/, 'vestiging: BRIN6').optional(),
      mboGanger: z.boolean(),
      redenNee: z.enum(REDENEN_NEE).optional(),
    })
    .superRefine((m, ctx) => {
      checkAdres(m, ctx);
      if (m.vestiging && !m.vestiging.startsWith(m.brinVo)) ctx.addIssue({ code: 'custom', path: ['vestiging'], message: 'hoort niet bij brinVo' });
      if (!m.mboGanger && !m.redenNee) ctx.addIssue({ code: 'custom', path: ['redenNee'], message: 'verplicht als mboGanger false is' });
      if (m.mboGanger && m.redenNee) ctx.addIssue({ code: 'custom', path: ['redenNee'], message: 'alleen als mboGanger false is' });
    });
}
export type MboGangerBericht = z.output<ReturnType<typeof mboGangerBerichtSchema>>;
