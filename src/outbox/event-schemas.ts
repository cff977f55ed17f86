import { z } from 'zod';
import { dataschemaUrl, type CloudEvent } from './cloudevent.ts';
import { componentName, EVENT_DATA, EVENT_TYPE_LIST, type EventType } from './events.ts';

const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const VOORBEELD_URL = 'https://vva.example.nl';

/** The first example of a schema (event-data.ts gives one per type). */
const voorbeeldVan = (s: z.ZodType): unknown => (z.globalRegistry.get(s)?.examples as unknown[] | undefined)?.[0];

/**
 * The standalone JSON Schema of an event type's data, as `dataschema` names it: generated from the
 * same zod schema the producers and the outbox's check use. (The schema's id makes zod put it in
 * `$defs` behind a `$ref`; a standalone document has it at the top.)
 */
export function dataJsonSchema(type: EventType, publicUrl: string): Record<string, unknown> {
  const generated = z.toJSONSchema(EVENT_DATA[type], { target: 'draft-2020-12', io: 'output' }) as { $defs?: Record<string, Record<string, unknown>> };
  const { $schema: _s, id: _i, ...schema } = generated.$defs?.[`${componentName(type)}Data`] ?? (generated as Record<string, unknown>);
  return { $schema: JSON_SCHEMA_DIALECT, $id: dataschemaUrl(publicUrl, type), ...schema };
}

// The types a party finds in its inbox: all but the webhook's test message, which is only pushed on registration.
const IN_INBOX = EVENT_TYPE_LIST.filter((t) => t !== 'nl.vva.webhook.test.v1');

const attributen = {
  specversion: z.literal('1.0'),
  id: z.uuid().describe('uniek per bericht: de ontvanger ontdubbelt erop'),
  source: z.string().regex(/^urn:nld:oin:[0-9]{20}:systeem:vva$/).describe('de hub, bij OIN'),
  time: z.iso.datetime(),
  datacontenttype: z.literal('application/json'),
  dataschema: z.url().describe('het JSON Schema van data (GET /api/v1/schemas/{type})'),
  sequence: z.string().regex(/^[0-9]{19}$/).describe('NL GOV: plaats in de eigen inbox, als tekst vergelijkbaar; ook een cursor voor ?na='),
};

/** Per type the CloudEvent as the inbox serves it: OpenAPI component `<Naam>Event`, its data `<Naam>Data`. */
const cloudEvents = IN_INBOX.map((type) => z.strictObject({ ...attributen, type: z.literal(type), data: EVENT_DATA[type] }).meta({
  id: `${componentName(type)}Event`,
  title: String(z.globalRegistry.get(EVENT_DATA[type])?.title ?? type),
  examples: [{
    specversion: '1.0', id: '0196f000-0000-7000-8000-00000000002a', source: 'urn:nld:oin:00000099000000000000:systeem:vva', type,
    time: '2027-02-01T09:00:00.000Z', datacontenttype: 'application/json', dataschema: dataschemaUrl(VOORBEELD_URL, type),
    sequence: '0000000000000000042', data: voorbeeldVan(EVENT_DATA[type]),
  }],
}));

/**
 * One event in the inbox: a `oneOf` of the types, discriminated on `type` (OpenAPI 3.1). The served
 * events are checked against it on the way out, as every response is.
 */
export const cloudEventSchema = z.discriminatedUnion('type', cloudEvents as unknown as [z.ZodObject, ...z.ZodObject[]]).meta({
  discriminator: { propertyName: 'type', mapping: Object.fromEntries(IN_INBOX.map((t) => [t, `#/components/schemas/${componentName(t)}Event`])) },
}) as unknown as z.ZodType<CloudEvent>;
