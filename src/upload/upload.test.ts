import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { get, nieuwePgn } from '../../test/berichten.ts';

let hub: TestHub;
const school = demo('vo-school', 0); // 18BR
const other = demo('vo-school', 1);

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-20T10:00:00+01:00' });
  await hub.party(school.oin);
  await hub.party(other.oin);
});
afterAll(() => hub.close());

const HEADER = 'tijdstip;pgn;brinVo;postcode;huisnummer;mboGanger;redenNee';
const row = (pgn: string, over: Partial<Record<'postcode' | 'brinVo' | 'mboGanger' | 'pgn', string>> = {}) =>
  ['2027-01-15T10:00:00+01:00', over.pgn ?? pgn, over.brinVo ?? '18BR', over.postcode ?? '9406NN', '202', over.mboGanger ?? 'ja', ''].join(';');

const upload = (csv: string, oin = school.oin) =>
  hub.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { authorization: `Bearer ${hub.tokenOf(oin)}`, 'content-type': 'text/csv' }, payload: csv });

async function waitDone(id: string) {
  for (let i = 0; i < 400; i++) {
    const res = (await get(hub, school.oin, `/api/v1/uploads/${id}`)).json();
    if (res.status !== 'verwerken') return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('upload did not finish');
}

const count = async () => (await hub.db.query<{ n: number }>('select count(*)::int as n from mbo_ganger')).rows[0]!.n;

describe('file upload (spec §11)', () => {
  const rows = Array.from({ length: 2500 }, () => row(nieuwePgn()));
  // Five bad rows, each with a different fault; line numbers are the file's (header = line 1).
  rows[9] = row('', { pgn: '123456789' }); // line 11
  rows[99] = row(nieuwePgn(), { postcode: '9406 NN' }); // line 101
  rows[999] = '2027-01-15T10:00:00+01:00;123'; // line 1001: too few columns
  rows[1499] = row(nieuwePgn(), { mboGanger: 'misschien' }); // line 1501
  rows[2499] = row(nieuwePgn(), { brinVo: '16PS' }); // line 2501: not this sender's school
  const csv = [HEADER, ...rows].join('\n') + '\n';
  let id: string;

  it('processes the rows through the API’s intake, and reports every rejected row with its problems', async () => {
    const res = await upload(csv);
    expect(res.statusCode).toBe(202);
    id = res.json().id;
    // Another request is answered while the upload is still being processed.
    expect((await get(hub, school.oin, '/api/v1/identiteit')).statusCode).toBe(200);
    expect((await get(hub, school.oin, `/api/v1/uploads/${id}`)).json().status).toBe('verwerken');
    const done = await waitDone(id);
    expect(done).toMatchObject({ status: 'klaar', rijen: 2500, verwerkt: 2495, afgewezen: 5, duplicaat: 0 });
    expect(done.afwijzingen.map((a: { rij: number; problemen: { name: string }[] }) => [a.rij, a.problemen.map((p) => p.name)])).toEqual([
      [11, ['pgn']], [101, ['postcode']], [1001, ['rij']], [1501, ['mboGanger']], [2501, ['brinVo']],
    ]);
    expect(await count()).toBe(2495);
  });

  it('gives the rejected rows as CSV too', async () => {
    const res = await get(hub, school.oin, `/api/v1/uploads/${id}?formaat=csv`);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('rij;veld;reden');
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 2).join(';'))).toEqual(['11;pgn', '101;postcode', '1001;rij', '1501;mboGanger', '2501;brinVo']);
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const before = await count();
    const again = await upload(csv);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(id);
    expect(await count()).toBe(before);
    expect((await hub.db.query<{ n: number }>('select count(*)::int as n from upload')).rows[0]!.n).toBe(1);
  });

  it('refuses a file whose header names unknown or leaves out required columns, all at once', async () => {
    const res = await upload('tijdstip;pgn;brinVo;naam;postcode\n2027-01-15T10:00:00+01:00;1;18BR;Jan;9406NN\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['kolom naam', 'kolom mboGanger']);
  });

  it('shows an upload only to its sender', async () => {
    expect((await get(hub, other.oin, `/api/v1/uploads/${id}`)).statusCode).toBe(404);
  });

  it('resumes an upload that a stop cut off, applying no row twice', async () => {
    const { createHash } = await import('node:crypto');
    const { mkdir, writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const { resumeUploads, uploadDir } = await import('./service.ts');
    const store = await import('./store.ts');
    const file = [HEADER, row(nieuwePgn()), row(nieuwePgn()), row(nieuwePgn())].join('\n') + '\n';
    const sha256 = createHash('sha256').update(file).digest('hex');
    const id = '0196f000-0000-7000-8000-0000000000aa';
    // As a crash leaves it: the row and the spooled file, status still "verwerken".
    await mkdir(uploadDir(hub.ctx), { recursive: true });
    await writeFile(path.join(uploadDir(hub.ctx), `${id}.csv`), file);
    await store.insert(hub.db, { id, afzenderOin: school.oin, soort: 'mbo-gangerberichten', sha256, cyclus: 2027, ontvangen: hub.clock.now() });
    expect(await resumeUploads(hub.ctx)).toBe(1);
    expect(await waitDone(id)).toMatchObject({ status: 'klaar', verwerkt: 3, afgewezen: 0 });
    await store.resetCounts(hub.db, id);
    await hub.db.query(`update upload set status = 'verwerken' where id = $1`, [id]);
    await resumeUploads(hub.ctx);
    expect(await waitDone(id)).toMatchObject({ status: 'klaar', verwerkt: 0, duplicaat: 3 });
  });

  it('resumes it also when the database connection is lost just then (the hub stays up)', async () => {
    const { createHash } = await import('node:crypto');
    const { writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const { resumeUploads, uploadDir } = await import('./service.ts');
    const store = await import('./store.ts');
    const file = [HEADER, row(nieuwePgn()), row(nieuwePgn())].join('\n') + '\n';
    const id = '0196f000-0000-7000-8000-0000000000ab';
    await writeFile(path.join(uploadDir(hub.ctx), `${id}.csv`), file);
    await store.insert(hub.db, { id, afzenderOin: school.oin, soort: 'mbo-gangerberichten', sha256: createHash('sha256').update(file).digest('hex'), cyclus: 2027, ontvangen: hub.clock.now() });
    // The server ends the connection of the first statement, as pg_terminate_backend does
    // (test/connection-loss.test.ts cuts them as soon as /health answers, which is before this runs).
    let cut = false;
    const db = { ...hub.db, query: ((sql: string, params?: unknown[]) => {
      if (!cut) {
        cut = true;
        return Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
      }
      return hub.db.query(sql, params);
    }) as typeof hub.db.query };
    expect(await resumeUploads({ ...hub.ctx, db })).toBe(1);
    expect(cut).toBe(true);
    expect(await waitDone(id)).toMatchObject({ status: 'klaar', verwerkt: 2, afgewezen: 0 });
  });

  it('takes aanmeldstatusberichten files as well', async () => {
    const roc = demo('mbo-instelling', 0);
    await hub.party(roc.oin);
    const file = ['tijdstip;aanmeldingId;pgn;postcode;huisnummer;brinMbo;vooropleiding;leertraject;leeftijdscategorie;startkwalificatie;status',
      `2027-01-15T10:00:00+01:00;90AA:70000001;${nieuwePgn()};9406NN;202;90AA;VMBO;BOL;TUSSEN_16_18;nee;AO`,
      `2027-01-15T10:00:00+01:00;90AA:70000002;${nieuwePgn()};9406NN;202;90AA;VMBO;VAVO;TUSSEN_16_18;nee;AO`].join('\n');
    const res = await hub.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { authorization: `Bearer ${hub.tokenOf(roc.oin)}`, 'content-type': 'text/csv' }, payload: file });
    expect(res.statusCode).toBe(202);
    let done;
    for (let i = 0; i < 100; i++) {
      done = (await get(hub, roc.oin, `/api/v1/uploads/${res.json().id}`)).json();
      if (done.status !== 'verwerken') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(done).toMatchObject({ status: 'klaar', verwerkt: 1, afgewezen: 1, afwijzingen: [{ rij: 3, problemen: [expect.objectContaining({ name: 'leertraject' })] }] });
  });
});
