import type { AppContext } from '../../app/context.ts';
import type { Actor } from '../../identity/service.ts';
import { activeMboInstelling } from '../../reference-data/store.ts';
import { VvaError } from '../../shared/errors.ts';
import { celWaarde } from '../../statistics/service.ts';
import * as store from './store.ts';

/** A count as shown: the number, or `<5` (the project's one suppression rule, spec §15). */
export type Aantal = number | '<5';

/** The three counts of a cell. */
export interface Meervoudig {
  aanmeldingen: Aantal;
  /** Registrations that are one of several of the same student in the same instroomjaar. */
  meervoudigAangemeld: Aantal;
  /** Of those, the ones where the student also registered at another instelling that year. */
  meervoudigElders: Aantal;
}

export interface CaStatistiek {
  brin: string;
  reeks: { cyclus: number; instelling: Meervoudig; opleidingen: ({ aanbodCode: string; wervingsnaam: string | null } & Meervoudig)[] }[];
}

// A count over n registrations is never null: celWaarde gives null only for a missing value or a share.
const aantal = (indicator: string, n: number): Aantal => celWaarde(indicator, n, n)!;
const cel = (t: store.Telling): Meervoudig => ({
  aanmeldingen: aantal('aanmeldingen', t.aanmeldingen),
  meervoudigAangemeld: aantal('meervoudigAangemeld', t.meervoudig),
  meervoudigElders: aantal('meervoudigElders', t.meervoudigElders),
});

/** Spec §17: the instelling itself (its administrators, its own credential) and beheer; nobody else. */
export function magStatistiekZien(actor: Pick<Actor, 'soort' | 'brin'>, brin: string): boolean {
  return actor.soort === 'beheer' || (actor.soort === 'mbo-instelling' && actor.brin === brin);
}

/**
 * The statistics of multiple registrations of an instelling (spec §17): per instroomjaar (`cyclus`,
 * the year of the cohort's instroommoment) for the instelling and each opleiding, aggregates only,
 * never per student, counts under 5 shown as `<5`. They include deleted students' registrations, so
 * they survive retention. Authorisation is the caller's (`magStatistiekZien`): the instelling
 * administrators' page calls this directly for its own signed-in administrator.
 */
export class StatistiekService {
  constructor(private readonly ctx: AppContext) {}

  async vanInstelling(brin: string, cyclus?: number): Promise<CaStatistiek> {
    if (!(await activeMboInstelling(this.ctx.db, brin))) throw VvaError.notFound(`Geen actieve mbo-instelling met BRIN ${brin}.`);
    const rijen = await store.tellingen(this.ctx.db, brin, cyclus ?? null);
    const reeks = new Map<number, CaStatistiek['reeks'][number]>();
    for (const r of rijen) {
      if (r.aanbodCode === null) reeks.set(r.cyclus, { cyclus: r.cyclus, instelling: cel(r), opleidingen: [] });
      else reeks.get(r.cyclus)!.opleidingen.push({ aanbodCode: r.aanbodCode, wervingsnaam: r.wervingsnaam, ...cel(r) });
    }
    return { brin, reeks: [...reeks.values()] };
  }
}
