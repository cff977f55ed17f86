import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/config.ts';
import { freshDatabase, withAdmin } from './template.ts';
import { hubDatabase, startHub, type HubProcess } from './hub-process.ts';
import { startTraffic } from './traffic.ts';

// Spec §19: a CLI command never weakens the running hub's guarantees — an import beside a hub that takes
// traffic is all-or-nothing. On PGlite the CLI reaches the hub's one database session through its socket;
// on PostgreSQL it has a session of its own. The test runs on whichever engine the suite runs on.
const serverUrl = process.env.DATABASE_URL;
const dir = mkdtempSync(path.join(tmpdir(), 'vva-import-hub-'));
const dbName = `vva_import_hub_${process.pid}`;
let hub: HubProcess | undefined;

afterAll(async () => {
  await hub?.kill();
  rmSync(dir, { recursive: true, force: true });
  if (serverUrl) await withAdmin(serverUrl, (c) => c.query(`drop database if exists ${dbName} with (force)`));
});

type Rows = Map<string, string>;
const shipped = path.join(REPO_ROOT, 'reference/cbs/pc6hnr-afgeleid_gwb.csv');

/** Parses a postcode-huisnummer file as the importer does: `pc6:huisnummer` → four-digit gemeentecode. */
function rowsOf(text: string): Rows {
  const lines = text.trim().split('\n').slice(1).map((l) => l.split(';'));
  return new Map(lines.map((c) => [`${c[0]}:${c[1]}`, c[4]!.padStart(4, '0')]));
}

/** The shipped file changed in every way a diff can: 500 rows gone, 300 moved to another gemeente, 200 new. */
function variant(text: string): string {
  const [header, ...lines] = text.trim().split('\n');
  const moved = lines.slice(500, 800).map((l) => {
    const c = l.split(';');
    return [...c.slice(0, 4), c[4] === '106' ? '363' : '106'].join(';');
  });
  const added = Array.from({ length: 200 }, (_, i) => `9999Z${String.fromCharCode(65 + (i % 26))};${1 + Math.floor(i / 26)};;;363`);
  return [header, ...moved, ...lines.slice(800), ...added].join('\n') + '\n';
}

describe('CLI commands beside the running hub under traffic (spec §19)', { timeout: 150_000 }, () => {
  it('applies 10 imports all-or-nothing and correctly while the hub answers ~13 requests/s', async () => {
    const env: Record<string, string> = {
      PORT: String(22_000 + Math.floor(Math.random() * 1000)), VVA_DATA_DIR: path.join(dir, 'data'),
      VVA_CLOCK: 'manual', VVA_CLOCK_START: '2026-11-20T10:00:00+01:00', DATABASE_URL: serverUrl ? await freshDatabase(serverUrl, dbName) : '',
    };
    const credentials = path.join(dir, 'credentials.json');
    hub = await startHub(env, ['--demo', '--credentials', credentials]);
    const partijen = JSON.parse(readFileSync(credentials, 'utf8')).partijen as { soort: string; brin?: string; token: string }[];
    const [school, beheer] = [partijen.find((p) => p.brin === '18BR')!.token, partijen.find((p) => p.soort === 'beheer')!.token];

    const versions = [{ file: shipped, text: readFileSync(shipped, 'utf8') }];
    versions.push({ file: path.join(dir, 'pc6hnr-variant.csv'), text: variant(versions[0]!.text) });
    writeFileSync(versions[1]!.file, versions[1]!.text);
    const expected = versions.map((v) => rowsOf(v.text));

    // One connection per look, closed at once. (The bridge of old served one client and, for a moment
    // after a client left, refused the next: a few tries before calling the socket dead.)
    const look = async <T>(sql: string, attempt = 0): Promise<T[]> => {
      const db = hubDatabase(env);
      try {
        return (await db.query(sql)).rows as T[];
      } catch (err) {
        if (!/terminated|EPIPE|ECONNRESET/.test((err as Error).message)) throw err;
        if (attempt >= 20) throw new Error(`the hub's database socket stopped answering (${(err as Error).message})`);
        await new Promise((r) => setTimeout(r, 100));
        return look(sql, attempt + 1);
      } finally {
        await db.end();
      }
    };
    const stored = async (): Promise<Rows> =>
      new Map((await look<{ pc6: string; huisnummer: number; gemeentecode: string }>('select pc6, huisnummer, gemeentecode from adres_gemeente'))
        .map((r) => [`${r.pc6}:${r.huisnummer}`, r.gemeentecode]));
    const fallbacks = async () => (await look<{ n: number; pc6s: number }>(
      'select (select count(*) from pc6_gemeente)::int as n, (select count(distinct pc6) from adres_gemeente)::int as pc6s'))[0]!;
    const imports = async () => (await look<{ n: number }>(`select count(*)::int as n from referentie_import where soort = 'postcode-huisnummer'`))[0]!.n;
    const before = await imports();

    const traffic = startTraffic(hub.url, school, 13);
    const outcomes: string[] = [];
    let others: number[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const target = (i + 1) % 2;
        const run = await vva(env, ['import', 'postcode-huisnummer', versions[target]!.file], traffic.marker);
        const [now, f] = await Promise.all([stored(), fallbacks()]).catch((err: Error) => [err, err] as const);
        if (now instanceof Error || f instanceof Error) {
          outcomes.push(`import ${i + 1} (exit ${run.code}): ${(now as Error).message}`);
          break;
        }
        const same = (rows: Rows) => rows.size === now.size && [...rows].every(([k, g]) => now.get(k) === g);
        const diff = target === 1 ? 'toegevoegd 200, gewijzigd 300, gedeactiveerd 500' : 'toegevoegd 500, gewijzigd 300, gedeactiveerd 200';
        // All or nothing: the table is exactly the new file (success) or exactly the previous one (a failure).
        if (!same(expected[target]!) && !same(expected[1 - target]!)) outcomes.push(`import ${i + 1}: a mix of both files (exit ${run.code})`);
        else if (f.n !== f.pc6s) outcomes.push(`import ${i + 1}: the PC6 fallbacks do not match the addresses (${f.n} of ${f.pc6s})`);
        else if (run.code !== 0) outcomes.push(`import ${i + 1}: exit ${run.code}, ${run.output.split('\n').find((l) => /^\w*error: /i.test(l)) ?? run.output.slice(-300)}`);
        else if (!same(expected[target]!)) outcomes.push(`import ${i + 1}: reported done, but the hub does not see the new file`);
        else if (!run.output.includes(diff)) outcomes.push(`import ${i + 1}: the diff reported is not ${diff}:\n${run.output}`);
        else outcomes.push('ok');
      }
      // The other commands that write, beside the same traffic: what they write counts at once for the hub.
      const added = await vva(env, ['org', 'add', '--soort', 'gemeente', '--oin', '00000099100599000000', '--naam', 'Gemeente Rotterdam', '--gemeente', '0599'], traffic.marker);
      const issued = await vva(env, ['token', 'issue', '--oin', '00000099100599000000'], traffic.marker);
      const token = issued.output.trim().split('\n').at(-1)!;
      const overzicht = await fetch(`${hub.url}/api/v1/gemeenten/0599/overzicht`, { headers: { authorization: `Bearer ${token}` } });
      const verificatie = await fetch(`${hub.url}/api/v1/beheer/audit/verificatie`, { headers: { authorization: `Bearer ${beheer}` } });
      others = [added.code, issued.code, overzicht.status, ((await verificatie.json()) as { ok: boolean }).ok ? 0 : 1];
    } finally {
      await traffic.stop();
    }
    console.log(`imports: ${outcomes.filter((o) => o === 'ok').length}/10 correct; ${traffic.report()}`);
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    expect(await imports()).toBe(before + 10);
    expect(others, 'org add, token issue, the new token at the hub, the audit chain intact').toEqual([0, 0, 200, 0]);
    expect(traffic.failures(), 'every API request answered well during the imports').toEqual([]);
    // An import holds the embedded session for a few hundred ms: most health checks do not even notice.
    expect(traffic.healthMedianDuring()).toBeLessThan(1000);
    expect(traffic.sent()).toBeGreaterThan(100);
    expect(hub.child.exitCode).toBeNull();
  });
});

/** Runs the CLI as an operator would, with the hub's environment; marks the traffic while it runs. */
async function vva(env: Record<string, string>, args: string[], marker: (running: boolean) => void): Promise<{ code: number; output: string }> {
  marker(true);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin/vva.mjs'), ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, cwd: dir,
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  } finally {
    marker(false);
  }
}
