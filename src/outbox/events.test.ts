import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkEventData, EVENT_DATA, EVENT_TYPE_LIST, type EventData } from './events.ts';
import type { NieuwEvent } from './store.ts';

// Compile-time half of issue 12.2: an event's data is typed by its schema (z.output), so `npm run
// typecheck` fails on a producer that adds a field without adding it to the schema. Each
// `@ts-expect-error` below fails the typecheck the day that stops being an error.
const e = { eventId: '0196f000-0000-7000-8000-000000000001', ontvangerOin: '0000000700018BR00000', cyclus: 2027, volgordeSleutel: null, tijd: new Date() };
export const producers: NieuwEvent[] = [
  { ...e, type: 'nl.vva.herinnering.leverdatum.v1', data: { cyclus: 2027, brinVo: '18BR' } },
  // @ts-expect-error a field the schema does not name
  { ...e, type: 'nl.vva.herinnering.leverdatum.v1', data: { cyclus: 2027, brinVo: '18BR', naam: 'School voor Praktijkonderwijs Assen' } },
  // @ts-expect-error a field the schema requires
  { ...e, type: 'nl.vva.herinnering.leverdatum.v1', data: { cyclus: 2027 } },
  // @ts-expect-error the data of another type
  { ...e, type: 'nl.vva.herinnering.leverdatum.v1', data: { cyclus: 2027, brinMbo: '25LJ' } },
  // @ts-expect-error a type without a schema
  { ...e, type: 'nl.vva.bestaat-niet.v1', data: {} },
];
export const status: EventData<'nl.vva.aanmeldstatus.v1'> = {
  pgn: '999993653', brinMbo: '25LJ', aanmeldingId: '25LJ:90355557', tijdstip: '2027-02-01T09:00:00.000Z',
  // @ts-expect-error a status code spec §4.2 does not know
  status: 'XX',
};

const voorbeeld = (type: keyof typeof EVENT_DATA) => (z.globalRegistry.get(EVENT_DATA[type])?.examples as unknown[])[0];

describe('event schemas (runtime half of issue 12.2)', () => {
  it('every type has an example that its schema accepts, and the schema refuses any field it does not name', () => {
    for (const type of EVENT_TYPE_LIST) {
      expect(EVENT_DATA[type].safeParse(voorbeeld(type)).success, type).toBe(true);
      expect(EVENT_DATA[type].safeParse({ ...(voorbeeld(type) as object), onbekendVeld: 1 }).success, type).toBe(false);
    }
  });

  it('the outbox’s check refuses an event with a field beyond its schema, naming the field but never a value', () => {
    expect(() => checkEventData('nl.vva.herinnering.leverdatum.v1', { cyclus: 2027, brinVo: '18BR' })).not.toThrow();
    const fout = () => checkEventData('nl.vva.lijst.niet-aangemeld.v1', { cyclus: 2027, brinVo: '18BR', leerlingen: [{ pgn: '999993653', postcode: '9406NN' }] });
    expect(fout).toThrow(/leerlingen\.0: unrecognized_keys postcode/);
    expect(fout).not.toThrow(/9406NN|999993653/);
    expect(() => checkEventData('nl.vva.bestaat-niet.v1', {})).toThrow(/unknown type/);
  });
});
