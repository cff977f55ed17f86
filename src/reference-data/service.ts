import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/db.ts';
import { VvaError } from '../shared/errors.ts';
import type { FileProgress } from './csv.ts';
import { IMPORTERS, importerFor, type ImportResult } from './importers.ts';
import * as store from './store.ts';

class DryRunRollback extends Error {}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Imports one reference file in one transaction: all of it applies or none. With `dryRun` the
 * diff is computed and reported, then rolled back, so beheer sees what would change first.
 */
export async function importFile(db: Db, kind: string, file: string, opts: { dryRun?: boolean; progress?: FileProgress } = {}): Promise<ImportResult> {
  const importer = importerFor(kind);
  if (!importer) {
    throw VvaError.invalid([{ name: 'kind', reason: `onbekende soort; kies uit ${IMPORTERS.map((i) => i.kind).join(', ')}` }]);
  }
  const digest = await sha256(file);
  let result: ImportResult = {};
  try {
    await db.transaction(async (tx) => {
      result = await importer.run(tx, file, opts.progress);
      if (opts.dryRun) throw new DryRunRollback();
      const sum = (k: 'toegevoegd' | 'gewijzigd' | 'gedeactiveerd') => Object.values(result).reduce((n, c) => n + c[k], 0);
      await store.recordImport(tx, { soort: kind, bestand: path.basename(file), sha256: digest, toegevoegd: sum('toegevoegd'), gewijzigd: sum('gewijzigd'), gedeactiveerd: sum('gedeactiveerd') });
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return result;
}

/** Imports every kind from its default file in the reference directory, in dependency order. */
export async function importAll(db: Db, referenceDir: string, progress?: FileProgress): Promise<Record<string, ImportResult>> {
  const results: Record<string, ImportResult> = {};
  for (const importer of IMPORTERS) {
    results[importer.kind] = await importFile(db, importer.kind, path.join(referenceDir, importer.defaultFile), { progress });
  }
  return results;
}
