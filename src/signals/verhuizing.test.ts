import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { ADRES_AMSTERDAM, aanmeldstatus, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';

/**
 * Found by `vva simulate`: a signalled pupil who moves to a gemeente where nothing is to be signalled
 * (registered there) used to keep its old follow-up, so each later fact withdrew it again at the old
 * gemeente and passed status changes to a gemeente where the pupil no longer lives.
 */
let hub: TestHub;
const assen = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);
const beheer = demo('beheer');
const P = nieuwePgn();

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-10T09:00:00+01:00' });
  for (const p of [assen, roc, demo('gemeente', 0), demo('gemeente', 1), beheer]) await hub.party(p.oin);
});
afterAll(() => hub.close());

const klok = (nu: string) => hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { nu } });
const signalen = async () => (await hub.db.query<{ gemeentecode: string; type: string; reden: string | null; status: string | null }>(
  'select gemeentecode, type, reden, status from signaal where pgn = $1 order by tijd, feit', [P])).rows.map((r) => `${r.gemeentecode} ${r.type} ${r.reden ?? r.status ?? ''}`.trim());

it('after a move the old gemeente is withdrawn once and hears nothing more', async () => {
  await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn: P, tijdstip: '2027-01-10T07:00:00.000Z' })]);
  await klok('2027-03-01T12:00:00+01:00');
  await klok('2027-03-05T12:00:00+01:00');
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: P, aanmeldingId: '90AA:00000077', ...ADRES_AMSTERDAM, tijdstip: '2027-03-05T09:00:00.000Z' })]);
  await hub.ctx.distributor.drain();
  await klok('2027-03-10T12:00:00+01:00');
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: P, aanmeldingId: '90AA:00000077', status: 'OA', ...ADRES_AMSTERDAM, tijdstip: '2027-03-10T09:00:00.000Z' })]);
  await hub.ctx.distributor.drain();
  await klok('2027-03-12T12:00:00+01:00');
  // 0106 is withdrawn once and hears nothing more; 0363 follows at once (AANGEMELD) and gets the later OA.
  expect(await signalen()).toEqual(['0106 NIET_AANGEMELD', '0106 INTREKKING VERHUISD', '0363 STATUSWIJZIGING VERHUISD', '0363 STATUSWIJZIGING OA']);
  const status = await hub.db.query<{ status: string }>(`select status from signaal where pgn = $1 and gemeentecode = '0363' and reden = 'VERHUISD'`, [P]);
  expect(status.rows).toEqual([{ status: 'AANGEMELD' }]);
  // The old gemeente no longer lists the pupil; the new one does.
  const overzicht = async (g: { oin: string; gemeentecode?: string }) => ((await hub.app.inject({ url: `/api/v1/gemeenten/${g.gemeentecode}/overzicht`, headers: { authorization: `Bearer ${hub.tokenOf(g.oin)}` } })).json() as { leerlingen: { pgn: string }[] }).leerlingen.map((l) => l.pgn);
  expect(await overzicht(demo('gemeente', 0))).not.toContain(P);
  expect(await overzicht(demo('gemeente', 1))).toContain(P);
});
