import { telResultaten } from './resultaat.ts';
import type { AppContext } from '../app/context.ts';
import { cycleOf } from '../calendar/cycle.ts';
import { middernacht } from '../calendar/calendar.ts';
import type { Actor } from '../identity/service.ts';
import { aanmeldstatusBerichtSchema, isAllowedTransition, TERMINAL, type AanmeldstatusBericht } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';
import { deriveLeerling, eldersAangemeld, type LeerlingToestand } from '../leerling/derive.ts';
import * as leerlingStore from '../leerling/store.ts';
import * as journal from '../journal/store.ts';
import { activeBrins, adresKey, resolveGemeenten } from '../reference-data/store.ts';
import { groupBy, replaceOrAppend } from '../shared/collections.ts';
import { adressenVan, afgewezen, parseBatch, rejectWhere, unique, intakeTransactie } from './common.ts';
import { geaccepteerdeStatus, toestandNa, type AanmeldstatusFeitData, type ToestandNa } from './events.ts';
import { pgnOf } from './mbo-ganger-intake.ts';
import type { BerichtResultaat, Resultaat } from './resultaat.ts';

type Rij = leerlingStore.AanmeldingRij;
const keyOf = (r: { brinMbo: string; aanmeldingId: string }) => `${r.brinMbo}|${r.aanmeldingId}`;

/**
 * Intake of a batch of aanmeldstatusberichten (spec §4.2): the institution sends every registration;
 * the hub validates, applies allowed transitions in request order, derives the pupils' state, journals
 * each accepted status for the distributor and answers each message with whether the student is registered elsewhere.
 */
export async function processAanmeldstatusberichten(ctx: AppContext, actor: Actor, raws: unknown[], traceId: string): Promise<BerichtResultaat[]> {
  const now = ctx.clock.now();
  const cyclus = cycleOf(now);
  const results: BerichtResultaat[] = new Array(raws.length);
  let candidates = parseBatch(aanmeldstatusBerichtSchema(now), raws, results) as { index: number; bericht: AanmeldstatusBericht }[];

  // Reference data and mandates side by side before the transaction (see mbo-ganger-intake.ts).
  // With them the calendars of this cycle and the one before: read before the transaction, as on the
  // embedded engine a query outside it would wait for it forever.
  const [known, allowed, gemeenten, ...kalenders] = await Promise.all([
    activeBrins(ctx.db, 'mbo_instelling', unique(candidates.map((c) => c.bericht.brinMbo))),
    ctx.identity.allowedBrins(actor, 'mbo-instelling', now),
    resolveGemeenten(ctx.db, adressenVan(candidates.map((c) => c.bericht))),
    ctx.calendar.kalender(cyclus - 1),
    ctx.calendar.kalender(cyclus),
  ]);
  candidates = rejectWhere(candidates, results, (m) => {
    if (!known.has(m.brinMbo)) return [{ name: 'brinMbo', reason: 'geen actieve mbo-instelling in de referentiegegevens' }];
    if (!allowed.has(m.brinMbo)) return [{ name: 'brinMbo', reason: 'de afzender mag geen berichten sturen namens deze instelling (geen eigen BRIN of geldig mandaat)' }];
    return [];
  });

  const aanmelddatum = new Map(kalenders.map((k, i) => [cyclus - 1 + i, middernacht(k.aanmelddatum).getTime()]));

  await intakeTransactie(ctx, 'aanmeldstatusbericht', async (tx) => {
    const pgns = unique(candidates.map((c) => c.bericht.pgn));
    await leerlingStore.lockPgns(tx, ctx.db.engine, pgns);
    const seen = await journal.findOntvangen(tx, actor.oin, candidates.map((c) => c.bericht.berichtId));
    // A registration keeps the cycle it started in; load every involved cycle's registrations and reports.
    const bekend = await leerlingStore.loadAanmeldingen(tx, cyclus, pgns, candidates.map((c) => c.bericht));
    const cycli = unique([cyclus, ...bekend.map((r) => r.cyclus)]);
    const state = new Map(bekend.map((r) => [keyOf(r), r]));
    const mboGangers: leerlingStore.MboGangerRij[] = [];
    for (const c of cycli) {
      if (c !== cyclus) for (const r of await leerlingStore.loadAanmeldingen(tx, c, pgns)) state.set(keyOf(r), state.get(keyOf(r)) ?? r);
      mboGangers.push(...(await leerlingStore.loadMboGangers(tx, c, pgns)));
    }

    // Per pupil (and cycle) its registrations and the schools' reports, kept current message by message
    // (in the order of `state`, so they stay equal to regrouping it): the state each message leaves is
    // what the signal engine weighs it against (spec §7); the last one is the pupil's state after the batch.
    const regsNu = groupBy([...state.values()], (r) => `${r.cyclus}|${r.pgn}`);
    const meldingenPerLeerling = groupBy(mboGangers, (m) => `${m.cyclus}|${m.pgn}`);
    const toestanden = new Map<string, LeerlingToestand>();
    const accepted: { index: number; berichtId: string; row: Rij; resultaat: Resultaat; statusGewijzigd?: boolean; toestandNa?: ToestandNa }[] = [];
    const changed = new Map<string, Rij>();
    const inBatch = new Map<string, BerichtResultaat>();
    for (const { index, bericht: m } of candidates) {
      const original = seen.get(m.berichtId) ?? inBatch.get(m.berichtId);
      if (original) {
        results[index] = { berichtId: m.berichtId, resultaat: 'DUPLICAAT', origineel: original.resultaat as Resultaat, ...(original.eldersAangemeld != null ? { eldersAangemeld: original.eldersAangemeld } : {}) };
        continue;
      }
      const existing = state.get(keyOf(m));
      if (existing && existing.pgn !== m.pgn) {
        results[index] = afgewezen(m, [{ name: 'pgn', reason: 'deze aanmeldingId hoort bij een andere pgn; gebruik een nieuwe aanmeldingId' }]);
        continue;
      }
      if (existing && existing.tijdstip.getTime() > Date.parse(m.tijdstip)) {
        accepted.push({ index, berichtId: m.berichtId, row: existing, resultaat: 'VEROUDERD' });
        inBatch.set(m.berichtId, { berichtId: m.berichtId, resultaat: 'VEROUDERD' });
        continue;
      }
      if (!isAllowedTransition(existing?.status ?? null, m.status)) {
        results[index] = afgewezen(m, [{ name: 'status', reason: `overgang ${existing!.status} → ${m.status} is niet toegestaan${TERMINAL.has(existing!.status) ? '; een afgesloten aanmelding heropent alleen met een nieuwe aanmeldingId' : ''}` }]);
        continue;
      }
      const row = toRow(m, existing, existing?.cyclus ?? cyclus, actor.oin, now, m.postcode ? gemeenten.get(adresKey(m.postcode, m.huisnummer!))?.gemeentecode ?? null : null);
      state.set(keyOf(row), row);
      changed.set(keyOf(row), row);
      const leerlingKey = `${row.cyclus}|${row.pgn}`;
      const regs = replaceOrAppend(regsNu.get(leerlingKey) ?? [], (r) => keyOf(r) === keyOf(row), row);
      regsNu.set(leerlingKey, regs);
      const toestand = deriveLeerling(meldingenPerLeerling.get(leerlingKey) ?? [], regs);
      toestanden.set(leerlingKey, toestand);
      accepted.push({ index, berichtId: m.berichtId, row, resultaat: 'VERWERKT', statusGewijzigd: existing?.status !== row.status, toestandNa: toestandNa(toestand) });
      inBatch.set(m.berichtId, { berichtId: m.berichtId, resultaat: 'VERWERKT' });
    }

    const regsOf = (pgn: string, c: number) => regsNu.get(`${c}|${pgn}`) ?? [];
    const meldingenOf = (pgn: string, c: number) => meldingenPerLeerling.get(`${c}|${pgn}`) ?? [];
    const touched = unique([...changed.values()].map((r) => `${r.cyclus}|${r.pgn}`)).map((k) => ({ cyclus: Number(k.split('|')[0]), pgn: k.split('|')[1]! }));
    // A pupil that falls back from registered to nothing after the aanmelddatum is counted (spec §15).
    const vorige = await leerlingStore.loadOverstapstatussen(tx, touched);
    const leerlingen = new Map(touched.map((t) => {
      const key = `${t.cyclus}|${t.pgn}`;
      const toestand = toestanden.get(key)!;
      const was = vorige.get(key);
      const teruggevallen = (was === 'AANGEMELD' || was === 'INGESCHREVEN') && toestand.overstapstatus === 'GEEN_AANMELDING' && now.getTime() >= (aanmelddatum.get(t.cyclus) ?? Infinity);
      // The derived state is this batch's own object: completed in place rather than copied by spreading.
      return [key, Object.assign(toestand, { cyclus: t.cyclus, pgn: t.pgn, teruggevallen })];
    }));

    for (const a of accepted) {
      const elders = eldersAangemeld(regsOf(a.row.pgn, a.row.cyclus), a.row.brinMbo);
      results[a.index] = { berichtId: a.berichtId, resultaat: a.resultaat, eldersAangemeld: elders };
    }

    // Routing (spec §6) is the distributor's: the journal row keeps the status and routing's inputs as they are now.
    const feiten: journal.NieuwFeit[] = accepted.map((a) => {
      const base = { soort: 'aanmeldstatus' as const, afzenderOin: actor.oin, berichtId: a.berichtId, cyclus: a.row.cyclus, pgn: a.row.pgn, resultaat: a.resultaat, eldersAangemeld: results[a.index]!.eldersAangemeld ?? null, traceId, tijdstip: now };
      if (a.resultaat !== 'VERWERKT') return { ...base, data: { gebruiker: actor.gebruiker ?? null } };
      const leerling = leerlingen.get(`${a.row.cyclus}|${a.row.pgn}`)!;
      const data: AanmeldstatusFeitData = {
        gebruiker: actor.gebruiker ?? null, status: geaccepteerdeStatus(a.row), statusGewijzigd: a.statusGewijzigd ?? false,
        leerling: { woonland: leerling.woonland, woongemeente: leerling.woongemeente },
        meldingen: meldingenOf(a.row.pgn, a.row.cyclus).map((m) => ({ brinVo: m.brinVo, mboGanger: m.mboGanger })),
        ...(a.toestandNa ? { toestandNa: a.toestandNa } : {}),
      };
      return { ...base, data: data as unknown as Record<string, unknown> };
    });

    await leerlingStore.upsertAanmeldingen(tx, [...changed.values()]);
    await leerlingStore.upsertLeerlingen(tx, [...leerlingen.values()], now);
    // Accepted messages are audited by the distributor from their journal rows; the others here.
    const overige = raws.flatMap((raw, i) => (results[i]!.resultaat === 'AFGEWEZEN' || results[i]!.resultaat === 'DUPLICAAT' ? [{
      actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'aanmeldstatusbericht-ontvangen', resource: `aanmeldstatusbericht/${results[i]?.berichtId ?? i}`,
      pgn: pgnOf(raw), doel: 'vva-uitwisseling', traceId, uitkomst: results[i]!.resultaat,
    }] : []));
    await journal.insertFeiten(tx, overige.length ? [...feiten, ctx.audit.feit(overige, traceId)] : feiten);
  });
  telResultaten(ctx.metrics, 'aanmeldstatusbericht', results);
  await ctx.onFeiten();
  return results;
}

function toRow(m: AanmeldstatusBericht, existing: Rij | undefined, cyclus: number, afzenderOin: string, ontvangen: Date, gemeentecode: string | null): Rij {
  const tijdstip = new Date(m.tijdstip);
  return {
    brinMbo: m.brinMbo, aanmeldingId: m.aanmeldingId, cyclus, pgn: m.pgn, caKetenId: m.caKetenId ?? null, postcode: m.postcode ?? null,
    huisnummer: m.huisnummer ?? null, toevoeging: m.huisnummerToevoeging ?? null, woonland: m.woonland, gemeentecode, brinVo: m.brinVo ?? null,
    vooropleiding: m.vooropleiding, leertraject: m.leertraject, leeftijdscategorie: m.leeftijdscategorie, startkwalificatie: m.startkwalificatie,
    status: m.status, crebo: m.crebo ?? null, tijdstip, berichtId: m.berichtId, afzenderOin, ontvangen,
    eersteTijdstip: existing?.eersteTijdstip ?? tijdstip,
    ingeschrevenTijdstip: existing?.ingeschrevenTijdstip ?? (m.status === 'LI' ? tijdstip : null),
  };
}
