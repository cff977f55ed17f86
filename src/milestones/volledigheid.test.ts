import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, pull, send } from '../../test/berichten.ts';

/** Issue 14.3: the 2 Feb and 1 Apr reminders count the same population: every active reference institution. */
let hub: TestHub;
const assen = demo('vo-school', 0); // 18BR: delivers
const amsterdam = demo('vo-school', 1); // 16PS: connected, delivers nothing
const roc = demo('mbo-instelling', 0); // 90AA: exchanges
const vak = demo('mbo-instelling', 1); // 91AH: connected, exchanges nothing
const beheer = demo('beheer');

const klok = async (nu: string) => {
  const res = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { nu } });
  expect(res.statusCode).toBe(200);
};
const count = async (sql: string) => (await hub.db.query<{ n: number }>(sql)).rows[0]!.n;
type Lijst = { brins: string[]; verbonden: string[]; nietVerbonden: string[] };

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-10T09:00:00+01:00' });
  for (const p of [assen, amsterdam, roc, vak, beheer]) await hub.party(p.oin);
  await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger()]);
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ brinMbo: '90AA' })]);
});
afterAll(() => hub.close());

describe('completeness reminders', () => {
  it('2 Feb: every active vmbo/pro school of the DUO list that delivered nothing, split by connection; the connected ones are reminded', async () => {
    await klok('2027-02-02T06:00:00+01:00');
    const lijst = (await pull(hub, beheer.oin)).berichten.find((e) => e.type === 'nl.vva.beheer.scholen-zonder-levering.v1')!.data as unknown as Lijst;
    const reference = await count(`select count(*)::int as n from vo_school where actief and onderwijsstructuur ~ '(VBO|MAVO|PRO)'`);
    expect(lijst.brins).toHaveLength(reference - 1); // all but the one that delivered
    expect(lijst.brins).not.toContain('18BR');
    expect(lijst.verbonden).toEqual(lijst.brins.includes('16PS') ? ['16PS'] : []);
    expect(lijst.verbonden.length + lijst.nietVerbonden.length).toBe(lijst.brins.length);
    if (lijst.verbonden.includes('16PS')) expect((await pull(hub, amsterdam.oin)).berichten.map((e) => e.type)).toContain('nl.vva.herinnering.leverdatum.v1');
  });

  it('1 Apr: counted the same way: every active mbo-instelling of the reference data that exchanged nothing, split by connection', async () => {
    await klok('2027-04-01T06:00:00+02:00');
    const lijst = (await pull(hub, beheer.oin)).berichten.find((e) => e.type === 'nl.vva.beheer.instellingen-zonder-uitwisseling.v1')!.data as unknown as Lijst;
    const reference = await count('select count(*)::int as n from mbo_instelling where actief');
    expect(reference).toBeGreaterThan(2);
    expect(lijst.brins).toHaveLength(reference - 1); // not only the connected ones, as before
    expect(lijst.brins).not.toContain('90AA');
    expect(lijst.verbonden).toEqual(['91AH']);
    expect(lijst.nietVerbonden).toHaveLength(reference - 2);
    expect((await pull(hub, vak.oin)).berichten.map((e) => e.type)).toContain('nl.vva.herinnering.geen-uitwisseling.v1');
    expect((await pull(hub, roc.oin)).berichten.map((e) => e.type)).not.toContain('nl.vva.herinnering.geen-uitwisseling.v1');
  });
});
