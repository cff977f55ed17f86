import type { AuditRecord } from './chain.ts';
import { activiteitVan } from './verwerkingsactiviteiten.ts';

/**
 * An audit record in the shape of Logius' Logboek Dataverwerkingen (LDV): trace and span ids, the
 * action's name and time, a status code, the component as resource, and the `dpl.core.*` attributes
 * (processing activity, data subject as pseudonym). What the standard does not name goes under
 * `dpl.vva.*`, so a receiving Logboek loses nothing of the audit record.
 */
export interface LdvRecord {
  trace_id: string;
  span_id: string;
  name: string;
  start_time: number;
  end_time: number;
  status_code: 'STATUS_CODE_OK' | 'STATUS_CODE_ERROR';
  resource: { attributes: { key: string; value: string }[] };
  attributes: { key: string; value: string }[];
}

/** Outcomes that mean the processing did not happen as asked. */
const FOUT = /^(geweigerd|fout|afgewezen|mislukt|niet\b)/i;

export function naarLdv(r: AuditRecord, opts: { registerUrl: string; versie: string }): LdvRecord {
  const activiteit = activiteitVan(r.doel)?.id ?? 'onbekend';
  const attributes: [string, string | number | null][] = [
    ['dpl.core.processing_activity_id', `${opts.registerUrl}/${activiteit}`],
    ['dpl.core.data_subject_id', r.pgnPseudoniem],
    ['dpl.core.data_subject_id_type', r.pgnPseudoniem ? 'pgn-pseudoniem (HMAC-SHA256)' : null],
    ['dpl.vva.actor_oin', r.actorOin],
    ['dpl.vva.gebruiker', r.gebruiker],
    ['dpl.vva.resource', r.resource],
    ['dpl.vva.doel', r.doel],
    ['dpl.vva.uitkomst', r.uitkomst],
    ['dpl.vva.audit_seq', r.seq],
    ['dpl.vva.audit_hash', r.hash],
  ];
  const ms = r.tijdstip.getTime();
  return {
    // The request's W3C trace id when there was one; the hub's own work (the distributor, milestones)
    // gets one derived from the record's hash, stable across exports.
    trace_id: r.traceId && /^[0-9a-f]{32}$/.test(r.traceId) ? r.traceId : r.hash.slice(16, 48),
    span_id: r.hash.slice(0, 16),
    name: r.actie,
    start_time: ms,
    end_time: ms,
    status_code: FOUT.test(r.uitkomst) ? 'STATUS_CODE_ERROR' : 'STATUS_CODE_OK',
    resource: { attributes: [{ key: 'service.name', value: 'open-vva' }, { key: 'service.version', value: opts.versie }] },
    attributes: attributes.filter(([, v]) => v !== null).map(([key, value]) => ({ key, value: String(value) })),
  };
}
