import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { ADRES_AMSTERDAM, aanmeldstatus, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';

let hub: TestHub;
const assen = demo('vo-school', 0);
const amsterdam = demo('vo-school', 1);
const gemAmsterdam = demo('gemeente', 1);
const roc = demo('mbo-instelling', 0);
const os = demo('overstapsysteem');
const [A, B, C, D] = [nieuwePgn(), nieuwePgn(), nieuwePgn(), nieuwePgn()];

const post = (path: string, pgns: string[]) => hub.app.inject({ method: 'POST', url: `/api/v1/overstapsystemen/${path}`, headers: { authorization: `Bearer ${hub.tokenOf(os.oin)}` }, payload: { pgns } });

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [assen, amsterdam, gemAmsterdam, roc, os]) await hub.party(p.oin);
  // Mandated by the Assen school and by the gemeente Amsterdam.
  await hub.ctx.identity.addMandate({ leverancierOin: os.oin, schoolOin: assen.oin, van: '2026-10-01' }, null);
  await hub.ctx.identity.addMandate({ leverancierOin: os.oin, schoolOin: gemAmsterdam.oin, van: '2026-10-01' }, null);
  await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn: A })]);
  await send(hub, 'mbo-gangerberichten', amsterdam.oin, [mboGanger({ pgn: B, brinVo: '16PS', ...ADRES_AMSTERDAM }), mboGanger({ pgn: C, brinVo: '16PS' })]);
});
afterAll(() => hub.close());

describe('overstapsystemen (spec §9)', () => {
  it('registers only PGNs within the mandates of its schools and gemeenten', async () => {
    const res = await post('identiteiten', [A, B, C, D]);
    expect(res.json().resultaten.map((r: { resultaat: string }) => r.resultaat)).toEqual(['GEREGISTREERD', 'GEREGISTREERD', 'GEWEIGERD', 'GEWEIGERD']);
  });

  it('is told of every status change of its PGNs anywhere, with only the PGN', async () => {
    await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: A, crebo: '25180' }), aanmeldstatus({ pgn: C })]);
    const inbox = await pull(hub, os.oin);
    expect(inbox.berichten.map((e) => [e.type, e.data])).toEqual([['nl.vva.overstap.aanmeldstatus-gewijzigd.v1', { pgn: A }]]);
  });

  it('pulls the current statuses of its own PGNs, nothing of others', async () => {
    const res = (await post('statussen', [A, C])).json();
    expect(res.leerlingen).toEqual([
      { pgn: A, geregistreerd: true, aanmeldingen: [{ brinMbo: '90AA', crebo: '25180', status: 'AO' }] },
      { pgn: C, geregistreerd: false, aanmeldingen: [] },
    ]);
  });

  it('is refused to other kinds of parties', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/api/v1/overstapsystemen/statussen', headers: { authorization: `Bearer ${hub.tokenOf(assen.oin)}` }, payload: { pgns: [A] } });
    expect(res.statusCode).toBe(403);
  });
});
