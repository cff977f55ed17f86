import { loadConfig } from '../src/config/config.ts';
import type { Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { importAll } from '../src/reference-data/service.ts';

/** Migrates a database and loads the shipped reference data: the starting point of every test. */
export async function prepareTemplate(db: Db): Promise<void> {
  await migrate(db);
  await importAll(db, loadConfig({}).referenceDir);
}

export { databaseUrl, freshDatabase, withAdmin } from '../src/db/scratch.ts';
export { openPostgres };
