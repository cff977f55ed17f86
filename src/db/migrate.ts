import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../config/config.ts';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'migrations');

interface Migration {
  version: number;
  name: string;
  file: string;
}

/** Migrations are forward-only plain SQL files named `NNNN_description.sql`; a shipped one is never edited. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f)).sort();
  return files.map((file) => ({ version: Number(file.slice(0, 4)), name: file.slice(5, -4), file: path.join(dir, file) }));
}

async function appliedVersions(db: Db): Promise<Set<number>> {
  await db.exec(`create table if not exists schema_migratie (
    versie integer primary key, naam text not null, toegepast timestamptz not null default now())`);
  const { rows } = await db.query<{ versie: number }>('select versie from schema_migratie');
  return new Set(rows.map((r) => r.versie));
}

/**
 * Applies pending migrations, each in its own transaction. An advisory lock makes several hub
 * processes starting at once on one PostgreSQL apply each migration exactly once.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const done = await appliedVersions(db);
  const applied: string[] = [];
  for (const m of await listMigrations(dir)) {
    if (done.has(m.version)) continue;
    const sql = await readFile(m.file, 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(7242001)');
      const again = await tx.query('select 1 from schema_migratie where versie = $1', [m.version]);
      if (again.rowCount > 0) return false;
      await tx.exec(sql);
      await tx.query('insert into schema_migratie (versie, naam) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (ran) applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  return applied;
}

export async function migrationStatus(db: Db, dir = MIGRATIONS_DIR): Promise<{ current: boolean; pending: number }> {
  const { rows } = await db.query<{ versie: number }>('select versie from schema_migratie');
  const have = new Set(rows.map((r) => r.versie));
  const pending = (await listMigrations(dir)).filter((m) => !have.has(m.version)).length;
  return { current: pending === 0, pending };
}
