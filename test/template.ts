import pg from 'pg';
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

/** Connection string of another database on the same server as `url`. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export { openPostgres };

/** A new, empty database on the test server for a test that runs its own hub process; its URL. */
export async function freshDatabase(url: string, name: string): Promise<string> {
  await withAdmin(url, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  return databaseUrl(url, name);
}
