import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, get, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';

/** Statistics in the API's own style (issue 12.8, spec §15): camelCase, `<5` only for counts, today's figures on day one. */
let hub: TestHub;
const assen = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);
const beheer = demo('beheer');
const pupils = Array.from({ length: 6 }, () => nieuwePgn());
type Reeks = { cyclus: number; dag: string; indicatoren: Record<string, number | '<5' | null>; redenen: Record<string, string> };
const nationaal = async (query = '') => (await get(hub, beheer.oin, `/api/v1/statistieken?niveau=nationaal${query}`)).json() as { reeks: Reeks[] };

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-15T10:00:00+01:00' });
  for (const p of [assen, roc, beheer]) await hub.party(p.oin);
  // Six potential mbo-goers; three register, one of them twice: shares over 3 pupils.
  await send(hub, 'mbo-gangerberichten', assen.oin, pupils.map((pgn) => mboGanger({ pgn })));
  await send(hub, 'aanmeldstatusberichten', roc.oin, pupils.slice(0, 3).map((pgn) => aanmeldstatus({ pgn })));
  await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: pupils[0], crebo: '25180' })]);
});
afterAll(async () => hub?.close());

describe('policy information', () => {
  it('has today\'s figures on day one, before any day was frozen', async () => {
    const { reeks } = await nationaal();
    expect(reeks).toHaveLength(1);
    expect(reeks[0]).toMatchObject({ cyclus: 2027, dag: '2027-01-15' });
    expect(reeks[0]!.indicatoren).toMatchObject({ potentieleMboGangers: 6, aangemeld: '<5', ingeschreven: '<5' });
  });

  it('names every indicator in camelCase', async () => {
    const { reeks } = await nationaal('&cyclus=2027');
    const mbo = (await get(hub, beheer.oin, '/api/v1/statistieken?niveau=mbo-instelling&code=90AA')).json() as { reeks: Reeks[] };
    const namen = [...Object.keys(reeks[0]!.indicatoren), ...Object.keys(mbo.reeks[0]!.indicatoren)];
    expect(namen).toContain('aanmeldingenCrebo25180');
    for (const naam of namen) expect(naam).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it('gives a share or median over fewer than 5 pupils as null with the reason, never `<5`', async () => {
    const { reeks } = await nationaal();
    const { indicatoren, redenen } = reeks[0]!;
    expect(indicatoren.meervoudigAangemeldProcent).toBeNull(); // 1 of 3 registered pupils
    expect(redenen.meervoudigAangemeldProcent).toMatch(/minder dan 5 leerlingen/);
    expect(indicatoren.doorlooptijdDagenMediaan).toBeNull(); // nobody enrolled yet
    expect(redenen.doorlooptijdDagenMediaan).toMatch(/geen leerlingen/);
    for (const [naam, waarde] of Object.entries(indicatoren)) if (waarde === '<5') expect(naam).not.toMatch(/Procent|Mediaan|P90$/);
    const csv = (await get(hub, beheer.oin, '/api/v1/statistieken?niveau=nationaal&formaat=csv')).body;
    expect(csv).toContain('nationaal;NL;2027;2027-01-15;meervoudigAangemeldProcent;;over minder dan 5 leerlingen');
  });

  it('answers frozen aggregates stored under the old snake_case names by their new names (migration 0013)', async () => {
    await hub.db.query(`insert into statistiek (cyclus, dag, niveau, code, indicator, waarde, n) values
      (2025, '2025-07-31', 'nationaal', 'NL', 'potentiele_mbo_gangers', 42, 42), (2025, '2025-07-31', 'mbo-instelling', '90AA', 'aanmeldingen_crebo_25180', 7, 7)`);
    const sql = readFileSync(new URL('../../migrations/0013_statistiek_camelcase.sql', import.meta.url), 'utf8');
    await hub.db.exec(sql);
    const { reeks } = await nationaal();
    expect(reeks.map((r) => r.cyclus)).toEqual([2025, 2027]);
    expect(reeks[0]!.indicatoren).toEqual({ potentieleMboGangers: 42 });
    const mbo = (await get(hub, beheer.oin, '/api/v1/statistieken?niveau=mbo-instelling&code=90AA&cyclus=2025')).json() as { reeks: Reeks[] };
    expect(mbo.reeks[0]!.indicatoren).toEqual({ aanmeldingenCrebo25180: 7 });
  });
});
