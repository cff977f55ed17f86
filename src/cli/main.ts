import type { Checkpoint } from '../audit/checkpoint.ts';
import path from 'node:path';
import { Command, Option } from 'commander';
import { createContext, type AppContext } from '../app/context.ts';
import { ConfigError, loadConfig, REPO_ROOT, type Config } from '../config/config.ts';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open.ts';
import { DEMO_PARTIJEN } from '../demo/parties.ts';
import { openPglite } from '../db/pglite.ts';
import { SOORTEN } from '../identity/oin.ts';
import { IMPORTERS } from '../reference-data/importers.ts';
import { importFile } from '../reference-data/service.ts';
import { VvaError } from '../shared/errors.ts';
import { terminalProgress } from './progress.ts';
import { registerBeheerderCommand } from './beheerder.ts';
import { registerInstellingsbeheerderCommand } from './instellingsbeheerder.ts';
import { registerTokenCommand } from './token.ts';
import { registerCaBewaartermijnCommand } from './ca-bewaartermijn.ts';

const program = new Command('vva').description('open-vva: Voorziening Vroegtijdig Aanmelden mbo').showHelpAfterError();

/** Runs a command against the configured database (through a running server's socket when embedded). */
async function withContext<T>(fn: (ctx: AppContext, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db: Db = await openDb(config, { viaRunningServer: true });
  try {
    await migrate(db);
    const ctx = await createContext(config, db);
    // Through a running embedded hub's socket the hub distributes (one session, one distributor);
    // otherwise the command distributes its own journal rows (and any left), before and after.
    const distributes = !(config.database.kind === 'pglite' && db.engine === 'postgres');
    if (distributes) await ctx.distributor.drain();
    const result = await fn(ctx, config);
    if (distributes) await ctx.distributor.drain();
    return result;
  } finally {
    await db.close();
  }
}

program
  .command('serve')
  .description('start de hub')
  .option('--demo', 'referentiegegevens importeren, demo-partijen aanmaken en hun tokens wegschrijven')
  .option('--port <n>', 'poort (standaard PORT of 8080)')
  .option('--credentials <file>', 'waar de demo-tokens komen', 'demo-credentials.json')
  .action(async (opts: { demo?: boolean; port?: string; credentials: string }) => {
    const config = loadConfig(process.env, opts.port ? { PORT: opts.port } : {});
    // Loaded here: the HTTP app is most of the code, and the other commands start faster without it.
    const { serve } = await import('./serve.ts');
    await serve(config, { demo: Boolean(opts.demo), credentialsFile: opts.credentials });
  });

program
  .command('migrate')
  .description('database-migraties toepassen')
  .action(async () => {
    const config = loadConfig();
    const db = await openDb(config, { viaRunningServer: true });
    const applied = await migrate(db);
    await db.close();
    console.log(applied.length ? `toegepast: ${applied.join(', ')}` : 'database is actueel');
  });

program
  .command('import')
  .description(`referentiegegevens importeren; soorten: ${IMPORTERS.map((i) => i.kind).join(', ')}`)
  .argument('<kind>', 'soort bestand')
  .argument('[file]', 'bestand (standaard: het meegeleverde)')
  .option('--dry-run', 'alleen tonen wat er zou veranderen')
  .action(async (kind: string, file: string | undefined, opts: { dryRun?: boolean }) => {
    await withContext(async (ctx, config) => {
      const importer = IMPORTERS.find((i) => i.kind === kind);
      const source = file ?? (importer ? path.join(config.referenceDir, importer.defaultFile) : '');
      const result = await importFile(ctx.db, kind, source, { dryRun: opts.dryRun, progress: terminalProgress() });
      console.log(`${opts.dryRun ? 'zou veranderen (dry run)' : 'geïmporteerd'}: ${path.basename(source)}`);
      for (const [table, c] of Object.entries(result)) {
        console.log(`  ${table.padEnd(20)} toegevoegd ${c.toegevoegd}, gewijzigd ${c.gewijzigd}, gedeactiveerd ${c.gedeactiveerd}, ongewijzigd ${c.ongewijzigd}`);
      }
    });
  });

const org = program.command('org').description('organisaties');
org
  .command('add')
  .description('organisatie aanmaken')
  .addOption(new Option('--soort <soort>').choices(SOORTEN).makeOptionMandatory())
  .requiredOption('--oin <oin>', 'OIN, 20 posities')
  .requiredOption('--naam <naam>')
  .option('--brin <brin>', 'BRIN4 (vo-school, mbo-instelling)')
  .option('--gemeente <code>', 'CBS-gemeentecode (gemeente)')
  .option('--rmc <code>', 'RMC-regiocode (rmc-regio)')
  .action(async (o: { soort: string; oin: string; naam: string; brin?: string; gemeente?: string; rmc?: string }) => {
    await withContext(async (ctx) => {
      const created = await ctx.identity.addOrganisation({ soort: o.soort, oin: o.oin, naam: o.naam, brin: o.brin, gemeentecode: o.gemeente, rmcCode: o.rmc }, null);
      console.log(`aangemaakt: ${created.soort} ${created.naam} (${created.oin})`);
    });
  });

registerTokenCommand(program, (fn) => withContext((ctx) => fn(ctx)));

program
  .command('mandate')
  .description('mandaten')
  .command('add')
  .description('leverancier mag namens een school berichten sturen')
  .requiredOption('--leverancier <oin>')
  .requiredOption('--school <oin>')
  .option('--van <datum>', 'JJJJ-MM-DD (standaard vandaag)')
  .option('--tot <datum>', 'JJJJ-MM-DD (standaard onbepaald)')
  .action(async (o: { leverancier: string; school: string; van?: string; tot?: string }) => {
    await withContext(async (ctx) => {
      const m = await ctx.identity.addMandate({ leverancierOin: o.leverancier, schoolOin: o.school, van: o.van, tot: o.tot }, null);
      console.log(`mandaat ${m.id}: ${m.leverancierOin} → ${m.schoolOin}, ${m.van} t/m ${m.tot ?? 'onbepaald'}`);
    });
  });

registerBeheerderCommand(program, (fn) => withContext((ctx) => fn(ctx)));
registerInstellingsbeheerderCommand(program, (fn) => withContext((ctx) => fn(ctx)));
registerCaBewaartermijnCommand(program, (fn) => withContext((ctx) => fn(ctx)));

program
  .command('certs')
  .description('certificaten')
  .command('dev')
  .description('lokale test-CA, servercertificaat en clientcertificaten (OIN in serialNumber) voor de demo-partijen')
  .option('--dir <dir>', 'map', 'certs')
  .action(async (o: { dir: string }) => {
    const { writeDevCertificates } = await import('../certs/dev-ca.ts');
    const files = await writeDevCertificates(o.dir, DEMO_PARTIJEN);
    console.log(`${files.length} bestanden in ${path.resolve(o.dir)}. Start met mTLS:`);
    console.log(`  VVA_TLS_CERT=${o.dir}/server.pem VVA_TLS_KEY=${o.dir}/server-key.pem VVA_TLS_CA=${o.dir}/ca.pem npm start`);
  });

const audit = program.command('audit').description('auditlog');
audit
  .command('verify')
  .description('hashketen en checkpoints controleren; exit-code 1 bij een breuk')
  .option('--incrementeel', 'alleen de schakels na het laatste checkpoint dat klopt')
  .option('--checkpoints <bestand>', 'ook tegen checkpoints die buiten de hub bewaard zijn (uitvoer van `vva audit checkpoints`)')
  .action(async (o: { incrementeel?: boolean; checkpoints?: string }) => {
    const extern = o.checkpoints ? await readCheckpoints(o.checkpoints) : undefined;
    const ok = await withContext(async (ctx) => {
      const result = await ctx.audit.verify({ incrementeel: o.incrementeel, extern });
      for (const p of result.problems) console.log(`  seq ${p.seq}: ${p.problem} — ${p.detail}`);
      const wat = `${result.records} schakels (seq ${result.vanaf + 1}–${result.tot}), ${result.checkpoints} checkpoints`;
      console.log(result.ok ? `auditlog intact: ${wat}` : `auditlog NIET intact: ${result.problems.length} problemen; ${wat}`);
      return result.ok;
    });
    if (!ok) process.exitCode = 1;
  });
audit
  .command('checkpoints')
  .description('de ondertekende checkpoints met de publieke sleutel, als JSON om buiten de hub te bewaren')
  .action(async () => {
    await withContext(async (ctx) => {
      console.log(JSON.stringify({ publiekeSleutel: ctx.audit.signer.publicKeyPem(), algoritme: 'Ed25519', checkpoints: await ctx.audit.checkpoints() }, null, 2));
    });
  });

async function readCheckpoints(file: string): Promise<Checkpoint[]> {
  const { readFile } = await import('node:fs/promises');
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { checkpoints?: Checkpoint[] };
  return (parsed.checkpoints ?? []).map((c) => ({ ...c, tijdstip: new Date(c.tijdstip) }));
}

program
  .command('purge')
  .description('alle persoonsgegevens van een cyclus verwijderen (gebeurt ook vanzelf op de purge-mijlpaal)')
  .requiredOption('--cycle <jaar>', 'cyclus (het jaar van de overstap)')
  .option('--dry-run', 'alleen tonen wat er zou verdwijnen')
  .action(async (o: { cycle: string; dryRun?: boolean }) => {
    const { purgeCycle, purgePreview } = await import('../purge/service.ts');
    const { bevriesDag } = await import('../statistics/service.ts');
    await withContext(async (ctx) => {
      const cyclus = Number(o.cycle);
      if (!Number.isInteger(cyclus)) throw VvaError.invalid([{ name: '--cycle', reason: 'een jaartal' }]);
      const counts = o.dryRun ? await purgePreview(ctx.db, cyclus) : (await bevriesDag(ctx, cyclus), await purgeCycle(ctx, cyclus));
      console.log(`${o.dryRun ? 'zou verwijderen' : 'verwijderd'} (cyclus ${cyclus}):`);
      for (const [t, n] of Object.entries(counts)) console.log(`  ${t.padEnd(22)} ${n}`);
    });
  });

program
  .command('openapi')
  .description('het OpenAPI-document naar stdout (voor linters)')
  .action(async () => {
    const config = loadConfig();
    const [{ buildApp }, { finaliseOpenApi }] = await Promise.all([import('../http/app.ts'), import('../http/openapi.ts')]);
    const db = await openPglite();
    await migrate(db);
    const app = await buildApp(await createContext(config, db));
    await app.ready();
    process.stdout.write(JSON.stringify(finaliseOpenApi(app.swagger() as Record<string, unknown>), null, 2) + '\n');
    await app.close();
    await db.close();
  });

program
  .command('simulate')
  .description('een hele cyclus naspelen over de HTTP-API (echte DUO-scholen, synthetische PGN’s) en alles toetsen aan de eigen waarheid')
  .option('--pupils <n>', 'aantal potentiële mbo-gangers', '100000')
  .option('--seed <n>', 'seed van het scenario', '2027')
  .option('--report <dir>', 'map voor het rapport (Markdown + SVG)', 'simulatie-rapport')
  .option('--hub <url>', 'een draaiende hub (handmatige klok, lege cyclus) in plaats van een eigen')
  .option('--beheer-token <token>', 'beheertoken voor --hub')
  .option('--processes <n>', 'de eigen hub als zoveel processen op één PostgreSQL achter een round-robin-proxy (rollen: api en worker)', '1')
  .option('--faults', 'storingen: webhooks die falen, te laat of 429/410 antwoorden; hubprocessen die met SIGKILL stoppen; databaseverbindingen die wegvallen')
  .option('--kills <n>', 'met --faults: zoveel keer een hubproces SIGKILL', '4')
  .option('--cuts <n>', 'met --faults: zoveel keer alle databaseverbindingen verbreken (alleen PostgreSQL)', '4')
  .option('--no-wait-distribution', 'het volgende bericht van een leerling versturen zonder te wachten tot de hub het vorige verdeelde (zie docs/simulatie/README.md, "Finding")')
  .action(async (opts: { pupils: string; seed: string; report: string; hub?: string; beheerToken?: string; processes: string; faults?: boolean; kills: string; cuts: string; waitDistribution: boolean }) => {
    const leerlingen = Number(opts.pupils);
    const seed = Number(opts.seed);
    const processen = Number(opts.processes);
    const [kills, cuts] = [Number(opts.kills), Number(opts.cuts)];
    const problemen = [
      ...(!Number.isInteger(leerlingen) || leerlingen < 1 || leerlingen > 2_000_000 ? ['--pupils: een geheel getal van 1 tot 2.000.000'] : []),
      ...(!Number.isInteger(seed) ? ['--seed: een geheel getal'] : []),
      ...(opts.hub && !opts.beheerToken ? ['--beheer-token: nodig bij --hub'] : []),
      ...(!Number.isInteger(processen) || processen < 1 || processen > 16 ? ['--processes: een geheel getal van 1 tot 16'] : []),
      ...(processen > 1 && !process.env.DATABASE_URL ? ['--processes: meer dan één proces alleen op PostgreSQL (DATABASE_URL)'] : []),
      ...(processen > 1 && opts.hub ? ['--processes: niet met --hub'] : []),
      ...(![kills, cuts].every((x) => Number.isInteger(x) && x >= 0 && x <= 1000) ? ['--kills, --cuts: een geheel getal van 0 tot 1000'] : []),
    ];
    if (problemen.length) {
      for (const p of problemen) console.error(p);
      process.exit(2);
    }
    const { simuleer } = await import('../simulate/run.ts');
    const opdracht = `vva simulate --pupils ${leerlingen} --seed ${seed}${processen > 1 ? ` --processes ${processen}` : ''}${opts.faults ? ` --faults --kills ${kills} --cuts ${cuts}` : ''}${opts.waitDistribution ? '' : ' --no-wait-distribution'}`;
    const afwijkingen = await simuleer({
      leerlingen, seed, rapportDir: opts.report, opdracht, processen, zonderTussenstand: !opts.waitDistribution, ...(opts.faults ? { storingen: { kills, verbrekingen: cuts } } : {}),
      ...(opts.hub ? { hub: { url: opts.hub.replace(/\/$/, ''), beheerToken: opts.beheerToken! } } : {}),
    });
    process.exit(afwijkingen === 0 ? 0 : 1);
  });

program
  .command('bench')
  .description('de benchmarks B1–B4 (PostgreSQL als DATABASE_URL gezet is, en PGlite); schrijft docs/benchmarks.md')
  .option('--pupils <n>', 'aantal leerlingen (standaard 150000)')
  .option('--alleen-b2', 'alleen B2 (status → webhook-latentie)')
  .action(async (opts: { pupils?: string; alleenB2?: boolean }) => {
    const { spawn } = await import('node:child_process');
    const script = path.join(REPO_ROOT, 'bench', opts.alleenB2 ? 'b2-only.ts' : 'run.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', cwd: REPO_ROOT, env: { ...process.env, ...(opts.pupils ? { BENCH_PUPILS: opts.pupils } : {}) } });
    child.on('exit', (code) => process.exit(code ?? 1));
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  if (err instanceof VvaError) {
    console.error(`${err.title}: ${err.detail ?? ''}`);
    for (const p of err.invalidParams ?? []) console.error(`  - ${p.name}: ${p.reason}`);
    process.exit(1);
  }
  throw err;
}
