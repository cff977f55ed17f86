import type { Queryable } from '../db/db.ts';
import { faseNa } from '../calendar/calendar.ts';
import * as calendarStore from '../calendar/store.ts';
import { woontInNederlandseGemeente } from '../leerling/derive.ts';
import { groupBy } from '../shared/collections.ts';
import type { TeSignaleren } from './emit.ts';
import { evalueer, type StatusFeit } from './rules.ts';
import * as store from './store.ts';

/** A fact about a pupil that the signal engine weighs (one per accepted message, from the journal). */
export interface SignaalInvoer {
  /** The journal row: names the fact, so the same fact never yields a second signal. */
  id: number;
  cyclus: number;
  pgn: string;
  /** Set when routing sends this fact to the gemeente (spec §6); null: the fact only changes state. */
  gemeentecode: string | null;
  brinMbo: string | null;
  aanmeldingId: string | null;
  status: string | null;
  tijdstip: Date;
}

/**
 * The real-time half of the signal engine (spec §7), for the facts of one distributor batch in
 * journal order: per pupil, the rules weigh the new facts against the pupil's stand and its state
 * now. Writes the new stands; returns the signals for the caller to emit in the same transaction.
 */
export async function signaleer(tx: Queryable, invoer: SignaalInvoer[], at: Date): Promise<TeSignaleren[]> {
  const uit: TeSignaleren[] = [];
  for (const [c, rijen] of groupBy(invoer, (i) => String(i.cyclus))) {
    const cyclus = Number(c);
    const fase = faseNa(new Set((await calendarStore.voltooid(tx, cyclus)).keys()));
    if (fase === 'voor-signalering') continue; // before the signaleringsdatum nothing goes to gemeenten
    const pgns = [...new Set(rijen.map((r) => r.pgn))];
    const leerlingen = await store.loadLeerlingen(tx, cyclus, pgns);
    const standen = await store.loadStanden(tx, cyclus, pgns);
    const nieuweStanden: Parameters<typeof store.upsertStanden>[2] = [];
    const vervallen: string[] = [];
    const perLeerling = groupBy(rijen, (r) => r.pgn);
    for (const pgn of pgns) {
      const leerling = leerlingen.get(pgn);
      if (!leerling) continue;
      const eigen = perLeerling.get(pgn)!;
      const statusFeiten: StatusFeit[] = eigen.filter((r) => r.gemeentecode && r.status && r.brinMbo)
        .map((r) => ({ invoerId: r.id, gemeentecode: r.gemeentecode!, brinMbo: r.brinMbo!, aanmeldingId: r.aanmeldingId!, status: r.status! }));
      const beeld = { ...leerling, woongemeente: woontInNederlandseGemeente(leerling) ? leerling.woongemeente : null };
      const vorige = standen.get(pgn) ?? null;
      const laatste = eigen.at(-1)!;
      const r = evalueer(fase, vorige, beeld, statusFeiten, { cyclus, pgn, laatsteInvoer: laatste.id });
      uit.push(...r.signalen.map((signaal) => ({ signaal, leerling, tijd: laatste.tijdstip })));
      if (r.stand && JSON.stringify(r.stand) !== JSON.stringify(vorige)) nieuweStanden.push({ pgn, stand: r.stand });
      // A move ends the old gemeente's follow-up; kept, it would withdraw (and report) there again.
      else if (!r.stand && vorige) vervallen.push(pgn);
    }
    await store.upsertStanden(tx, cyclus, nieuweStanden, at);
    await store.deleteStanden(tx, cyclus, vervallen);
  }
  return uit;
}
