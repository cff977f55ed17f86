import type { Db } from '../db/db.ts';
import type { Clock } from '../shared/clock.ts';
import { VvaError, type InvalidParam } from '../shared/errors.ts';
import { faseNa, MIJLPALEN, middernacht, NA_EEN_DAG, standaardKalender, type Fase, type Mijlpaal } from './calendar.ts';
import * as store from './store.ts';

export class CalendarService {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  /** The calendar of a cycle: the spec's defaults with beheer's changes. */
  async kalender(cyclus: number): Promise<Record<Mijlpaal, string>> {
    const k = standaardKalender(cyclus);
    for (const [m, datum] of await store.overrides(this.db, cyclus)) k[m] = datum;
    return k;
  }

  async overzicht(cyclus: number) {
    const [k, done] = await Promise.all([this.kalender(cyclus), store.voltooid(this.db, cyclus)]);
    const standaard = standaardKalender(cyclus);
    return MIJLPALEN.map((m) => ({ mijlpaal: m, datum: k[m], standaard: standaard[m], voltooid: done.get(m)?.voltooid ?? null, uitkomst: done.get(m)?.uitkomst ?? null }));
  }

  /** Beheer may move a milestone only while it has not passed, and only to a date still to come. */
  async wijzig(cyclus: number, wijzigingen: Partial<Record<Mijlpaal, string>>, door: string): Promise<void> {
    const now = this.clock.now();
    const huidig = await this.kalender(cyclus);
    const done = await store.voltooid(this.db, cyclus);
    const problems: InvalidParam[] = [];
    for (const [m, datum] of Object.entries(wijzigingen) as [Mijlpaal, string][]) {
      if (done.has(m) || middernacht(huidig[m]).getTime() <= now.getTime()) problems.push({ name: `mijlpalen.${m}`, reason: 'deze mijlpaal is al verstreken' });
      else if (middernacht(datum).getTime() <= now.getTime()) problems.push({ name: `mijlpalen.${m}`, reason: 'de nieuwe datum ligt niet in de toekomst' });
    }
    const nieuw = { ...huidig, ...wijzigingen };
    for (let i = 1; i < MIJLPALEN.length; i++) {
      const [m, vorige] = [MIJLPALEN[i]!, MIJLPALEN[i - 1]!];
      // Same-day milestones run in calendar order; the purge never on the jaaroverzicht's day (spec §3).
      if (NA_EEN_DAG.has(m) ? nieuw[m] <= nieuw[vorige] : nieuw[m] < nieuw[vorige]) {
        problems.push({ name: `mijlpalen.${m}`, reason: NA_EEN_DAG.has(m) ? `moet na de dag van ${vorige} vallen` : `mag niet vóór ${vorige} vallen` });
      }
    }
    if (problems.length) throw VvaError.invalid(problems);
    await this.db.transaction(async (tx) => {
      for (const [m, datum] of Object.entries(wijzigingen) as [Mijlpaal, string][]) await store.setOverride(tx, cyclus, m, datum, door, now);
    });
  }

  async fase(cyclus: number): Promise<Fase> {
    return faseNa(new Set((await store.voltooid(this.db, cyclus)).keys()));
  }
}
