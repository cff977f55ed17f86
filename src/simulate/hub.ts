import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isHealthy } from '@open-vva/client';
import { createContext } from '../app/context.ts';
import { loadConfig, REPO_ROOT } from '../config/config.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open.ts';
import { dropDatabase, freshDatabase } from '../db/scratch.ts';
import { importAll } from '../reference-data/service.ts';
import { heapBoundChosen, HUB_NODE_ARGS, processMemoryKb } from '../shared/process-memory.ts';
import { RoundRobinProxy } from './proxy.ts';
import { SimTls } from './tls.ts';
import { middagVan } from './tijd.ts';

/** One `vva serve` process of the hub; its role is its configuration (spec §19). */
export interface HubProces {
  naam: string;
  /** `api`: serves the API, delivers nothing (VVA_AFLEVERING_WORKERS=0); `worker`: delivers; both: one process does all. */
  rol: 'api' | 'worker' | 'api+worker';
  url: string;
  /** Behind the proxy (an `worker` of a hub of three or more is not: it only delivers and runs milestones). */
  achterProxy: boolean;
}

export interface SimHub {
  /** Where the parties connect: the proxy in front of the processes (https: TLS passes through it to the process). */
  url: string;
  /** The run's dev CA, the hub's server certificate and the clients' connection pools (spec §2: mutual TLS). */
  tls: SimTls;
  beheerToken: string;
  engine: 'pglite' | 'postgres';
  processen: HubProces[];
  /** SIGKILL of one process, then the same process started again (its clock at `nu`); resolves when it is healthy. */
  herstart(i: number, nu: string): Promise<void>;
  /** pg_terminate_backend of every connection the hub holds; null on the embedded engine (no connections to cut). */
  verbrekVerbindingen: (() => Promise<number>) | null;
  /** Each process's peak resident set in MB (the kernel's VmHWM; across its restarts, the highest): issue 11's M. Empty where /proc is not. */
  piekGeheugen(): Map<string, number>;
  stop(): Promise<void>;
}

const BEHEER_OIN = '00000099900000000077';

/** Delivery settings of the simulated hub: the spec's retry schedule compressed (10 s → 0.25 s, the 1 h cap → 1 s), so a cycle of faults fits in minutes. */
export const AFLEVERING = { VVA_AFLEVERING_BASIS_MS: '250', VVA_AFLEVERING_MAX_INTERVAL_MS: '1000', VVA_AFLEVERING_TIMEOUT_MS: '1500' };

/**
 * A hub of its own for the simulation, as an operator would set one up: a fresh database (PGlite in a
 * temp dir, or a new PostgreSQL database beside DATABASE_URL), the reference data, one beheer
 * identity; then `vva serve` with the manual clock as `processen` processes (several only on
 * PostgreSQL) behind a round-robin proxy, serving HTTPS with client certificates as production does
 * (a dev CA of this run). All else goes over the API.
 */
export async function startEigenHub(opts: { processen: number }, log: (s: string) => void): Promise<SimHub> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vva-sim-'));
  const tls = await SimTls.maak(dataDir);
  let databaseUrl: string | undefined;
  let opruimen = async () => {};
  const server = process.env.DATABASE_URL;
  if (server) {
    // Beside the given database and named after it (a test's own database name stays its prefix).
    const basis = new URL(server).pathname.slice(1);
    const name = `${basis && basis !== 'postgres' ? basis : 'vva'}_sim_${process.pid}`;
    databaseUrl = await freshDatabase(server, name);
    opruimen = () => dropDatabase(server, name);
  }
  if (!databaseUrl && opts.processen > 1) throw new Error('meer dan één hubproces kan alleen op PostgreSQL (DATABASE_URL); de ingebouwde database dient één proces');
  const env: Record<string, string> = {
    VVA_DATA_DIR: dataDir, VVA_CLOCK: 'manual', LOG_LEVEL: 'warn', NODE_ENV: 'development', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    // One host plays every party at many times real speed: per-address and per-token limits would throttle the simulation itself.
    VVA_RATE_LIMIT_PER_CREDENTIAL: '0', VVA_RATE_LIMIT_PER_ADDRESS: '0', VVA_AUTH_FAILURES_MAX: '0', ...AFLEVERING, ...tls.env,
    // A year in minutes: a party's seconds between rounds stand for days. With the default 5 s the hub closed
    // most idle connections between rounds, and every certificate party paid a new TLS handshake per round.
    VVA_HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000',
  };
  const config = loadConfig({ ...process.env, ...env, DATABASE_URL: databaseUrl ?? '' });
  const db = await openDb(config);
  await migrate(db);
  await importAll(db, config.referenceDir);
  const ctx = await createContext(config, db);
  await ctx.identity.addOrganisation({ oin: BEHEER_OIN, soort: 'beheer', naam: 'Beheer (simulatie)' }, null);
  const { token } = await ctx.identity.issueToken(BEHEER_OIN, { label: 'simulatie', gebruiker: 'simulator' });
  await db.close();

  const n = opts.processen;
  const processen: (HubProces & { port: number; child: ChildProcess | null; output: string })[] = [];
  for (let i = 0; i < n; i++) {
    const rol = n === 1 ? 'api+worker' : i < n - 1 ? 'api' : n === 2 ? 'api+worker' : 'worker';
    const port = await vrijePoort();
    processen.push({ naam: n === 1 ? 'hub' : `${rol}-${i + 1}`, rol, port, url: `https://127.0.0.1:${port}`, achterProxy: rol !== 'worker', child: null, output: '' });
  }
  // The hub's heap bound, as in production; VVA_SIM_HUB_NODE_ARGS: more Node options for the hub processes
  // only, e.g. `--cpu-prof` to profile them, or another bound.
  const extra = (process.env.VVA_SIM_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const nodeArgs = [...(heapBoundChosen(extra, '') ? [] : HUB_NODE_ARGS), ...extra];
  const gezond = ((u: string) => fetch(u, { dispatcher: tls.gezondheid } as RequestInit)) as typeof fetch;
  /** Processes the simulator stops itself; any other exit is a crash, and its last output is shown. */
  const gestopt = new WeakSet<ChildProcess>();
  const start = async (p: (typeof processen)[number], nu: string) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin/vva.mjs'), 'serve'], {
      env: { ...process.env, ...env, ...(databaseUrl ? {} : { DATABASE_URL: '' }), PORT: String(p.port), VVA_CLOCK_START: nu, ...(p.rol === 'api' ? { VVA_AFLEVERING_WORKERS: '0' } : {}) },
      // The IPC channel ties the process to the simulator: killed outright, it takes its hub processes along (src/cli/serve.ts).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    p.child = child;
    p.output = '';
    child.stdout!.on('data', (d) => (p.output = (p.output + d).slice(-20_000)));
    child.stderr!.on('data', (d) => (p.output = (p.output + d).slice(-20_000)));
    child.once('exit', (code, signal) => {
      if (!gestopt.has(child)) process.stderr.write(`hubproces ${p.naam} stopte onverwacht (${signal ?? `code ${code}`}); laatste uitvoer:\n${p.output.slice(-4_000)}\n`);
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`hubproces ${p.naam} stopte bij het starten:\n${p.output}`);
      if (await isHealthy(p.url, gezond)) return;
      if (Date.now() > deadline) throw new Error(`hubproces ${p.naam} startte niet binnen 120 s:\n${p.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  type Proces = (typeof processen)[number];
  const leeft = (p: Proces): p is Proces & { child: ChildProcess } => Boolean(p.child && p.child.exitCode === null && p.child.signalCode === null);
  const piek = new Map<string, number>();
  const meetPiek = (p: Proces) => {
    const kb = leeft(p) && p.child.pid ? processMemoryKb('VmHWM', p.child.pid) : null;
    if (kb !== null) piek.set(p.naam, Math.max(piek.get(p.naam) ?? 0, Math.round(kb / 1024)));
  };
  const stopProces = (p: Proces, signal: NodeJS.Signals) => new Promise<void>((resolve) => {
    if (!leeft(p)) return resolve();
    p.child.once('exit', () => resolve());
    gestopt.add(p.child);
    p.child.kill(signal);
  });
  // One after the other: the first applies nothing new (migrated above), the others find it so.
  for (const p of processen) await start(p, middagVan(-1));
  const proxy = await new RoundRobinProxy(() => processen.filter((p) => p.achterProxy).map((p) => p.port)).start();
  const url = `https://127.0.0.1:${proxy.port}`;
  log(`hub: ${databaseUrl ? 'PostgreSQL' : 'PGlite'} in ${databaseUrl ? new URL(databaseUrl).pathname.slice(1) : dataDir}; ${processen.map((p) => `${p.naam} (:${p.port})`).join(', ')} achter ${url}`);

  let admin: pg.Client | null = null;
  const verbrekVerbindingen = databaseUrl ? async () => {
    if (!admin) {
      admin = new pg.Client({ connectionString: databaseUrl });
      admin.on('error', () => undefined);
      await admin.connect();
    }
    const r = await admin.query<{ n: number }>(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    return r.rows[0]!.n;
  } : null;

  return {
    url, tls, beheerToken: token, engine: databaseUrl ? 'postgres' : 'pglite', processen: processen.map(({ naam, rol, url: u, achterProxy }) => ({ naam, rol, url: u, achterProxy })),
    async herstart(i, nu) {
      const p = processen[i]!;
      meetPiek(p);
      await stopProces(p, 'SIGKILL');
      await start(p, nu);
    },
    verbrekVerbindingen,
    piekGeheugen() {
      for (const p of processen) meetPiek(p);
      // In the processes' order, whichever was killed (and measured) first.
      return new Map(processen.flatMap((p) => (piek.has(p.naam) ? [[p.naam, piek.get(p.naam)!] as const] : [])));
    },
    async stop() {
      await proxy.stop();
      await Promise.all(processen.map((p) => stopProces(p, 'SIGTERM')));
      await (admin as pg.Client | null)?.end().catch(() => undefined);
      await opruimen();
      await tls.sluit();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function vrijePoort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
