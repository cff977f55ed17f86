import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../src/db/pglite.ts';
import { databaseUrl, openPostgres, prepareTemplate, withAdmin } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
    pgliteDump: string | null;
  }
}

/**
 * Builds one migrated database with the reference data, once per run: on PostgreSQL a template
 * database (copied per test file with CREATE DATABASE … TEMPLATE), on PGlite a data-directory dump
 * (loaded per test file). Each test file then has a database of its own.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `vva_tmpl_${process.pid}`;
    await withAdmin(url, (c) => c.query(`drop database if exists ${template}`));
    await withAdmin(url, (c) => c.query(`create database ${template}`));
    const db = openPostgres(databaseUrl(url, template), { max: 2 });
    await prepareTemplate(db);
    await db.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteDump', null);
    return async () => {
      await withAdmin(url, async (c) => {
        const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname = $2`, [`${template}\\_f%`, template]);
        for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
      });
    };
  }
  const db = await openPglite();
  await prepareTemplate(db);
  const dump = await db.pglite.dumpDataDir('none');
  await db.close();
  const dir = mkdtempSync(path.join(tmpdir(), 'vva-test-'));
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgTemplate', null);
  project.provide('pgliteDump', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
