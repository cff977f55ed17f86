/**
 * The retention rules of Centraal Aanmelden (spec §17), without I/O. The clock is the environment's
 * `laatsteActiviteit` (login, submission, withdrawal, reading the own registrations):
 * - with a submitted registration: deleted one year after it, after an e-mail warning a month before;
 *   a warning that went out late (the hub was down, or the rule came after the data) still gives the
 *   student two weeks, so the deletion may then come up to two weeks after the year;
 * - without one (an empty profile): deleted three months after it, without a warning — it holds no
 *   more than an e-mail address and a language;
 * - any activity after a warning cancels it (the next one comes a year later again).
 */
export const BEWAAR_MAANDEN = 12;
export const LEEG_MAANDEN = 3;
export const WAARSCHUWING_VOORAF_DAGEN = 30;
export const MINIMALE_OPZEGTERMIJN_DAGEN = 14;
/** The anonymous remainder of a deleted registration waits this long at most for the SIS to take the withdrawal. */
export const REST_DAGEN = 30;

const DAG_MS = 86_400_000;
export const plusDagen = (d: Date, n: number): Date => new Date(d.getTime() + n * DAG_MS);

/** Calendar months in UTC; a day past the end of the target month becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function plusMaanden(d: Date, n: number): Date {
  const r = new Date(d.getTime());
  const dag = r.getUTCDate();
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() + n);
  const laatste = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(dag, laatste));
  return r;
}

export interface Omgeving {
  laatsteActiviteit: Date;
  /** At least one submitted registration (any status). */
  heeftAanmelding: boolean;
  gewaarschuwdOp: Date | null;
}

export type BewaarActie =
  | { actie: 'geen' }
  | { actie: 'waarschuwen'; verwijderOp: Date }
  | { actie: 'verwijderen'; reden: 'bewaartermijn' | 'leeg-profiel' };

/** The date an environment goes when nothing happens (before any late-warning notice). */
export function termijnEinde(o: Pick<Omgeving, 'laatsteActiviteit' | 'heeftAanmelding'>): Date {
  return plusMaanden(o.laatsteActiviteit, o.heeftAanmelding ? BEWAAR_MAANDEN : LEEG_MAANDEN);
}

/** What the daily run does with one environment now. */
export function bewaarActie(o: Omgeving, nu: Date): BewaarActie {
  const einde = termijnEinde(o);
  if (!o.heeftAanmelding) return nu >= einde ? { actie: 'verwijderen', reden: 'leeg-profiel' } : { actie: 'geen' };
  const gewaarschuwd = o.gewaarschuwdOp !== null && o.gewaarschuwdOp >= o.laatsteActiviteit ? o.gewaarschuwdOp : null;
  if (!gewaarschuwd) {
    if (nu < plusDagen(einde, -WAARSCHUWING_VOORAF_DAGEN)) return { actie: 'geen' };
    return { actie: 'waarschuwen', verwijderOp: verwijderdatum(einde, nu) };
  }
  return nu >= verwijderdatum(einde, gewaarschuwd) ? { actie: 'verwijderen', reden: 'bewaartermijn' } : { actie: 'geen' };
}

/** The deletion date once warned at `gewaarschuwd`: the term's end, or two weeks after a late warning. */
export function verwijderdatum(einde: Date, gewaarschuwd: Date): Date {
  const opzeg = plusDagen(gewaarschuwd, MINIMALE_OPZEGTERMIJN_DAGEN);
  return opzeg > einde ? opzeg : einde;
}

/**
 * For the store's preselection: environments active after these moments need nothing now (the rule
 * above decides for the rest). A day of margin against month arithmetic.
 */
export function activiteitGrenzen(nu: Date): { leeg: Date; metAanmelding: Date } {
  return {
    leeg: plusDagen(plusMaanden(nu, -LEEG_MAANDEN), 1),
    metAanmelding: plusDagen(plusMaanden(nu, -BEWAAR_MAANDEN), WAARSCHUWING_VOORAF_DAGEN + 1),
  };
}
