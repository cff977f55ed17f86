import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';

// Spec §7 signals per message. The distributor may get several of a pupil's messages in one batch (it
// lags behind the intake a little, and more under load): each must still be weighed against the state
// it left, not against the state after the last of them (found by `vva simulate --no-wait-distribution`).
let hub: TestHub;
const school = demo('vo-school', 0); // 18BR, pupils living in Assen (0106)
const roc = demo('mbo-instelling', 0); // 90AA
const vak = demo('mbo-instelling', 1); // 91AH
const gemeente = demo('gemeente', 0); // 0106
const beheer = demo('beheer');
const pgn = nieuwePgn();

const klok = async (nu: string) => {
  const res = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { nu } });
  expect(res.statusCode).toBe(200);
};

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-10T09:00:00+01:00' });
  for (const p of [school, roc, vak, gemeente, beheer]) await hub.party(p.oin);
});
afterAll(() => hub.close());

it('a fall-back and a new registration distributed together give the fall-back signal and then the status change', async () => {
  await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn, tijdstip: '2027-01-10T08:00:00+01:00' })]);
  await klok('2027-02-10T09:00:00+01:00');
  const ao = await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn, aanmeldingId: '90AA:00000001', tijdstip: '2027-02-10T08:00:00+01:00' })]);
  expect(ao.json().resultaten[0].resultaat).toBe('VERWERKT');
  await klok('2027-03-01T00:00:00+01:00'); // registered at the bulk: no signal
  await klok('2027-03-05T12:00:00+01:00');

  // Both messages journaled before the distributor looks: one batch.
  const distribueer = hub.ctx.onFeiten;
  hub.ctx.onFeiten = async () => undefined;
  try {
    await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn, aanmeldingId: '90AA:00000001', status: 'LNI', tijdstip: '2027-03-05T10:00:00+01:00' })]);
    await send(hub, 'aanmeldstatusberichten', vak.oin, [aanmeldstatus({ pgn, brinMbo: '91AH', aanmeldingId: '91AH:00000001', status: 'AO', tijdstip: '2027-03-05T11:00:00+01:00' })]);
  } finally {
    hub.ctx.onFeiten = distribueer;
  }
  await hub.ctx.distributor.drain();

  const { rows } = await hub.db.query<{ type: string; status: string | null; brin_mbo: string | null }>(
    `select type, status, brin_mbo from signaal where pgn = $1 and gemeentecode = '0106' order by tijd, feit`, [pgn]);
  // LNI leaves the pupil unregistered after 1 March: NIET_AANGEMELD carrying it; the pupil is now
  // signalled, so the new registration reaches the gemeente as a status change.
  expect(rows).toEqual([
    { type: 'NIET_AANGEMELD', status: 'LNI', brin_mbo: '90AA' },
    { type: 'STATUSWIJZIGING', status: 'AO', brin_mbo: '91AH' },
  ]);
});
