import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { get, nieuwePgn } from '../../test/berichten.ts';

// Issue 13 point 3, uploads: files and requests that used to give a 500 or end `mislukt` without a reason.

let hub: TestHub;
const school = demo('vo-school', 0); // 18BR

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-20T10:00:00+01:00' });
  await hub.party(school.oin);
});
afterAll(() => hub.close());

const HEADER = 'tijdstip;pgn;brinVo;postcode;huisnummer;huisnummerToevoeging;mboGanger';
const row = (over: Partial<Record<'tijdstip' | 'pgn' | 'brinVo' | 'toevoeging', string>> = {}) =>
  [over.tijdstip ?? '2027-01-15T10:00:00+01:00', over.pgn ?? nieuwePgn(), over.brinVo ?? '18BR', '9406NN', '202', over.toevoeging ?? '', 'ja'].join(';');

const upload = (payload: string | Buffer, contentType = 'text/csv') =>
  hub.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}`, 'content-type': contentType }, payload });

interface Report { status: string; rijen: number; verwerkt: number; afgewezen: number; afwijzingen: { rij: number; problemen: { name: string; reason: string }[] }[] }
async function waitDone(id: string): Promise<Report> {
  for (let i = 0; i < 600; i++) {
    const res = (await get(hub, school.oin, `/api/v1/uploads/${id}`)).json();
    if (res.status !== 'verwerken') return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('upload did not finish');
}
const summary = (r: Report) => r.afwijzingen.map((a) => [a.rij, [...new Set(a.problemen.map((p) => p.name))]]);

describe('uploads that no client should be able to turn into a 500', () => {
  it('a header with a bad closing quote is a 400 naming the column', async () => {
    for (const header of ['tijdstip;"pgn"x;brinVo;mboGanger', 'tijdstip;"pgn" ;brinVo;mboGanger']) {
      const res = await upload(`${header}\n${row()}\n`);
      expect(res.statusCode, header).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().invalidParams.length).toBeGreaterThan(0);
    }
  });

  it('a body that is not CSV (JSON, or no content type) is refused with 415', async () => {
    const json = await upload(JSON.stringify({ berichten: [] }), 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toContain('application/problem+json');
    const none = await hub.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}` } });
    expect(none.statusCode).toBe(415);
  });

  it('NUL cells after row 1,500 are rejected row by row; the upload is klaar with every other row processed', async () => {
    const rows = Array.from({ length: 2500 }, () => row());
    rows[1500] = row({ toevoeging: 'A\u0000' }); // line 1502
    rows[1501] = row({ pgn: '\u0000' }); // line 1503
    rows[1502] = row({ tijdstip: '2027-01-15T10:00:00\u0000+01:00' }); // line 1504
    rows[1503] = row({ brinVo: '18\u0000BR' }); // line 1505
    const res = await upload([HEADER, ...rows].join('\n') + '\n');
    expect(res.statusCode).toBe(202);
    const done = await waitDone(res.json().id);
    expect(done).toMatchObject({ status: 'klaar', rijen: 2500, verwerkt: 2496, afgewezen: 4 });
    expect(summary(done)).toEqual([[1502, ['huisnummerToevoeging']], [1503, ['pgn']], [1504, ['tijdstip']], [1505, ['brinVo']]]);
  });

  it('a row with a tijdstip in year 0000 is a rejected row, not a failed upload', async () => {
    const res = await upload([HEADER, row(), row({ tijdstip: '0000-01-01T00:00:00Z' }), row()].join('\n') + '\n');
    const done = await waitDone(res.json().id);
    expect(done).toMatchObject({ status: 'klaar', rijen: 3, verwerkt: 2, afgewezen: 1 });
    expect(summary(done)).toEqual([[3, ['tijdstip']]]);
  });

  it('an unclosed quote is reported at its line; the rows before it are processed', async () => {
    const rows = Array.from({ length: 1600 }, () => row());
    rows[1500] = row({ toevoeging: '"A' }); // line 1502: the quote swallows the rest of the file
    const res = await upload([HEADER, ...rows].join('\n') + '\n');
    const done = await waitDone(res.json().id);
    expect(done).toMatchObject({ status: 'klaar', verwerkt: 1500, afgewezen: 1 });
    expect(summary(done)).toEqual([[1502, ['rij']]]);
    expect(done.afwijzingen[0]!.problemen[0]!.reason).toMatch(/aanhalingsteken/);
  });
});
