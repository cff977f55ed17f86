import { z } from 'zod';
import * as d from './event-data.ts';

/** `nl.vva.signaal.niet-aangemeld.v1` → `SignaalNietAangemeldV1`: the name of its schemas in the OpenAPI document. */
export const componentName = (type: string) =>
  type.replace(/^nl\.vva\./, '').split(/[.-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

// Each type's schema gets an id of its own (`.meta` makes a copy, so one shape can serve two types):
// the OpenAPI document names it as a component, and the inbox's events refer to it.
const metIds = <M extends Record<string, z.ZodType>>(schemas: M): M =>
  Object.fromEntries(Object.entries(schemas).map(([type, s]) => [type, s.meta({ id: `${componentName(type)}Data` })])) as M;

/**
 * Every outgoing event type (spec §10) with the schema of its `data`: the one list that producers,
 * the outbox's check, the served JSON Schemas and the OpenAPI document all read.
 */
export const EVENT_DATA = metIds({
  'nl.vva.aanmeldstatus.v1': d.aanmeldstatusData,
  'nl.vva.overstap.aanmeldstatus-gewijzigd.v1': d.overstapGewijzigdData,
  'nl.vva.signaal.niet-aangemeld.v1': d.signaalData.NIET_AANGEMELD,
  'nl.vva.signaal.niet-ingeschreven.v1': d.signaalData.NIET_INGESCHREVEN,
  'nl.vva.signaal.statuswijziging.v1': d.signaalData.STATUSWIJZIGING,
  'nl.vva.signaal.intrekking.v1': d.signaalData.INTREKKING,
  'nl.vva.signaal.jaaroverzicht.v1': d.gemeenteJaaroverzichtData,
  'nl.vva.overstap.jaaroverzicht.v1': d.overstapJaaroverzichtData,
  'nl.vva.herinnering.leverdatum.v1': d.herinneringLeverdatumData,
  'nl.vva.lijst.niet-aangemeld.v1': d.lijstNietAangemeldData,
  'nl.vva.herinnering.geen-uitwisseling.v1': d.herinneringGeenUitwisselingData,
  'nl.vva.beheer.scholen-zonder-levering.v1': d.zonderUitwisselingData,
  'nl.vva.beheer.instellingen-zonder-uitwisseling.v1': d.zonderUitwisselingData,
  'nl.vva.beheer.dode-letter.v1': d.dodeLetterData,
  'nl.vva.beheer.webhook-uitgeschakeld.v1': d.webhookUitgeschakeldData,
  'nl.vva.webhook.test.v1': d.webhookTestData,
  'nl.vva.demo.v1': d.demoData,
});

export type EventType = keyof typeof EVENT_DATA;
/** What a producer must give as `data` of an event of type T: derived from the schema, so the two cannot drift. */
export type EventData<T extends EventType> = z.output<(typeof EVENT_DATA)[T]>;
export const EVENT_TYPE_LIST = Object.keys(EVENT_DATA) as EventType[];
export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENT_DATA, type);

/**
 * Refuses an event whose data does not match its type's schema, before it is stored: a producer bug
 * (a field without a schema, a missing field) stops here instead of reaching a party. The message
 * names type and fields only, never values: they may hold a PGN.
 */
export function checkEventData(type: string, data: unknown): void {
  if (!isEventType(type)) throw new Error(`outgoing event of unknown type ${type}: add it to src/outbox/events.ts`);
  const result = EVENT_DATA[type].safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.code}${i.code === 'unrecognized_keys' ? ` ${(i as { keys: string[] }).keys.join(', ')}` : ''}`);
    throw new Error(`outgoing event ${type} does not match its schema: ${problems.join('; ')}`);
  }
}
