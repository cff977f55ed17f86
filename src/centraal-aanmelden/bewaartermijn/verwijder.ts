import type { AppContext } from '../../app/context.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import type { Queryable } from '../../db/db.ts';
import { heeftEigenBewaartermijn, pgnsGevonden } from '../../purge/controle.ts';
import { DOEL } from '../aanmelding/regels.ts';
import * as store from './store.ts';

export type Reden = 'bewaartermijn' | 'leeg-profiel' | 'verzoek';

/** Who deletes: the student's front end (on request), or nobody — the hub's own daily run. */
export interface Verwijderaar {
  actorOin: string | null;
  gebruiker?: string | null;
  traceId?: string | null;
}

export interface Verwijderd {
  aanmeldingen: number;
  restenVoorSis: number;
  sisBerichten: number;
  sisFoutmeldingen: number;
}

/**
 * Deletes the registrations of students whose environments this transaction just claimed, and
 * audits it with each student's pseudonym: one record per environment, one per registration (the
 * student's inzage and beheer see what went and why). Deletion on request is Centraal Aanmelden's
 * own processing; the daily run's is the retention activity.
 */
export async function verwijderBinnen(ctx: AppContext, tx: Queryable, studenten: { pgn: string; reden: Reden }[], nu: Date, door: Verwijderaar): Promise<Verwijderd> {
  const weg = await store.verwijderAanmeldingen(tx, studenten.map((s) => s.pgn), nu);
  const perStudent = new Map<string, store.AanmeldingWeg[]>();
  for (const a of weg.aanmeldingen) perStudent.set(a.pgn, [...(perStudent.get(a.pgn) ?? []), a]);
  const regel = (pgn: string, reden: Reden, actie: string, resource: string, uitkomst: string): AuditEntry => ({
    actorOin: door.actorOin, gebruiker: door.gebruiker ?? null, actie, resource, pgn, doel: reden === 'verzoek' ? DOEL : 'bewaartermijn', traceId: door.traceId ?? null, uitkomst,
  });
  await ctx.audit.append(tx, studenten.flatMap(({ pgn, reden }) => {
    const eigen = perStudent.get(pgn) ?? [];
    return [
      regel(pgn, reden, 'ca-omgeving-verwijderd', 'ca-student', `${reden}:${eigen.length}-aanmeldingen`),
      ...eigen.map((a) => regel(pgn, reden, 'ca-aanmelding-verwijderd', `ca-aanmelding/${a.caKetenId}`, a.rest ? 'ingetrokken-voor-sis' : 'verwijderd')),
    ];
  }));
  return {
    aanmeldingen: weg.aanmeldingen.length, restenVoorSis: weg.aanmeldingen.filter((a) => a.rest).length,
    sisBerichten: weg.sisBerichten, sisFoutmeldingen: weg.sisFoutmeldingen,
  };
}

/** Centraal Aanmelden's tables: the scope of its retention and of the search afterwards. */

export interface Bewaarverslag {
  aanleiding: 'bewaartermijn' | 'verzoek';
  tijdstip: string;
  waarschuwingen?: Record<string, number>;
  verwijderd: Record<string, number>;
  controle: {
    /** How many students' data went (the number, never the PGNs). */
    pgns: number;
    /** Per Centraal Aanmelden table, how many of those PGNs still occur in it (0 everywhere is clean). */
    pgnsGevonden: Record<string, number>;
  };
  schoon: boolean;
}

/**
 * The proof of a deletion, as the purge gives one (src/purge/controle.ts, the same search): after it
 * committed, the deleted students' PGNs are looked for in every text and JSON column of every
 * Centraal Aanmelden table; the report is stored, and its hash goes into the audit chain.
 */
export async function legVerslagVast(ctx: AppContext, aanleiding: Bewaarverslag['aanleiding'], nu: Date, inhoud: Pick<Bewaarverslag, 'waarschuwingen' | 'verwijderd'>, pgns: string[]) {
  // Nothing deleted, nothing to look for: the daily run does not scan the tables for an empty list.
  const gevonden = pgns.length ? await pgnsGevonden(ctx.db, pgns, heeftEigenBewaartermijn) : {};
  const verslag: Bewaarverslag = {
    aanleiding, tijdstip: nu.toISOString(), ...inhoud, controle: { pgns: pgns.length, pgnsGevonden: gevonden }, schoon: Object.values(gevonden).every((n) => n === 0),
  };
  const opgeslagen = await ctx.db.transaction(async (tx) => {
    const v = await store.bewaarVerslag(tx, aanleiding, nu, verslag);
    await ctx.audit.append(tx, [{ actorOin: null, actie: 'ca-bewaarverslag-vastgelegd', resource: `ca-bewaarverslag/${v.id}`, doel: 'bewaartermijn', uitkomst: `${verslag.schoon ? 'schoon' : 'NIET schoon'} sha256:${v.hash}` }]);
    return v;
  });
  if (!verslag.schoon) ctx.log.error({ bewaarverslag: opgeslagen.id, pgnsGevonden: gevonden }, 'Centraal Aanmelden retention: data of deleted students is still there');
  return { ...opgeslagen, schoon: verslag.schoon };
}
