import { CloudEvent } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { ADRES_AMSTERDAM, aanmeldstatus, get, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';

/** A whole cycle on the manual clock, checking the exact signals per gemeente (spec §3, §7). */
let hub: TestHub;
const assen = demo('vo-school', 0); // 18BR, pupils living in Assen (0106)
const amsterdam = demo('vo-school', 1); // 16PS
const roc = demo('mbo-instelling', 0); // 90AA
const vak = demo('mbo-instelling', 1); // 91AH
const gemAssen = demo('gemeente', 0); // 0106, own connection
const gemAmsterdam = demo('gemeente', 1); // 0363, delegates to the RMC
const rmc = demo('rmc-regio'); // 21
const beheer = demo('beheer');
const [P1, P2, P3, P4, P5, P7] = Array.from({ length: 6 }, () => nieuwePgn());
const name = new Map([[P1, 'P1'], [P2, 'P2'], [P3, 'P3'], [P4, 'P4'], [P5, 'P5'], [P7, 'P7']]);

const klok = async (nu: string) => {
  const res = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { nu } });
  expect(res.statusCode).toBe(200);
  return res.json() as { uitgevoerd: { mijlpaal: string }[] };
};
const realtime = () => hub.ctx.distributor.drain();
const t = (iso: string) => new Date(iso).toISOString();
const signals = async (gemeentecode: string) => {
  const { rows } = await hub.db.query<{ pgn: string; type: string; reden: string | null; brin_mbo: string | null; status: string | null }>(
    'select pgn, type, reden, brin_mbo, status from signaal where gemeentecode = $1 order by tijd, feit', [gemeentecode]);
  return rows.map((r) => [name.get(r.pgn), r.type, r.reden ?? r.status ?? ''].join(' ').trim()).sort();
};
const status = (oin: string, over: Record<string, unknown>) => send(hub, 'aanmeldstatusberichten', oin, [aanmeldstatus(over)]);

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-10T09:00:00+01:00' });
  for (const p of [assen, amsterdam, roc, vak, gemAssen, gemAmsterdam, rmc, beheer]) await hub.party(p.oin);
  await hub.ctx.identity.addOrganisation({ oin: '00000099500000000001', soort: 'centraal-aanmelden', naam: 'CA' }, null).catch(() => undefined);
  const res = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/gemeenten/0363/eindpunt', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { ontvangerOin: rmc.oin } });
  expect(res.json()).toMatchObject({ ontvangerOin: rmc.oin, bron: 'ingesteld' });
});
afterAll(() => hub.close());

describe('a cycle of signals to gemeenten', () => {
  it('January–February: reports and registrations, and nothing reaches a gemeente before 1 March', async () => {
    await send(hub, 'mbo-gangerberichten', assen.oin, [P1, P2, P4, P7].map((pgn) => mboGanger({ pgn, tijdstip: t('2027-01-10T08:00:00+01:00') })));
    await send(hub, 'mbo-gangerberichten', amsterdam.oin, [mboGanger({ pgn: P3, brinVo: '16PS', ...ADRES_AMSTERDAM, tijdstip: t('2027-01-10T08:00:00+01:00') })]);
    await klok('2027-02-10T09:00:00+01:00');
    await status(roc.oin, { pgn: P2, aanmeldingId: '90AA:00000002', tijdstip: t('2027-02-10T08:00:00+01:00') });
    await status(roc.oin, { pgn: P7, aanmeldingId: '90AA:00000007', tijdstip: t('2027-02-10T08:00:00+01:00') });
    await status(vak.oin, { pgn: P5, brinMbo: '91AH', aanmeldingId: '91AH:00000005', vooropleiding: 'HAVO', tijdstip: t('2027-02-10T08:00:00+01:00') });
    const ran = await klok('2027-02-28T23:59:00+01:00');
    expect(ran.uitgevoerd.map((u) => u.mijlpaal)).toEqual([]); // 2 Feb reminder ran at the previous move
    await realtime();
    expect(await signals('0106')).toEqual([]);
    expect(await signals('0363')).toEqual([]);
  });

  it('1 March: the bulk NIET_AANGEMELD to each gemeente, for exactly its unregistered residents', async () => {
    const ran = await klok('2027-03-01T00:00:00+01:00');
    expect(ran.uitgevoerd.map((u) => u.mijlpaal)).toEqual(['signalering-aanmelding']);
    expect(await signals('0106')).toEqual(['P1 NIET_AANGEMELD', 'P4 NIET_AANGEMELD']);
    expect(await signals('0363')).toEqual(['P3 NIET_AANGEMELD']);
  });

  it('March–April: fall-back, status changes, withdrawal and a move, in real time', async () => {
    await klok('2027-03-05T12:00:00+01:00');
    await send(hub, 'mbo-gangerberichten', amsterdam.oin, [mboGanger({ pgn: P3, brinVo: '16PS', ...ADRES_AMSTERDAM, mboGanger: false, redenNee: 'VO_VERVOLG', tijdstip: t('2027-03-05T10:00:00+01:00') })]);
    await status(roc.oin, { pgn: P2, aanmeldingId: '90AA:00000002', status: 'LNI', tijdstip: t('2027-03-05T11:00:00+01:00') });
    await realtime();
    await klok('2027-03-20T12:00:00+01:00');
    await status(vak.oin, { pgn: P2, brinMbo: '91AH', aanmeldingId: '91AH:00000002', status: 'AO', tijdstip: t('2027-03-20T11:00:00+01:00') });
    await realtime();
    await klok('2027-04-10T12:00:00+02:00');
    await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn: P4, ...ADRES_AMSTERDAM, tijdstip: t('2027-04-10T10:00:00+02:00') })]);
    await klok('2027-05-01T12:00:00+02:00');
    await status(vak.oin, { pgn: P2, brinMbo: '91AH', aanmeldingId: '91AH:00000002', status: 'LI', tijdstip: t('2027-05-01T11:00:00+02:00') });
    await status(roc.oin, { pgn: P7, aanmeldingId: '90AA:00000007', status: 'LI', tijdstip: t('2027-05-01T11:00:00+02:00') });
    await realtime();
    expect(await signals('0106')).toEqual(['P1 NIET_AANGEMELD', 'P2 NIET_AANGEMELD LNI', 'P2 STATUSWIJZIGING AO', 'P2 STATUSWIJZIGING LI', 'P4 INTREKKING VERHUISD', 'P4 NIET_AANGEMELD']);
    expect(await signals('0363')).toEqual(['P3 INTREKKING VO_VERVOLG', 'P3 NIET_AANGEMELD', 'P4 NIET_AANGEMELD']);
  });

  it('1 April (passed on the way): the school got its list of mbo-gangers not registered', async () => {
    const inbox = await pull(hub, assen.oin, '?limit=1000');
    const lijst = inbox.berichten.filter((e) => e.type === 'nl.vva.lijst.niet-aangemeld.v1');
    expect(lijst).toHaveLength(1);
    expect((lijst[0]!.data.leerlingen as { pgn: string }[]).map((l) => name.get(l.pgn)).sort()).toEqual(['P1', 'P4']);
  });

  it('15 June: the bulk NIET_INGESCHREVEN; after it, a withdrawal after enrolment falls back in real time', async () => {
    const ran = await klok('2027-06-15T00:00:00+02:00');
    expect(ran.uitgevoerd.map((u) => u.mijlpaal)).toEqual(['signalering-inschrijving']);
    await klok('2027-07-01T12:00:00+02:00');
    await status(vak.oin, { pgn: P2, brinMbo: '91AH', aanmeldingId: '91AH:00000002', status: 'AI', tijdstip: t('2027-07-01T11:00:00+02:00') });
    await realtime();
    expect(await signals('0106')).toEqual(['P1 NIET_AANGEMELD', 'P1 NIET_INGESCHREVEN', 'P2 NIET_AANGEMELD LNI', 'P2 NIET_INGESCHREVEN AI', 'P2 STATUSWIJZIGING AO', 'P2 STATUSWIJZIGING LI', 'P4 INTREKKING VERHUISD', 'P4 NIET_AANGEMELD']);
    expect(await signals('0363')).toEqual(['P3 INTREKKING VO_VERVOLG', 'P3 NIET_AANGEMELD', 'P4 NIET_AANGEMELD', 'P4 NIET_INGESCHREVEN']);
  });

  it('1 October: the jaaroverzicht; moving the clock on and resending produce no signal twice', async () => {
    // Beheer may move the purge, but never onto the jaaroverzicht's day (spec §3: pulling recipients need the time).
    const zelfdeDag = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/kalender/2027', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { mijlpalen: { purge: '2027-10-01' } } });
    expect(zelfdeDag.json().invalidParams).toEqual([expect.objectContaining({ name: 'mijlpalen.purge' })]);
    const kalender = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/kalender/2027', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { mijlpalen: { purge: '2027-11-15' } } });
    expect(kalender.statusCode).toBe(200);
    const passed = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/kalender/2027', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { mijlpalen: { aanmelddatum: '2027-12-01' } } });
    expect(passed.json().invalidParams.map((p: { name: string }) => p.name)).toContain('mijlpalen.aanmelddatum');
    const ran = await klok('2027-10-01T06:00:00+02:00');
    expect(ran.uitgevoerd.map((u) => u.mijlpaal)).toEqual(['jaaroverzicht']);
    const before = [await signals('0106'), await signals('0363')];
    await klok('2027-10-02T06:00:00+02:00');
    await status(vak.oin, { pgn: P2, brinMbo: '91AH', aanmeldingId: '91AH:00000002', status: 'AI', tijdstip: t('2027-07-01T11:00:00+02:00') });
    await realtime();
    expect([await signals('0106'), await signals('0363')]).toEqual(before);
  });

  it('delivery: each signal reaches its gemeente’s endpoint once, as a valid CloudEvent; nobody else gets one', async () => {
    const perEndpoint = async (oin: string) => (await pull(hub, oin, '?limit=1000')).berichten;
    const assenEvents = await perEndpoint(gemAssen.oin);
    const rmcEvents = await perEndpoint(rmc.oin);
    for (const e of [...assenEvents, ...rmcEvents]) expect(new CloudEvent(e as never, true).validate()).toBe(true);
    const { rows } = await hub.db.query<{ gemeentecode: string; n: number }>('select gemeentecode, count(*)::int as n from signaal group by 1');
    const count = Object.fromEntries(rows.map((r) => [r.gemeentecode, r.n]));
    expect(assenEvents.filter((e) => e.type !== 'nl.vva.signaal.jaaroverzicht.v1')).toHaveLength(count['0106']!);
    expect(rmcEvents.filter((e) => e.type !== 'nl.vva.signaal.jaaroverzicht.v1')).toHaveLength(count['0363']!);
    expect(new Set(assenEvents.map((e) => e.data.gemeentecode))).toEqual(new Set(['0106']));
    expect(new Set(rmcEvents.map((e) => e.data.gemeentecode))).toEqual(new Set(['0363']));
    expect(await perEndpoint(gemAmsterdam.oin)).toEqual([]); // its endpoint is the RMC
    const jaar = assenEvents.find((e) => e.type === 'nl.vva.signaal.jaaroverzicht.v1')!;
    expect((jaar.data.aanmeldingen as { pgn: string; status: string }[]).map((a) => `${name.get(a.pgn)} ${a.status}`).sort()).toEqual(['P2 AI', 'P2 LNI', 'P7 LI']);
    const signaal = assenEvents.find((e) => e.type === 'nl.vva.signaal.niet-aangemeld.v1' && e.data.pgn === P1)!;
    expect(signaal.data).toMatchObject({ type: 'NIET_AANGEMELD', cyclus: 2027, gemeentecode: '0106', postcode: '9406NN', huisnummer: 202, brinVo: '18BR' });
  });

  it('the gemeente overzicht: its own residents only (not those who moved away), filterable; the RMC sees the gemeenten that chose it', async () => {
    // P4 moved from Assen to Amsterdam: Assen no longer lists it (spec §7, moves); P3, withdrawn for another reason, stays listed.
    const own = await get(hub, gemAssen.oin, '/api/v1/gemeenten/0106/overzicht?cyclus=2027&signaal=INTREKKING');
    expect(own.json().leerlingen).toEqual([]);
    const rmcIntrekking = await get(hub, rmc.oin, '/api/v1/gemeenten/0363/overzicht?cyclus=2027&signaal=INTREKKING');
    expect(rmcIntrekking.json().leerlingen.map((l: { pgn: string }) => name.get(l.pgn))).toEqual(['P3']);
    expect((await get(hub, gemAssen.oin, '/api/v1/gemeenten/0363/overzicht?cyclus=2027')).statusCode).toBe(403);
    expect((await get(hub, gemAmsterdam.oin, '/api/v1/gemeenten/0363/overzicht?cyclus=2027')).statusCode).toBe(200);
    expect((await get(hub, rmc.oin, '/api/v1/gemeenten/0363/overzicht?cyclus=2027')).json().leerlingen).toHaveLength(2);
    expect((await get(hub, rmc.oin, '/api/v1/gemeenten/0106/overzicht?cyclus=2027')).statusCode).toBe(403);
    expect((await get(hub, assen.oin, '/api/v1/gemeenten/0106/overzicht?cyclus=2027')).statusCode).toBe(403);
  });
});
