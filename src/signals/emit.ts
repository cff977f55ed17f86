import { randomUUID } from 'node:crypto';
import { uuidv7 } from '../shared/uuid.ts';
import type { AppContext } from '../app/context.ts';
import type { AuditEntry } from '../audit/audit-log.ts';
import type { Queryable } from '../db/db.ts';
import type { SignaalData } from '../outbox/event-data.ts';
import type { EventType } from '../outbox/events.ts';
import * as outbox from '../outbox/store.ts';
import type { NieuwSignaal, SignaalType } from './rules.ts';
import * as store from './store.ts';

export const SIGNAAL_EVENT_TYPE = {
  NIET_AANGEMELD: 'nl.vva.signaal.niet-aangemeld.v1',
  NIET_INGESCHREVEN: 'nl.vva.signaal.niet-ingeschreven.v1',
  STATUSWIJZIGING: 'nl.vva.signaal.statuswijziging.v1',
  INTREKKING: 'nl.vva.signaal.intrekking.v1',
  JAAROVERZICHT: 'nl.vva.signaal.jaaroverzicht.v1',
} as const satisfies Record<SignaalType, EventType>;

/** The signals the rules make one by one; the jaaroverzicht is a milestone's (milestones/jobs.ts). */
type LosSignaal = SignaalData['type'];

export interface TeSignaleren {
  signaal: NieuwSignaal;
  leerling: store.Signaleerbaar;
  /** The moment of the fact that caused it (default: now). */
  tijd?: Date;
}

/**
 * Records signals and makes, for each new one, the event to its gemeente's endpoint and its audit
 * entry, for the caller to write in the same transaction. Signals whose fact already has a signal
 * are dropped here: this is where "never twice" holds.
 */
export async function maakSignalen(ctx: AppContext, tx: Queryable, signalen: TeSignaleren[], traceId: string | null): Promise<{ events: outbox.NieuwEvent[]; audit: (AuditEntry & { tijd: Date })[]; typen: SignaalType[] }> {
  if (signalen.length === 0) return { events: [], audit: [], typen: [] };
  const now = ctx.clock.now();
  const rows: (store.SignaalRij & { leerling: store.Signaleerbaar })[] = signalen.map(({ signaal: s, leerling, tijd }) => ({
    id: randomUUID(), cyclus: leerling.cyclus, gemeentecode: s.gemeentecode, pgn: leerling.pgn, type: s.type, reden: s.reden ?? null,
    brinMbo: s.brinMbo ?? null, aanmeldingId: s.aanmeldingId ?? null, status: s.status ?? null, tijd: tijd ?? now, feit: s.feit, leerling,
  }));
  const inserted = await store.insertSignalen(tx, rows);
  const nieuw = rows.filter((r) => inserted.has(r.feit));
  const endpoints = await store.eindpunten(tx, [...new Set(nieuw.map((r) => r.gemeentecode))]);
  const events: outbox.NieuwEvent[] = [];
  for (const r of nieuw) {
    const oin = endpoints.get(r.gemeentecode);
    // A gemeente without a connection keeps its signals in the hub (overzicht, beheer) until it connects.
    if (!oin) continue;
    const type = r.type as LosSignaal;
    events.push(outbox.nieuwEvent({ eventId: uuidv7(), ontvangerOin: oin, cyclus: r.cyclus, type: SIGNAAL_EVENT_TYPE[type], volgordeSleutel: ctx.audit.pseudonym(r.pgn), tijd: r.tijd, data: signaalData(r, type) }));
  }
  const audit = nieuw.map((r) => ({
    actorOin: null, actie: 'signaal-gemaakt', resource: `signaal/${r.id}`, pgn: r.pgn, doel: 'vva-signalering', traceId, uitkomst: `${r.type}→${r.gemeentecode}`, tijd: r.tijd,
  }));
  // The types of the new signals, for the caller to count once its transaction committed.
  return { events, audit, typen: nieuw.map((r) => r.type) };
}

/** The fields of a signal (spec §7); the address and school are the pupil's latest known ones. */
function signaalData(r: store.SignaalRij & { leerling: store.Signaleerbaar }, type: LosSignaal): SignaalData {
  const l = r.leerling;
  return {
    signaalId: r.id, type, cyclus: r.cyclus, gemeentecode: r.gemeentecode, pgn: r.pgn,
    // (An address always has both: the intake accepts a postcode only with a huisnummer.)
    ...(l.postcode && l.huisnummer !== null ? { postcode: l.postcode, huisnummer: l.huisnummer } : {}),
    ...(l.toevoeging ? { huisnummerToevoeging: l.toevoeging } : {}),
    ...(l.brinVo ? { brinVo: l.brinVo } : {}),
    ...(r.brinMbo && r.aanmeldingId ? { brinMbo: r.brinMbo, aanmeldingId: r.aanmeldingId } : {}),
    // A registration's status, or (a move's STATUSWIJZIGING) the pupil's overstapstatus; the codes the rules
    // (signals/rules.ts) hand out, stored as text.
    ...(r.status ? { status: r.status as SignaalData['status'] } : {}),
    ...(r.reden ? { reden: r.reden as SignaalData['reden'] } : {}),
  };
}
