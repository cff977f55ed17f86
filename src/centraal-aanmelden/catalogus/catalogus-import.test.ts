import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/helpers.ts';
import { loadConfig } from '../../config/config.ts';
import type { Db } from '../../db/db.ts';
import { importFile } from '../../reference-data/service.ts';
import { referenceCounts } from '../../reference-data/store.ts';
import { aanbodVan } from './store.ts';

let db: Db;
const bestand = path.join(loadConfig({}).referenceDir, 'synthetic/ca-catalogus-synthetisch.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'vva-ca-'));

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Centraal Aanmelden catalogue import (same diff-and-apply as all reference data)', () => {
  it('the template holds the synthetic catalogue, labelled as such', async () => {
    expect((await referenceCounts(db)).ca_opleidingen).toBe(300);
    const aanbod = await aanbodVan(db, '90AA');
    expect(aanbod).toHaveLength(5);
    expect(aanbod.every((o) => o.synthetisch)).toBe(true);
    expect(aanbod.find((o) => o.aanbodCode === 'SYN-90AA-05')).toMatchObject({ wervingsnaam: 'Pedagogisch Medewerker (deeltijd)', leerweg: 'ODT', onderwijsaanbieder: '90AAB' });
  });

  it('re-importing changes nothing; a changed file reports its diff, and a dry run applies nothing', async () => {
    expect(await importFile(db, 'ca-catalogus', bestand)).toEqual({
      ca_opleiding: { toegevoegd: 0, gewijzigd: 0, gedeactiveerd: 0, ongewijzigd: 300 },
      ca_cohort: { toegevoegd: 0, gewijzigd: 0, gedeactiveerd: 0, ongewijzigd: 600 },
    });
    const regels = readFileSync(bestand, 'utf8').trim().split('\n');
    const gewijzigd = regels
      .filter((l) => !l.startsWith('SYN-91AH-02;'))
      .map((l) => (l.startsWith('SYN-90AA-01;') ? l.replace('Software Developer', 'Software Developer (nieuw)') : l))
      .concat('SYN-90AA-99;90AAA;90AA;Kapper;29700;BBL;EXAMENDEELNEMER;Locatie Amsterdam;2027-08;2027-08-30;2026-10-01;2027-08-29;J')
      .concat('SYN-90AA-98;90AAA;90AA;Onbekende leerweg;29701;OVO;VOLTIJD;Locatie Amsterdam;2027-08;2027-08-30;2026-10-01;2027-08-29;J');
    const file = path.join(dir, 'catalogus.csv');
    writeFileSync(file, gewijzigd.join('\n') + '\n');
    const droog = await importFile(db, 'ca-catalogus', file, { dryRun: true });
    expect(droog).toEqual({
      ca_opleiding: { toegevoegd: 1, gewijzigd: 1, gedeactiveerd: 1, ongewijzigd: 298 },
      ca_cohort: { toegevoegd: 1, gewijzigd: 0, gedeactiveerd: 2, ongewijzigd: 598 },
    });
    expect((await aanbodVan(db, '90AA')).map((o) => o.aanbodCode)).not.toContain('SYN-90AA-99');
    expect(await importFile(db, 'ca-catalogus', file)).toEqual(droog);
    const aanbod = await aanbodVan(db, '90AA');
    expect(aanbod.find((o) => o.aanbodCode === 'SYN-90AA-99')).toMatchObject({ leerweg: 'EX', cohorten: [{ cohort: '2027-08' }] });
    expect(aanbod.find((o) => o.aanbodCode === 'SYN-90AA-01')?.wervingsnaam).toBe('Software Developer (nieuw)');
    expect((await aanbodVan(db, '91AH')).map((o) => o.aanbodCode)).not.toContain('SYN-91AH-02');
  });
});
