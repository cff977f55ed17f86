import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { CloudEvent } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';
import { Receiver } from '../../test/receiver.ts';
import { setupConsoleDemo } from '../console/demo.ts';
import { EVENT_TYPE_LIST } from './events.ts';

/** Issue 12.2: every event type the hub produces, through the real app, checked against the JSON Schema it names. */
let hub: TestHub;
const receivers: Receiver[] = [];
const [assen, amsterdam] = [demo('vo-school', 0), demo('vo-school', 1)]; // 16PS delivers nothing: the 2 Feb reminder
const [roc, vak] = [demo('mbo-instelling', 0), demo('mbo-instelling', 1)]; // 91AH exchanges nothing: the 1 Apr reminder
const [ca, gemAssen, os, beheer, las] = [demo('centraal-aanmelden'), demo('gemeente', 0), demo('overstapsysteem'), demo('beheer'), demo('leverancier')];
const PARTIJEN = [assen, amsterdam, roc, vak, ca, gemAssen, os, beheer, las];
const [P1, P2] = [nieuwePgn(), nieuwePgn()];
type Event = Awaited<ReturnType<typeof pull>>['berichten'][number] & { dataschema: string; sequence: string };

const as = (oin: string) => ({ authorization: `Bearer ${hub.tokenOf(oin)}` });
const klok = async (nu: string) => expect((await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: as(beheer.oin), payload: { nu } })).statusCode).toBe(200);
let minuut = 0;
const status = (over: Record<string, unknown>) => send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ tijdstip: new Date(Date.UTC(2027, 0, 1, 0, minuut++)).toISOString(), ...over })]);

/** A webhook that answers the registration's test message (the OPTIONS handshake is refused) and then `antwoord`. */
async function webhook(oin: string, antwoord: number) {
  const r = await new Receiver().start();
  receivers.push(r);
  r.options = (_req, res) => { res.statusCode = 405; res.end(); };
  r.answer = (o) => (o.event.type === 'nl.vva.webhook.test.v1' ? 200 : antwoord);
  const res = await hub.app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: as(oin), payload: { url: r.url, geheimen: ['webhook-geheim-voor-de-schematest-0123456789'] } });
  expect(res.statusCode, res.body).toBe(200);
}

async function waitUntil(check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const inbox = async (oin: string) => (await pull(hub, oin, '?na=0&limit=1000')).berichten as Event[];
const alle = async () => (await Promise.all(PARTIJEN.map((p) => inbox(p.oin)))).flat();

beforeAll(async () => {
  // Push given up after 1.5 s, so a failing webhook makes a dead letter within the test.
  hub = await createTestHub({ clockStart: '2027-01-10T09:00:00+01:00', delivery: true, env: { VVA_AFLEVERING_BASIS_MS: '50', VVA_AFLEVERING_MAX_INTERVAL_MS: '200', VVA_AFLEVERING_OPGEVEN_NA_MS: '1500' } });
  for (const p of PARTIJEN) await hub.party(p.oin);
  for (const p of [os, las]) await hub.ctx.identity.addMandate({ leverancierOin: p.oin, schoolOin: assen.oin, van: '2026-10-01' }, null);
  await webhook(gemAssen.oin, 503); // every signal ends as a dead letter: beheer is alerted
  await webhook(amsterdam.oin, 410); // the 2 Feb reminder disables it: beheer is told

  await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn: P1 }), mboGanger({ pgn: P2 })]);
  await hub.app.inject({ method: 'POST', url: '/api/v1/overstapsystemen/identiteiten', headers: as(os.oin), payload: { pgns: [P1, P2] } });
  await status({ pgn: P2, aanmeldingId: '90AA:60000002', status: 'AO', caKetenId: '0196a3c2-7d1e-7000-8000-000000000009', crebo: '25180' });
  await klok('2027-03-01T06:00:00+01:00'); // 2 Feb reminders, 1 Mar bulk NIET_AANGEMELD (P1)
  await status({ pgn: P2, aanmeldingId: '90AA:60000002', status: 'LNI' }); // P2 falls back: NIET_AANGEMELD
  await status({ pgn: P1, aanmeldingId: '90AA:60000001', status: 'AO' }); // P1 was signalled: STATUSWIJZIGING
  await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn: P1, mboGanger: false, redenNee: 'VO_VERVOLG' })]); // INTREKKING
  await klok('2027-04-01T06:00:00+02:00'); // the list of the not registered, 1 Apr reminders
  await klok('2027-06-15T06:00:00+02:00'); // bulk NIET_INGESCHREVEN (P2)
  await klok('2027-10-01T06:00:00+02:00'); // jaaroverzichten
  await setupConsoleDemo(hub.ctx, 'http://127.0.0.1:8080'); // `serve --demo`: its one demo message
  await waitUntil(async () => (await inbox(beheer.oin)).some((e) => e.type === 'nl.vva.beheer.dode-letter.v1'));
  await waitUntil(async () => (await inbox(beheer.oin)).some((e) => e.type === 'nl.vva.beheer.webhook-uitgeschakeld.v1'));
});
afterAll(async () => {
  for (const r of receivers) await r.stop();
  await hub.close();
});

describe('typed events (spec §10)', () => {
  it('every event type is produced, and each event’s data validates against the JSON Schema its dataschema names', async () => {
    const pushed = receivers.flatMap((r) => r.received.map((x) => x.event as unknown as Event));
    const events = [...(await alle()), ...pushed];
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPE_LIST));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validators = new Map<string, ValidateFunction>();
    for (const e of events) {
      const url = new URL(e.dataschema);
      expect(url.href).toBe(`${hub.ctx.config.publicUrl}/api/v1/schemas/${e.type}`);
      if (!validators.has(e.type)) {
        const res = await hub.app.inject(url.pathname);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('application/schema+json');
        validators.set(e.type, ajv.compile(res.json()));
      }
      const validate = validators.get(e.type)!;
      expect(validate(e.data), `${e.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(new CloudEvent(e as never, true).validate()).toBe(true);
    }
  });

  it('a schema refuses a field it does not name: the served schemas are strict', async () => {
    const schema = (await hub.app.inject('/api/v1/schemas/nl.vva.aanmeldstatus.v1')).json();
    const validate = new Ajv2020({ strict: true }).addFormat('uuid', true).addFormat('date-time', true).compile(schema);
    const [event] = (await inbox(assen.oin)).filter((e) => e.type === 'nl.vva.aanmeldstatus.v1');
    expect(validate(event!.data)).toBe(true);
    expect(validate({ ...event!.data, postcode: '9406NN' })).toBe(false);
    expect((await hub.app.inject('/api/v1/schemas/nl.vva.bestaat-niet.v1')).statusCode).toBe(404);
  });

  it('every event carries the NL GOV sequence: its place in the inbox, increasing as text, usable as the cursor', async () => {
    for (const p of PARTIJEN) {
      const events = await inbox(p.oin);
      const seqs = events.map((e) => e.sequence);
      for (const s of seqs) expect(s).toMatch(/^[0-9]{19}$/);
      expect([...seqs].sort()).toEqual(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
      if (events.length < 2) continue;
      const after = (await pull(hub, p.oin, `?na=${seqs[0]}&limit=1000`)).berichten as Event[];
      expect(after.map((e) => e.sequence)).toEqual(seqs.slice(1));
    }
  });

  it('the OpenAPI document holds the same schemas: the inbox answers a oneOf of the event types, discriminated on type', async () => {
    const doc = (await hub.app.inject('/api/v1/openapi.json')).json();
    const items = doc.paths['/berichten'].get.responses['200'].content['application/json'].schema.properties.berichten.items;
    expect(items.discriminator.propertyName).toBe('type');
    for (const type of EVENT_TYPE_LIST.filter((t) => t !== 'nl.vva.webhook.test.v1')) {
      const ref: string = items.discriminator.mapping[type];
      expect(items.oneOf).toContainEqual({ $ref: ref });
      const component = doc.components.schemas[ref.split('/').pop()!];
      expect(component.properties.type.const).toBe(type);
      const dataRef: string = component.properties.data.$ref;
      const { $schema: _s, $id: _i, ...served } = (await hub.app.inject(`/api/v1/schemas/${type}`)).json();
      expect(doc.components.schemas[dataRef.split('/').pop()!]).toEqual(served);
    }
  });
});
