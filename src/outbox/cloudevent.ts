import type { OpgeslagenEvent } from './store.ts';

export const EVENT_TYPES = {
  aanmeldstatus: 'nl.vva.aanmeldstatus.v1',
  overstapAanmeldstatusGewijzigd: 'nl.vva.overstap.aanmeldstatus-gewijzigd.v1',
} as const;

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

/**
 * NL GOV CloudEvents profile (spec §10): the hub as `source` by OIN, reverse-DNS types, and no
 * personal data in any attribute — a PGN lives only inside `data`.
 */
export function toCloudEvent(e: OpgeslagenEvent, hubOin: string): CloudEvent {
  return {
    specversion: '1.0',
    id: e.eventId,
    source: `urn:nld:oin:${hubOin}:systeem:vva`,
    type: e.type,
    time: e.tijd.toISOString(),
    datacontenttype: 'application/json',
    data: e.data,
  };
}
