import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';

// Issue 13 point 3: input a client can send that used to give a 500 for the whole batch. Each case is
// one bad message between two good ones: the bad one is AFGEWEZEN naming its field, the others go on.

let hub: TestHub;
const school = demo('vo-school', 0);
const roc = demo('mbo-instelling', 0);

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-03-01T12:00:00+01:00' });
  await hub.party(school.oin);
  await hub.party(roc.oin);
});
afterAll(() => hub.close());

type Path = 'mbo-gangerberichten' | 'aanmeldstatusberichten';
const maak = (path: Path, over: Record<string, unknown> = {}) => (path === 'mbo-gangerberichten' ? mboGanger(over) : aanmeldstatus(over));
const oinVoor = (path: Path) => (path === 'mbo-gangerberichten' ? school.oin : roc.oin);

async function sandwich(path: Path, bad: Record<string, unknown>) {
  const res = await send(hub, path, oinVoor(path), [maak(path), maak(path, bad), maak(path)]);
  expect(res.statusCode).toBe(200);
  const resultaten = res.json().resultaten as { berichtId: string | null; resultaat: string; problemen?: { name: string; reason: string }[] }[];
  expect(resultaten.map((r) => r.resultaat)).toEqual(['VERWERKT', 'AFGEWEZEN', 'VERWERKT']);
  return resultaten[1]!;
}

const names = (r: { problemen?: { name: string }[] }) => r.problemen!.map((p) => p.name);

describe.each(['mbo-gangerberichten', 'aanmeldstatusberichten'] as const)('%s: one bad message is rejected on its own', (path) => {
  it('a NUL in a text field', async () => {
    expect(names(await sandwich(path, { huisnummerToevoeging: 'A\u0000' }))).toEqual(['huisnummerToevoeging']);
  });

  it('a lone surrogate in a text field', async () => {
    expect(names(await sandwich(path, { huisnummerToevoeging: 'B\uD800' }))).toEqual(['huisnummerToevoeging']);
    expect(names(await sandwich(path, { huisnummerToevoeging: '\uDC00' }))).toEqual(['huisnummerToevoeging']);
  });

  it('a tijdstip in year 0000, or outside 2000–2099, or with an impossible offset', async () => {
    for (const tijdstip of ['0000-01-01T00:00:00Z', '0001-06-01T12:00:00+01:00', '1999-12-31T23:59:59Z', '2027-01-01T10:00:00+23:00']) {
      expect(names(await sandwich(path, { tijdstip }))).toEqual(['tijdstip']);
    }
  });

  it('a NUL, or a PGN, in the berichtId: rejected, and neither is echoed nor audited', async () => {
    for (const berichtId of ['x\u0000y', '\uD800', nieuwePgn()]) {
      const r = await sandwich(path, { berichtId });
      expect(r.berichtId).toBeNull();
      expect(names(r)).toEqual(['berichtId']);
      const { rows } = await hub.db.query<{ resource: string }>('select resource from audit_log');
      expect(rows.filter((r) => r.resource.includes(berichtId) || !/^[\x20-\x7e]*$/.test(r.resource))).toEqual([]);
    }
  });

  it('woonland 0000 (onbekend) and codes that are no country', async () => {
    for (const woonland of ['0000', '0001', '4999']) {
      const r = await sandwich(path, { woonland, postcode: undefined, huisnummer: undefined });
      expect(names(r)).toEqual(['woonland']);
    }
    expect((await sandwich(path, { woonland: '0000', postcode: undefined, huisnummer: undefined })).problemen![0]!.reason).toMatch(/onbekend/);
  });
});

describe('the request body encoding', () => {
  it('refuses a JSON body in a charset other than UTF-8 with 415 problem+json', async () => {
    const body = JSON.stringify({ berichten: [mboGanger()] });
    // The plain-ASCII body labelled utf-16 used to be read as UTF-8 and accepted.
    for (const [charset, encoding] of [['utf-16', 'latin1'], ['utf-16', 'utf16le'], ['UTF-16LE', 'utf16le'], ['iso-8859-1', 'latin1'], ['"utf-16"', 'latin1']] as const) {
      const res = await hub.app.inject({
        method: 'POST', url: '/api/v1/mbo-gangerberichten', payload: Buffer.from(body, encoding),
        headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}`, 'content-type': `application/json; charset=${charset}` },
      });
      expect(res.statusCode, charset).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().status).toBe(415);
    }
  });

  it('takes UTF-8, named in any spelling, or no charset at all', async () => {
    for (const ct of ['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json; charset=utf8']) {
      const res = await hub.app.inject({
        method: 'POST', url: '/api/v1/mbo-gangerberichten', payload: JSON.stringify({ berichten: [mboGanger()] }),
        headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}`, 'content-type': ct },
      });
      expect(res.statusCode, ct).toBe(200);
    }
  });
});
