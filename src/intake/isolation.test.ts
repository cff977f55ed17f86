import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, get, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';
import { DEMO_MANDAAT } from '../demo/parties.ts';

/** Spec §12, cell by cell: party A can never pull, see or change party B's pupils. */
let hub: TestHub;
const assen = demo('vo-school', 0); // 18BR
const amsterdam = demo('vo-school', 1); // 16PS
const roc = demo('mbo-instelling', 0); // 90AA
const vakcollege = demo('mbo-instelling', 1); // 91AH
const gemeente = demo('gemeente', 0);
const rmc = demo('rmc-regio');
const leverancier = demo('leverancier');
const overstap = demo('overstapsysteem');
const beheer = demo('beheer');
const pgnAssen = nieuwePgn();
const pgnAmsterdam = nieuwePgn();

const count = async (table: string) => (await hub.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [assen, amsterdam, roc, vakcollege, gemeente, rmc, leverancier, overstap, beheer]) await hub.party(p.oin);
  await hub.ctx.identity.addMandate({ leverancierOin: DEMO_MANDAAT.leverancier, schoolOin: DEMO_MANDAAT.school, van: '2026-10-01' }, null);
  await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn: pgnAssen })]);
  await send(hub, 'mbo-gangerberichten', amsterdam.oin, [mboGanger({ pgn: pgnAmsterdam, brinVo: '16PS' })]);
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: pgnAssen, brinMbo: '90AA', aanmeldingId: '90AA:00000042' })]);
  await send(hub, 'aanmeldstatusberichten', vakcollege.oin, [aanmeldstatus({ pgn: pgnAmsterdam, brinMbo: '91AH', aanmeldingId: '91AH:00000042' })]);
});
afterAll(() => hub.close());

describe('who may send what', () => {
  it('a vo-school cannot report for another school, and nothing changes', async () => {
    const before = await count('mbo_ganger');
    const res = await send(hub, 'mbo-gangerberichten', amsterdam.oin, [mboGanger({ pgn: pgnAssen, brinVo: '18BR', mboGanger: false, redenNee: 'VO_VERVOLG' })]);
    expect(res.json().resultaten[0]).toMatchObject({ resultaat: 'AFGEWEZEN', problemen: [expect.objectContaining({ name: 'brinVo' })] });
    expect(await count('mbo_ganger')).toBe(before);
  });

  it('a supplier can send only for schools that mandated it', async () => {
    const ok = await send(hub, 'mbo-gangerberichten', leverancier.oin, [mboGanger({ brinVo: '18BR' })]);
    const refused = await send(hub, 'mbo-gangerberichten', leverancier.oin, [mboGanger({ brinVo: '16PS' })]);
    expect(ok.json().resultaten[0].resultaat).toBe('VERWERKT');
    expect(refused.json().resultaten[0]).toMatchObject({ resultaat: 'AFGEWEZEN', problemen: [expect.objectContaining({ name: 'brinVo' })] });
    const mbo = await send(hub, 'aanmeldstatusberichten', leverancier.oin, [aanmeldstatus({ brinMbo: '90AA' })]);
    expect(mbo.json().resultaten[0]).toMatchObject({ resultaat: 'AFGEWEZEN', problemen: [expect.objectContaining({ name: 'brinMbo' })] });
  });

  it('an institution cannot change another institution’s registration', async () => {
    const res = await send(hub, 'aanmeldstatusberichten', vakcollege.oin, [aanmeldstatus({ pgn: pgnAssen, brinMbo: '90AA', aanmeldingId: '90AA:00000042', status: 'AI' })]);
    expect(res.json().resultaten[0]).toMatchObject({ resultaat: 'AFGEWEZEN', problemen: [expect.objectContaining({ name: 'brinMbo' })] });
    const { rows } = await hub.db.query<{ status: string }>(`select status from aanmelding where aanmelding_id = '90AA:00000042'`);
    expect(rows).toEqual([{ status: 'AO' }]);
  });

  it.each([
    ['mbo-gangerberichten', () => roc.oin],
    ['mbo-gangerberichten', () => gemeente.oin],
    ['mbo-gangerberichten', () => overstap.oin],
    ['mbo-gangerberichten', () => beheer.oin],
    ['aanmeldstatusberichten', () => assen.oin],
    ['aanmeldstatusberichten', () => gemeente.oin],
    ['aanmeldstatusberichten', () => rmc.oin],
    ['aanmeldstatusberichten', () => beheer.oin],
  ] as const)('POST %s is refused (403) to a party of the wrong kind', async (path, oin) => {
    const res = await send(hub, path, oin(), [path === 'mbo-gangerberichten' ? mboGanger() : aanmeldstatus()]);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('who may see what', () => {
  it('a vo-school sees only its own overzicht; the refusal is audited', async () => {
    expect((await get(hub, amsterdam.oin, '/api/v1/vo-scholen/18BR/overzicht')).statusCode).toBe(403);
    expect((await get(hub, leverancier.oin, '/api/v1/vo-scholen/16PS/overzicht')).statusCode).toBe(403);
    for (const p of [roc, gemeente, overstap, beheer]) expect((await get(hub, p.oin, '/api/v1/vo-scholen/18BR/overzicht')).statusCode).toBe(403);
    const own = (await get(hub, amsterdam.oin, '/api/v1/vo-scholen/16PS/overzicht')).json();
    expect(own.leerlingen.map((l: { pgn: string }) => l.pgn)).toEqual([pgnAmsterdam]);
    const { rows } = await hub.db.query<{ n: number }>(`select count(*)::int as n from audit_log where actie = 'toegang-geweigerd' and actor_oin = $1`, [amsterdam.oin]);
    expect(rows[0]!.n).toBe(1);
  });

  it('each party pulls only its own events (a supplier those of the school that mandates it)', async () => {
    const assenInbox = await pull(hub, assen.oin);
    const amsterdamInbox = await pull(hub, amsterdam.oin);
    expect(assenInbox.berichten.map((e) => e.data.pgn)).toEqual([pgnAssen]);
    expect(amsterdamInbox.berichten.map((e) => e.data.pgn)).toEqual([pgnAmsterdam]);
    expect((await pull(hub, leverancier.oin)).berichten.map((e) => [e.data.pgn, e.data.brinVo])).toEqual([[pgnAssen, '18BR']]);
    for (const p of [roc, vakcollege, gemeente, rmc, overstap, beheer]) {
      expect((await pull(hub, p.oin)).berichten).toEqual([]);
    }
  });

  it('a cursor cannot be used to reach another party’s events', async () => {
    const inbox = await pull(hub, amsterdam.oin, '?na=0&limit=1000');
    expect(inbox.berichten.every((e) => e.data.pgn === pgnAmsterdam)).toBe(true);
  });

  it('an institution asks about its own registrations only', async () => {
    expect((await get(hub, roc.oin, '/api/v1/aanmeldingen/90AA:00000042/elders-aangemeld')).statusCode).toBe(200);
    expect((await get(hub, roc.oin, '/api/v1/aanmeldingen/91AH:00000042/elders-aangemeld')).statusCode).toBe(403);
    expect((await get(hub, assen.oin, '/api/v1/aanmeldingen/90AA:00000042/elders-aangemeld')).statusCode).toBe(403);
    expect((await get(hub, gemeente.oin, '/api/v1/aanmeldingen/90AA:00000042/elders-aangemeld')).statusCode).toBe(403);
  });

  it('an institution never learns where else a student registered', async () => {
    const other = await send(hub, 'aanmeldstatusberichten', vakcollege.oin, [aanmeldstatus({ pgn: pgnAssen, brinMbo: '91AH', aanmeldingId: '91AH:00000043' })]);
    expect(other.json().resultaten[0].eldersAangemeld).toBe(true);
    expect(JSON.stringify(other.json())).not.toMatch(/90AA/);
    expect((await pull(hub, vakcollege.oin)).berichten).toEqual([]);
  });
});
