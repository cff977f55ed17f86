import { telResultaten } from './resultaat.ts';
import type { AppContext } from '../app/context.ts';
import type { AuditEntry } from '../audit/audit-log.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Actor } from '../identity/service.ts';
import { CLAIM_ACTIE, mboGangerBerichtSchema, type MboGangerBericht } from '../koppelpunt-vo/mbo-ganger-bericht.ts';
import { deriveLeerling, type LeerlingToestand } from '../leerling/derive.ts';
import * as leerlingStore from '../leerling/store.ts';
import * as journal from '../journal/store.ts';
import { activeBrins, activeVestigingen, adresKey, resolveGemeenten } from '../reference-data/store.ts';
import { inhaalStatussen } from '../routing/routing.ts';
import type { InvalidParam } from '../shared/errors.ts';
import { groupBy, replaceOrAppend } from '../shared/collections.ts';
import { adressenVan, parseBatch, rejectWhere, unique, intakeTransactie } from './common.ts';
import type { BerichtResultaat, Resultaat } from './resultaat.ts';
import { geaccepteerdeStatus, toestandNa, type MboGangerFeitData } from './events.ts';

/**
 * Intake of a batch of mbo-gangerberichten (spec §4.1): validate each, check the school and the
 * sender's right to speak for it, then in one transaction apply them in request order, derive the
 * pupils' state and journal every accepted message; the distributor routes, signals and audits them.
 */
export async function processMboGangerberichten(ctx: AppContext, actor: Actor, raws: unknown[], traceId: string): Promise<BerichtResultaat[]> {
  const now = ctx.clock.now();
  const cyclus = cycleOf(now);
  const results: BerichtResultaat[] = new Array(raws.length);
  let candidates = parseBatch(mboGangerBerichtSchema(now), raws, results);

  const brins = unique(candidates.map((c) => c.bericht.brinVo));
  // Reference data and mandates, side by side on the pool before the transaction (on the embedded
  // engine a query outside it would wait for it forever): the transaction holds only the pupils' reads.
  const [known, allowed, vestigingen, gemeenten] = await Promise.all([
    activeBrins(ctx.db, 'vo_school', brins),
    ctx.identity.allowedBrins(actor, 'vo-school', now),
    activeVestigingen(ctx.db, unique(candidates.flatMap((c) => (c.bericht.vestiging ? [c.bericht.vestiging] : [])))),
    resolveGemeenten(ctx.db, adressenVan(candidates.map((c) => c.bericht))),
  ]);
  candidates = rejectWhere(candidates, results, (m) => {
    const problems: InvalidParam[] = [];
    if (!known.has(m.brinVo)) problems.push({ name: 'brinVo', reason: 'geen actieve vo-school in de DUO-gegevens' });
    else if (!allowed.has(m.brinVo)) problems.push({ name: 'brinVo', reason: 'de afzender mag geen berichten sturen namens deze school (geen eigen BRIN of geldig mandaat)' });
    if (m.vestiging && !vestigingen.has(m.vestiging)) problems.push({ name: 'vestiging', reason: 'geen actieve vestiging van deze school' });
    return problems;
  });

  // A turn first: every intake transaction holds its pupils' locks in the server's one lock table (src/intake/sloten.ts).
  await intakeTransactie(ctx, 'mbo-gangerbericht', async (tx) => {
    const pgns = unique(candidates.map((c) => c.bericht.pgn));
    // First, before any write: the pupil's lock orders this transaction's journal rows after those of
    // any earlier transaction about the same pupil (see journal/store.ts).
    await leerlingStore.lockPgns(tx, ctx.db.engine, pgns);
    const seen = await journal.findOntvangen(tx, actor.oin, candidates.map((c) => c.bericht.berichtId));
    const state = new Map((await leerlingStore.loadMboGangers(tx, cyclus, pgns)).map((r) => [`${r.pgn}|${r.brinVo}`, r]));
    const aanmeldingen = await leerlingStore.loadAanmeldingen(tx, cyclus, pgns);
    const aanmeldingenPerLeerling = groupBy(aanmeldingen, (a) => a.pgn);

    // Each pupil's reports as they stand after each message (in the order of `state`, so they stay equal
    // to regrouping it), for the state each message leaves (spec §7); the last is the state after the batch.
    const meldingenNu = groupBy([...state.values()], (r) => r.pgn);
    const toestanden = new Map<string, LeerlingToestand>();
    const feiten: journal.NieuwFeit[] = [];
    const claims: AuditEntry[] = [];
    const changed = new Map<string, leerlingStore.MboGangerRij>();
    const inBatch = new Map<string, BerichtResultaat>();
    for (const { index, bericht: m } of candidates) {
      const original = seen.get(m.berichtId) ?? inBatch.get(m.berichtId);
      if (original) {
        results[index] = { berichtId: m.berichtId, resultaat: 'DUPLICAAT', origineel: original.resultaat as Resultaat };
        continue;
      }
      const key = `${m.pgn}|${m.brinVo}`;
      const existing = state.get(key);
      const resultaat = existing && existing.tijdstip.getTime() > Date.parse(m.tijdstip) ? 'VEROUDERD' : 'VERWERKT';
      const data: MboGangerFeitData = { gebruiker: actor.gebruiker ?? null, brinVo: m.brinVo, inhaal: [] };
      // §12 lets a school report any PGN (the hub cannot check enrolment); a first report of a pupil that
      // another school reported this cycle is a claim beheer must be able to see (issue 13.7).
      if (resultaat === 'VERWERKT' && !existing && (meldingenNu.get(m.pgn) ?? []).some((r) => r.brinVo !== m.brinVo)) {
        claims.push({ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: CLAIM_ACTIE, resource: `vo-scholen/${m.brinVo}`, pgn: m.pgn, doel: 'vva-uitwisseling', traceId, uitkomst: 'ok' });
      }
      if (resultaat === 'VERWERKT') {
        // A school that reports a pupil for the first time gets the statuses it would have had (spec §8).
        if (!existing) data.inhaal = inhaalStatussen(m.brinVo, m.mboGanger, aanmeldingenPerLeerling.get(m.pgn) ?? []).map(geaccepteerdeStatus);
        const row = toRow(m, cyclus, actor.oin, now, m.postcode ? gemeenten.get(adresKey(m.postcode, m.huisnummer!))?.gemeentecode ?? null : null);
        state.set(key, row);
        changed.set(key, row);
        const meldingen = replaceOrAppend(meldingenNu.get(m.pgn) ?? [], (r) => r.brinVo === m.brinVo, row);
        meldingenNu.set(m.pgn, meldingen);
        const toestand = deriveLeerling(meldingen, aanmeldingenPerLeerling.get(m.pgn) ?? []);
        toestanden.set(m.pgn, toestand);
        data.toestandNa = toestandNa(toestand);
      }
      results[index] = { berichtId: m.berichtId, resultaat };
      inBatch.set(m.berichtId, results[index]!);
      feiten.push({ soort: 'mbo-ganger', afzenderOin: actor.oin, berichtId: m.berichtId, cyclus, pgn: m.pgn, resultaat, eldersAangemeld: null, traceId, tijdstip: now, data: { ...data } });
    }

    const leerlingen = [...toestanden].map(([pgn, toestand]) => ({ cyclus, pgn, ...toestand }));

    await leerlingStore.upsertMboGangers(tx, [...changed.values()]);
    await leerlingStore.upsertLeerlingen(tx, leerlingen, now);
    // Accepted messages are audited by the distributor from their journal rows; the others here.
    const overige: AuditEntry[] = [...claims, ...raws.flatMap((raw, i) => (results[i]!.resultaat === 'AFGEWEZEN' || results[i]!.resultaat === 'DUPLICAAT' ? [{
      actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'mbo-gangerbericht-ontvangen', resource: `mbo-gangerbericht/${results[i]?.berichtId ?? i}`,
      pgn: pgnOf(raw), doel: 'vva-uitwisseling', traceId, uitkomst: results[i]!.resultaat,
    }] : []))];
    await journal.insertFeiten(tx, overige.length ? [...feiten, ctx.audit.feit(overige, traceId)] : feiten);
  });
  telResultaten(ctx.metrics, 'mbo-gangerbericht', results);
  await ctx.onFeiten();
  return results;
}

function toRow(m: MboGangerBericht, cyclus: number, afzenderOin: string, ontvangen: Date, gemeentecode: string | null): leerlingStore.MboGangerRij {
  return {
    cyclus, pgn: m.pgn, brinVo: m.brinVo, vestiging: m.vestiging ?? null, postcode: m.postcode ?? null, huisnummer: m.huisnummer ?? null,
    toevoeging: m.huisnummerToevoeging ?? null, woonland: m.woonland, gemeentecode, mboGanger: m.mboGanger, redenNee: m.redenNee ?? null,
    tijdstip: new Date(m.tijdstip), berichtId: m.berichtId, afzenderOin, ontvangen,
  };
}

/** The PGN of a raw message if it looks like one: audit records of rejected messages carry it pseudonymised. */
export function pgnOf(raw: unknown): string | null {
  const pgn = (raw as { pgn?: unknown } | null)?.pgn;
  return typeof pgn === 'string' && /^[0-9]{9}$/.test(pgn) ? pgn : null;
}
