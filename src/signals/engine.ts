import type { Queryable } from '../db/db.ts';
import { faseNa } from '../calendar/calendar.ts';
import * as calendarStore from '../calendar/store.ts';
import { woontInNederlandseGemeente } from '../leerling/derive.ts';
import { groupBy } from '../shared/collections.ts';
import type { ToestandNa } from '../intake/events.ts';
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
  /** The pupil's state right after this fact (the request derived it); absent: the state now. */
  toestandNa?: ToestandNa;
}

/**
 * The real-time half of the signal engine (spec §7), for the facts of one distributor batch in
 * journal order: per pupil, the rules weigh each new fact against the pupil's stand and the state that
 * fact left, one after the other, so that the signals do not depend on how many of a pupil's facts
 * one batch holds. Writes the new stands; returns the signals for the caller to emit in the same
 * transaction.
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
      const vorige = standen.get(pgn) ?? null;
      let stand = vorige;
      for (const r of perLeerling.get(pgn)!) {
        const toestand = r.toestandNa ?? leerling;
        const beeld = { ...toestand, woongemeente: woontInNederlandseGemeente(toestand) ? toestand.woongemeente : null };
        const statusFeiten: StatusFeit[] = r.gemeentecode && r.status && r.brinMbo
          ? [{ invoerId: r.id, gemeentecode: r.gemeentecode, brinMbo: r.brinMbo, aanmeldingId: r.aanmeldingId!, status: r.status }] : [];
        const uitkomst = evalueer(fase, stand, beeld, statusFeiten, { cyclus, pgn, laatsteInvoer: r.id });
        uit.push(...uitkomst.signalen.map((signaal) => ({ signaal, leerling, tijd: r.tijdstip })));
        stand = uitkomst.stand;
      }
      if (stand && JSON.stringify(stand) !== JSON.stringify(vorige)) nieuweStanden.push({ pgn, stand });
      // A move ends the old gemeente's follow-up; kept, it would withdraw (and report) there again.
      else if (!stand && vorige) vervallen.push(pgn);
    }
    await store.upsertStanden(tx, cyclus, nieuweStanden, at);
    await store.deleteStanden(tx, cyclus, vervallen);
  }
  return uit;
}
