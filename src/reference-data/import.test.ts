import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Db } from '../db/db.ts';
import { createTestDb } from '../../test/helpers.ts';
import { importAll, importFile } from './service.ts';
import { referenceCounts, resolveGemeente } from './store.ts';

let db: Db;
const referenceDir = loadConfig({}).referenceDir;
const dir = mkdtempSync(path.join(tmpdir(), 'vva-import-'));
const duoVo = path.join(referenceDir, 'duo/alle-vestigingen-vo.csv');

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

const unchanged = { toegevoegd: 0, gewijzigd: 0, gedeactiveerd: 0 };

describe('reference data import', () => {
  it('loaded the real DUO and CBS files into the template', async () => {
    const counts = await referenceCounts(db);
    expect(counts).toMatchObject({ gemeenten: 342, rmc_regios: 40, mbo_instellingen: 60, vooropleidingscodes: 21 });
    const lines = readFileSync(duoVo, 'utf8').trim().split('\n').length - 1;
    expect(counts.vo_vestigingen).toBe(lines);
    expect(counts.vo_scholen).toBeGreaterThan(600);
    const { rows } = await db.query<{ naam: string; rmc_code: string }>(`select naam, rmc_code from vo_school where brin = '18BR'`);
    expect(rows[0]).toEqual({ naam: 'School voor Praktijkonderwijs Assen', rmc_code: '07' });
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await db.query('select * from vo_school order by brin');
    const results = await importAll(db, referenceDir);
    for (const tables of Object.values(results)) {
      for (const counts of Object.values(tables)) expect(counts).toMatchObject(unchanged);
    }
    expect((await db.query('select * from vo_school order by brin')).rows).toEqual(before.rows);
  });

  it('reports added, changed and deactivated rows, and a dry run applies nothing', async () => {
    const lines = readFileSync(duoVo, 'utf8').split('\n');
    const edited = lines
      .filter((l) => !l.includes(';18BR;'))
      .map((l) => (l.includes(';16PS00;') ? l.replace('Montessori Lyceum Amsterdam', 'Montessori Lyceum Amsterdam (nieuw)') : l));
    edited.splice(2, 0, lines[1]!.replace(/;18BR;18BR00;/, ';99XX;99XX00;'));
    const file = path.join(dir, 'vo-edited.csv');
    writeFileSync(file, edited.join('\n'));

    const dry = await importFile(db, 'duo-vo', file, { dryRun: true });
    expect(dry.vo_vestiging).toMatchObject({ toegevoegd: 1, gewijzigd: 1, gedeactiveerd: 2 });
    expect(dry.vo_school).toMatchObject({ toegevoegd: 1, gewijzigd: 1, gedeactiveerd: 1 });
    expect((await db.query(`select actief from vo_school where brin = '18BR'`)).rows).toEqual([{ actief: true }]);

    const real = await importFile(db, 'duo-vo', file);
    expect(real).toEqual(dry);
    expect((await db.query(`select actief from vo_school where brin = '18BR'`)).rows).toEqual([{ actief: false }]);
    expect((await db.query(`select naam from vo_school where brin = '16PS'`)).rows).toEqual([{ naam: 'Montessori Lyceum Amsterdam (nieuw)' }]);

    // Back to the published file: the school is active again, the invented one deactivated.
    const back = await importFile(db, 'duo-vo', duoVo);
    expect(back.vo_school).toMatchObject({ toegevoegd: 0, gewijzigd: 2, gedeactiveerd: 1 });
  });

  it('reads the real CBS postcode-huisnummer format and falls back to PC6 and PC4 majorities', async () => {
    const file = path.join(dir, 'pc6hnr20230801_gwb.csv');
    writeFileSync(file, [
      'PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023',
      '9401SL;2;1060101;10601;106', '9401SL;4;1060101;10601;106', '9401SL;6;16800101;168001;1680',
      '9401AB;1;1060202;10602;106', '9406NN;202;1060303;10603;106', '1011AB;1;3630000;36300;363',
    ].join('\n'));
    const result = await importFile(db, 'postcode-huisnummer', file);
    expect(result.adres_gemeente!.toegevoegd).toBeGreaterThan(0);
    expect(await resolveGemeente(db, '9401SL', 6)).toEqual({ gemeentecode: '1680', bron: 'adres' });
    expect(await resolveGemeente(db, '9401SL', 99)).toEqual({ gemeentecode: '0106', bron: 'pc6' });
    expect(await resolveGemeente(db, '9401ZZ', 1)).toEqual({ gemeentecode: '0106', bron: 'pc4' });
    expect(await resolveGemeente(db, '1234AB', 1)).toBeNull();
    const again = await importFile(db, 'postcode-huisnummer', file);
    expect(again.adres_gemeente).toMatchObject(unchanged);
  });

  it('rejects an unknown kind with the list of kinds', async () => {
    await expect(importFile(db, 'bag', duoVo)).rejects.toMatchObject({ status: 400, invalidParams: [expect.objectContaining({ name: 'kind' })] });
  });
});
