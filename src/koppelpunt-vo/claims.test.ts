import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { get, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';
import { opvallend } from './service.ts';

/** Issue 13.7: a school may report any PGN (§12), but reporting another school's pupil is visible to beheer. */
let hub: TestHub;
const assen = demo('vo-school', 0); // 18BR
const amsterdam = demo('vo-school', 1); // 16PS
const beheer = demo('beheer');

beforeAll(async () => {
  hub = await createTestHub();
  for (const p of [assen, amsterdam, beheer]) await hub.party(p.oin);
});
afterAll(() => hub.close());

describe('claims of another school’s pupil', () => {
  it('are audited with the reporting school and listed for beheer, without PGNs', async () => {
    const pgn = nieuwePgn();
    await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn })]);
    expect((await send(hub, 'mbo-gangerberichten', amsterdam.oin, [mboGanger({ pgn, brinVo: '16PS' })])).json().resultaten[0].resultaat).toBe('VERWERKT');
    // A second report by the school that had it first is no claim.
    await send(hub, 'mbo-gangerberichten', assen.oin, [mboGanger({ pgn, tijdstip: new Date().toISOString() })]);

    const { rows } = await hub.db.query<{ actor_oin: string; resource: string }>(
      `select actor_oin, resource from audit_log where actie = 'leerling-van-andere-school-gemeld' and pgn_pseudoniem = $1`, [hub.ctx.audit.pseudonym(pgn)]);
    expect(rows).toEqual([{ actor_oin: amsterdam.oin, resource: 'vo-scholen/16PS' }]);

    const res = await get(hub, beheer.oin, '/api/v1/beheer/meldingen-van-andere-scholen');
    expect(res.statusCode).toBe(200);
    expect(res.json().scholen).toEqual([{ brinVo: '16PS', claims: 1, gemeld: 1, opvallend: false }]);
    expect(res.body).not.toContain(pgn);
    expect((await get(hub, assen.oin, '/api/v1/beheer/meldingen-van-andere-scholen')).statusCode).toBe(403);
  });

  it.each([[9, 10, false], [10, 200, true], [10, 201, false], [50, 60, true]])('%i claims of %i reports: opvallend %s', (claims, gemeld, verwacht) => {
    expect(opvallend(claims, gemeld)).toBe(verwacht);
  });
});
