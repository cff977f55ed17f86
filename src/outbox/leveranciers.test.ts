import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, type pull, send } from '../../test/berichten.ts';
import { Receiver } from '../../test/receiver.ts';
import { verify } from '../delivery/signing.ts';

/** Spec §10 (issue 12.1): a supplier receives, in its own inbox and webhook, every event for the schools that mandate it. */
let hub: TestHub;
let receiver: Receiver;
const assen = demo('vo-school', 0); // 18BR: its mandate ends on 28 Feb
const amsterdam = demo('vo-school', 1); // 16PS: its mandate runs on
const roc = demo('mbo-instelling', 0); // 90AA
const vak = demo('mbo-instelling', 1); // 91AH: exchanges nothing, so it gets the 1 April reminder
const las = demo('leverancier');
const beheer = demo('beheer');
const SIS = '00000099300000000007';
const SIS_OUD = '00000099300000000008';
const SECRET = 'leverancier-webhook-geheim-0123456789abcdef';

/** Tokens of the two SIS suppliers, created through the beheer API (they are not demo parties). */
const tokens = new Map<string, string>();
const as = (oin: string) => ({ authorization: `Bearer ${tokens.get(oin) ?? hub.tokenOf(oin)}` });
const beheerPost = async (url: string, payload: Record<string, unknown>) => {
  const res = await hub.app.inject({ method: 'POST', url, headers: as(beheer.oin), payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
type Inbox = Awaited<ReturnType<typeof pull>>;
const pullAs = async (oin: string, query = '') => (await hub.app.inject({ url: `/api/v1/berichten${query}`, headers: as(oin) })).json() as Inbox;
const inbox = async (oin: string) => (await pullAs(oin, '?limit=1000')).berichten;
let tijd = Date.UTC(2027, 0, 1);
const status = (pgn: string, aanmeldingId: string, s: string) => aanmeldstatus({ pgn, aanmeldingId, status: s, tijdstip: new Date((tijd += 60_000)).toISOString() });

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-15T09:00:00+01:00', delivery: true, env: { VVA_AFLEVERING_BASIS_MS: '50', VVA_AFLEVERING_MAX_INTERVAL_MS: '200' } });
  for (const p of [assen, amsterdam, roc, vak, las, beheer]) await hub.party(p.oin);
  for (const [oin, naam] of [[SIS, 'SIS-leverancier'], [SIS_OUD, 'Vorige SIS-leverancier']] as const) {
    await beheerPost('/api/v1/beheer/organisaties', { oin, soort: 'leverancier', naam });
    tokens.set(oin, (await beheerPost(`/api/v1/beheer/organisaties/${oin}/tokens`, { label: 'test' })).token);
  }
  await beheerPost('/api/v1/beheer/mandaten', { leverancierOin: las.oin, schoolOin: assen.oin, van: '2026-10-01', tot: '2027-02-28' });
  await beheerPost('/api/v1/beheer/mandaten', { leverancierOin: las.oin, schoolOin: amsterdam.oin, van: '2026-10-01' });
  await beheerPost('/api/v1/beheer/mandaten', { leverancierOin: SIS, schoolOin: vak.oin, van: '2026-10-01' });
  await beheerPost('/api/v1/beheer/mandaten', { leverancierOin: SIS_OUD, schoolOin: vak.oin, van: '2026-10-01', tot: '2027-03-31' });
});
afterAll(async () => {
  await receiver?.stop();
  await hub.close();
});

const pA = nieuwePgn();
const pB = nieuwePgn();
const idA = '90AA:70000001';
const idB = '90AA:70000002';

describe('a supplier’s inbox', () => {
  it('holds, under one credential, every event of both its mandating schools, each naming its school; the schools’ inboxes are unaffected', async () => {
    // The supplier sends for both schools with its one token (spec §2), then the ROC registers both pupils.
    const sent = await send(hub, 'mbo-gangerberichten', las.oin, [mboGanger({ pgn: pA, brinVo: '18BR' }), mboGanger({ pgn: pB, brinVo: '16PS' })]);
    expect(sent.json().resultaten.map((r: { resultaat: string }) => r.resultaat)).toEqual(['VERWERKT', 'VERWERKT']);
    await send(hub, 'aanmeldstatusberichten', roc.oin, [status(pA, idA, 'AO'), status(pB, idB, 'AO')]);

    const lev = await inbox(las.oin);
    expect(lev.map((e) => [e.type, e.data.pgn, e.data.brinVo, e.data.status])).toEqual([
      ['nl.vva.aanmeldstatus.v1', pA, '18BR', 'AO'], ['nl.vva.aanmeldstatus.v1', pB, '16PS', 'AO'],
    ]);
    const eigenA = await inbox(assen.oin);
    const eigenB = await inbox(amsterdam.oin);
    expect(eigenA.map((e) => [e.data.pgn, e.data.brinVo])).toEqual([[pA, '18BR']]);
    expect(eigenB.map((e) => [e.data.pgn, e.data.brinVo])).toEqual([[pB, '16PS']]);
    // Each copy is an event of its own (its own id, so its own place in the supplier's sequence), with the school's data.
    expect(lev[0]!.id).not.toBe(eigenA[0]!.id);
    expect(lev[0]!.data).toEqual(eigenA[0]!.data);
    // The hand-over to the supplier is audited like any other.
    const { rows } = await hub.db.query<{ n: number }>(`select count(*)::int as n from audit_log where actie = 'bericht-klaargezet' and uitkomst = $1`, [las.oin]);
    expect(rows[0]!.n).toBe(2);
  });

  it('has a cursor of its own: what the supplier acknowledges stays in the school’s inbox', async () => {
    const { berichten, volgende } = await pullAs(las.oin);
    expect(berichten).toHaveLength(2);
    expect((await pullAs(las.oin, `?na=${volgende}`)).berichten).toEqual([]);
    expect((await inbox(assen.oin)).map((e) => e.data.pgn)).toEqual([pA]);
  });

  it('is pushed to the supplier’s webhook, signed with the supplier’s secret', async () => {
    receiver = await new Receiver().start();
    const res = await hub.app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: as(las.oin), payload: { url: receiver.url, geheimen: [SECRET] } });
    expect(res.statusCode, res.body).toBe(200);
    await send(hub, 'aanmeldstatusberichten', roc.oin, [status(pB, idB, 'OA')]);
    await receiver.waitFor(() => receiver.ok.some((r) => r.event.data.pgn === pB && r.event.data.status === 'OA'));
    const r = receiver.ok.find((x) => x.event.data.pgn === pB)!;
    expect(r.event.data).toMatchObject({ brinVo: '16PS', status: 'OA' });
    expect(verify(SECRET, r, r.body)).toBe(true);
  });

  it('gets nothing more of a school once its mandate has ended; the school itself still does', async () => {
    hub.clock.set(new Date('2027-03-01T10:00:00+01:00')); // the Assen mandate ran to 28 Feb
    const before = (await inbox(las.oin)).length;
    await send(hub, 'aanmeldstatusberichten', roc.oin, [status(pA, idA, 'OA'), status(pB, idB, 'LI')]);
    const nieuw = (await inbox(las.oin)).slice(before);
    expect(nieuw.map((e) => [e.data.pgn, e.data.brinVo, e.data.status])).toEqual([[pB, '16PS', 'LI']]);
    expect((await inbox(assen.oin)).map((e) => e.data.status)).toEqual(['AO', 'OA']);
    await receiver.waitFor(() => receiver.ok.some((r) => r.event.data.status === 'LI'));
    expect(receiver.ok.filter((r) => r.event.data.pgn === pA && r.event.data.status === 'OA')).toEqual([]);
  });

  it('of an mbo-instelling’s supplier likewise: the 1 April reminder reaches it naming the instelling, not a supplier whose mandate ended', async () => {
    const res = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: as(beheer.oin), payload: { nu: '2027-04-01T06:00:00+02:00' } });
    expect(res.statusCode, res.body).toBe(200);
    const reminder = 'nl.vva.herinnering.geen-uitwisseling.v1';
    expect((await inbox(vak.oin)).filter((e) => e.type === reminder).map((e) => e.data)).toEqual([{ cyclus: 2027, brinMbo: '91AH' }]);
    expect((await inbox(SIS)).map((e) => [e.type, e.data])).toEqual([[reminder, { cyclus: 2027, brinMbo: '91AH' }]]);
    expect(await inbox(SIS_OUD)).toEqual([]);
    // Milestone events reach vo suppliers the same way: the 1 April list of 16PS, none of 18BR any more.
    const lijsten = (await inbox(las.oin)).filter((e) => e.type === 'nl.vva.lijst.niet-aangemeld.v1');
    expect(lijsten.map((e) => e.data.brinVo)).toEqual(['16PS']);
  });
});
