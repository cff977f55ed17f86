import type { Config } from '../config/config.ts';
import type { EventType } from './events.ts';
import type { OpgeslagenEvent } from './store.ts';

export const EVENT_TYPES = {
  aanmeldstatus: 'nl.vva.aanmeldstatus.v1',
  overstapAanmeldstatusGewijzigd: 'nl.vva.overstap.aanmeldstatus-gewijzigd.v1',
} as const satisfies Record<string, EventType>;

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  sequence: string;
  data: Record<string, unknown>;
}

/** Where the JSON Schema of an event type's data is published (beside the OpenAPI document). */
export const dataschemaUrl = (publicUrl: string, type: string) => `${publicUrl}/api/v1/schemas/${type}`;

/**
 * The NL GOV `sequence` of an event: its place in the recipient's inbox, which is also a cursor for
 * `?na=`. Zero-padded to the 19 digits of a bigint, because the CloudEvents sequence extension
 * compares sequences as strings ("9" would sort after "10").
 */
export const sequenceOf = (id: number) => String(id).padStart(19, '0');

/**
 * NL GOV CloudEvents profile (spec §10): the hub as `source` by OIN, reverse-DNS types, the schema of
 * the data by URL, the inbox position as `sequence`, and no personal data in any attribute — a PGN
 * lives only inside `data`.
 */
export function toCloudEvent(e: OpgeslagenEvent, hub: Pick<Config, 'hubOin' | 'publicUrl'>): CloudEvent {
  return {
    specversion: '1.0',
    id: e.eventId,
    source: `urn:nld:oin:${hub.hubOin}:systeem:vva`,
    type: e.type,
    time: e.tijd.toISOString(),
    datacontenttype: 'application/json',
    dataschema: dataschemaUrl(hub.publicUrl, e.type),
    sequence: sequenceOf(e.id),
    data: e.data,
  };
}
