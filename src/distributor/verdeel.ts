import { uuidv7 } from '../shared/uuid.ts';
import type { AppContext } from '../app/context.ts';
import { AuditLog, type AuditEntry, type AuditRegel } from '../audit/audit-log.ts';
import type { Checkpoint } from '../audit/checkpoint.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Queryable } from '../db/db.ts';
import { aanmeldstatusEventData, type AanmeldstatusFeitData, type MboGangerFeitData } from '../intake/events.ts';
import type { Feit } from '../journal/store.ts';
import { subscribedOverstapsystemen } from '../leerling/store.ts';
import { EVENT_TYPES } from '../outbox/cloudevent.ts';
import type { EventData, EventType } from '../outbox/events.ts';
import * as outbox from '../outbox/store.ts';
import { routeAanmeldstatus } from '../routing/routing.ts';
import { groupBy, unique } from '../shared/collections.ts';
import { maakSignalen } from '../signals/emit.ts';
import { signaleer, type SignaalInvoer } from '../signals/engine.ts';
import { verwerkCaStatussen } from '../centraal-aanmelden/aanmelding/status-terug.ts';

/**
 * Everything that follows from a batch of journal rows, in journal order and in the caller's one
 * transaction: routing of each accepted status (spec §6), the catch-up statuses of a first report
 * (§8), the signal engine (§7), overstap notifications (§9), the outbox and its deliveries (§10), and
 * the audit chain (§13). Each lookup is one statement for the whole batch.
 */
export async function verdeel(ctx: AppContext, tx: Queryable, feiten: Feit[]): Promise<{ events: number; signalen: number; signaalTypen: string[]; ontvangers: string[]; checkpoint: Checkpoint | null }> {
  const statussen = feiten.filter((f) => f.soort === 'aanmeldstatus' && f.resultaat === 'VERWERKT');
  const meldingen = feiten.filter((f) => f.soort === 'mbo-ganger' && f.resultaat === 'VERWERKT');
  const statusData = (f: Feit) => f.data as unknown as AanmeldstatusFeitData;
  const meldingData = (f: Feit) => f.data as unknown as MboGangerFeitData;

  const scholen = await outbox.connectedVoScholen(tx, unique([
    ...statussen.flatMap((f) => statusData(f).meldingen.map((m) => m.brinVo)),
    ...meldingen.filter((f) => meldingData(f).inhaal.length > 0).map((f) => meldingData(f).brinVo),
  ]));
  // Once per batch: the batch's schools can be thousands, and a copy per status made the pass quadratic.
  const actieveVoScholen = new Set(scholen.keys());
  const ca = statussen.length > 0 ? await outbox.oinsOfSoort(tx, 'centraal-aanmelden') : [];
  const abonnees = new Map<string, string[]>();
  for (const [c, fs] of groupBy(statussen, (f) => String(cycleOf(f.tijdstip)))) {
    for (const [pgn, oins] of await subscribedOverstapsystemen(tx, Number(c), unique(fs.map((f) => f.pgn!)))) abonnees.set(`${c}|${pgn}`, oins);
  }

  const audit: AuditRegel[] = [];
  const events: outbox.NieuwEvent[] = [];
  /** The journal row each routed event came from: a supplier's copy is audited like its original. */
  const herkomst = new Map<string, Feit>();
  const invoer: SignaalInvoer[] = [];
  const regel = (e: AuditEntry, tijd: Date) => audit.push(ctx.audit.regel(e, tijd));
  const event = <T extends EventType>(f: Feit, ontvangerOin: string, type: T, data: EventData<T>) =>
    events.push(outbox.nieuwEvent({ eventId: uuidv7(), ontvangerOin, cyclus: f.cyclus, type, volgordeSleutel: f.pgn ? ctx.audit.pseudonym(f.pgn) : null, tijd: f.tijdstip, data }));

  for (const f of feiten) {
    if (f.soort === 'audit') {
      audit.push(...AuditLog.regelsVan(f.data));
      continue;
    }
    if ((f.data as { gemigreerd?: boolean }).gemigreerd) continue;
    const ontvangen = (actie: string, resource: string) => regel({
      actorOin: f.afzenderOin, gebruiker: (f.data.gebruiker as string | null) ?? null, actie, resource: `${resource}/${f.berichtId}`,
      pgn: f.pgn, doel: 'vva-uitwisseling', traceId: f.traceId, uitkomst: f.resultaat!,
    }, f.tijdstip);
    const voor = events.length;
    if (f.soort === 'mbo-ganger') {
      ontvangen('mbo-gangerbericht-ontvangen', 'mbo-gangerbericht');
      if (f.resultaat !== 'VERWERKT') continue;
      const d = meldingData(f);
      const school = scholen.get(d.brinVo);
      if (school) for (const a of d.inhaal) event(f, school, EVENT_TYPES.aanmeldstatus, aanmeldstatusEventData(a, { brinVo: d.brinVo }));
      invoer.push({ id: f.id, cyclus: f.cyclus, pgn: f.pgn!, gemeentecode: null, brinMbo: null, aanmeldingId: null, status: null, tijdstip: f.tijdstip, toestandNa: d.toestandNa });
    } else {
      ontvangen('aanmeldstatusbericht-ontvangen', 'aanmeldstatusbericht');
      if (f.resultaat !== 'VERWERKT') continue;
      const d = statusData(f);
      const route = routeAanmeldstatus(d.status, {
        meldingen: d.meldingen, actieveVoScholen, leerling: d.leerling, centraalAanmelden: ca,
        overstapsystemen: abonnees.get(`${cycleOf(f.tijdstip)}|${f.pgn}`) ?? [],
      });
      for (const oin of route.centraalAanmelden) event(f, oin, EVENT_TYPES.aanmeldstatus, aanmeldstatusEventData(d.status, 'centraal-aanmelden'));
      for (const brin of route.voScholen) event(f, scholen.get(brin)!, EVENT_TYPES.aanmeldstatus, aanmeldstatusEventData(d.status, { brinVo: brin }));
      // Overstapsystemen get only the fact that something changed; they pull the statuses (spec §9).
      for (const oin of route.overstapsystemen) event(f, oin, EVENT_TYPES.overstapAanmeldstatusGewijzigd, { pgn: d.status.pgn });
      // Every status goes to the signal engine (it may change the pupil's overstapstatus); the gemeente
      // may see the status itself only when routing says so, and only when it changed.
      invoer.push({
        id: f.id, cyclus: d.status.cyclus, pgn: d.status.pgn, gemeentecode: d.statusGewijzigd ? route.gemeente : null,
        brinMbo: d.status.brinMbo, aanmeldingId: d.status.aanmeldingId, status: d.status.status, tijdstip: f.tijdstip, toestandNa: d.toestandNa,
      });
    }
    for (const e of events.slice(voor)) {
      herkomst.set(e.eventId, f);
      regel(klaargezet(e, f), f.tijdstip);
    }
  }

  const signalen = await maakSignalen(ctx, tx, await signaleer(tx, invoer, ctx.clock.now()), null);
  events.push(...signalen.events);
  for (const e of signalen.audit) regel(e, e.tijd);

  // Centraal Aanmelden's own registrations take the statuses that concern them (spec §17), in this transaction.
  audit.push(...await verwerkCaStatussen(ctx, tx, statussen.filter((f) => !(f.data as { gemigreerd?: boolean }).gemigreerd).map((f) => statusData(f).status)));

  // The outbox and the chain last, together: they hand out their numbers in this transaction's order.
  // The outbox first, as it makes the suppliers' copies (spec §10), whose hand-over is audited too.
  const { ontvangers, kopieen } = await outbox.insertEvents(tx, events, ctx.clock.now());
  for (const { bron, kopie } of kopieen) {
    const f = herkomst.get(bron.eventId);
    if (f) regel(klaargezet(kopie, f), f.tijdstip);
  }
  const checkpoint = await ctx.audit.chain(tx, audit);
  return { events: events.length + kopieen.length, signalen: signalen.audit.length, signaalTypen: signalen.typen, ontvangers, checkpoint };
}

/** The audit line of an event made ready for its recipient (`uitkomst`). */
const klaargezet = (e: outbox.NieuwEvent, f: Feit): AuditEntry => ({
  actorOin: null, actie: 'bericht-klaargezet', resource: `uitgaand-bericht/${e.eventId}`, pgn: f.pgn, doel: 'vva-levering', traceId: f.traceId, uitkomst: e.ontvangerOin,
});
