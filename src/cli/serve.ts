import { existsSync, unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createContext } from '../app/context.ts';
import type { Config } from '../config/config.ts';
import { migrate } from '../db/migrate.ts';
import { embeddedSocketPath, openDb } from '../db/open.ts';
import { serveEmbeddedSocket, type EmbeddedSocket } from '../db/embedded-socket.ts';
import type { PgliteDb } from '../db/pglite.ts';
import { setupDemo } from '../demo/setup.ts';
import { buildApp } from '../http/app.ts';
import { redactingSerializers } from '../http/redact.ts';
import { importAll } from '../reference-data/service.ts';
import { referenceCounts } from '../reference-data/store.ts';
import { terminalProgress } from './progress.ts';
import { startScheduler } from '../milestones/scheduler.ts';
import { DeliveryService } from '../delivery/worker.ts';
import { resumeUploads } from '../upload/service.ts';
import { slotCapaciteit } from '../db/sloten.ts';
import { heapBoundChosen, heapLimitMb, HUB_NODE_ARGS } from '../shared/process-memory.ts';
import { nodigeSlotenPerTransactie, processenInSlotTabel } from '../intake/sloten.ts';

/** The longest a stop waits for work in flight (a delivery POST times out after 10 s). */
const STOP_DEADLINE_MS = 15_000;

/**
 * The demo's stand-in for DigiD: loaded only here (production never loads the OIDC provider), the
 * portal's client configured to it. A busy port is no reason to stop the demo: the portal then says
 * that DigiD is not connected.
 */
async function startDemoDigiStub(ctx: Awaited<ReturnType<typeof createContext>>, hubUrl: string, log: { warn(o: object, m: string): void }) {
  const [{ startDigiStub }, { TestDuoBron }, { amsterdamDate }] = await Promise.all([
    import('../centraal-aanmelden/digistub/digistub.ts'), import('../centraal-aanmelden/aanmelding/duo-bron.ts'), import('../shared/clock.ts')]);
  try {
    const stub = await startDigiStub({
      personen: new TestDuoBron().personen.values(), redirectUris: [...new Set([`${ctx.config.publicUrl}/aanmelden/inloggen/terug`, `${hubUrl}/aanmelden/inloggen/terug`])],
      port: ctx.config.digistubPort, vandaag: () => amsterdamDate(ctx.clock.now()),
    });
    ctx.config.digid = { issuer: stub.issuer, clientId: stub.clientId, clientSecret: stub.clientSecret };
    return stub;
  } catch (err) {
    log.warn({ err: { message: (err as Error).message } }, 'DigiStub did not start; the portal has no login');
    return undefined;
  }
}

export async function serve(config: Config, opts: { demo: boolean; credentialsFile: string }) {
  const started = Date.now();
  const db = await openDb(config);
  await migrate(db);
  const ctx = await createContext(config, db);
  if (opts.demo) {
    // Idempotent: unchanged files change nothing, so a restart keeps the data it had.
    await importAll(db, config.referenceDir, terminalProgress());
  }
  const https = config.tls
    ? { cert: await readFile(config.tls.cert), key: await readFile(config.tls.key), ca: await readFile(config.tls.ca) }
    : undefined;
  const app = await buildApp(ctx, {
    logger: { level: config.logLevel, redact: ['req.headers.authorization'], serializers: redactingSerializers },
    https,
  });
  ctx.log = app.log;
  // PGlite has one owner: expose it on a socket in the data directory so `vva org add` & co. work while
  // serving, each command's transactions as exclusive as on a server of its own (spec §19). Before the
  // port opens: whoever sees /health ok can also run a command beside the hub.
  let socketServer: EmbeddedSocket | undefined;
  if (config.database.kind === 'pglite') {
    const socketPath = embeddedSocketPath(config.database.dataDir);
    if (existsSync(socketPath)) unlinkSync(socketPath);
    const { pglite, session } = db as PgliteDb;
    socketServer = await serveEmbeddedSocket(pglite, session, socketPath, {
      onCutOff: () => app.log.warn('a command through the database socket held the session without a word; rolled back and disconnected'),
    });
  }

  const urlFor = (port: number) => `${https ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // The demo parties and their tokens exist before the port opens: whoever sees /health ok can use them.
  let credentials = opts.demo && config.port !== 0 ? await setupDemo(ctx, urlFor(config.port), opts.credentialsFile) : undefined;
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const hubUrl = urlFor(typeof address === 'object' && address ? address.port : config.port);
  if (opts.demo && !credentials) credentials = await setupDemo(ctx, hubUrl, opts.credentialsFile);
  // Without a DigiD client the demo's students log in at the DigiStub (issue 17), on its own port.
  const digistub = opts.demo && !config.digid ? await startDemoDigiStub(ctx, hubUrl, app.log) : undefined;

  // Catch-up of milestones missed while the hub was down, then on a timer; the signal engine after each intake.
  const scheduler = startScheduler(ctx, app.log);
  const delivery = new DeliveryService(ctx, app.log);
  await delivery.start();
  // Advice only, read after the port opened: a database connection lost at this moment (a restart, a
  // cut; test/connection-loss.test.ts cuts them as soon as /health answers) must not end the hub.
  const sloten = await slotCapaciteit(db).catch((err: Error) => {
    app.log.warn({ err }, 'could not read the server lock table; no advice on the number of hub processes');
    return null;
  });
  if (sloten) {
    // Several processes share the server's lock table (spec §19): say how many of this kind fit.
    const processen = processenInSlotTabel(sloten.capaciteit, config.intakeTransacties);
    const advies = { processen, intakeTransacties: config.intakeTransacties, maxLocksPerTransactionVoor3Processen: nodigeSlotenPerTransactie(3, config.intakeTransacties, sloten.maxConnections) };
    if (processen < 1) app.log.warn(advies, 'the server lock table cannot hold one process\'s intake at full batches: raise max_locks_per_transaction or lower VVA_INTAKE_TRANSACTIES');
    else app.log.info(advies, 'server lock table: room for this many hub processes at full intake');
  }
  if (!heapBoundChosen()) {
    app.log.warn({ heapLimitMb: heapLimitMb(), advies: HUB_NODE_ARGS.join(' ') }, 'started without a heap bound: V8 took its limit from the machine and lets garbage pile up to it (README, Running in production)');
  }
  const hervat = await resumeUploads(ctx);
  if (hervat) app.log.info({ uploads: hervat }, 'resumed unfinished uploads');

  if (credentials) {
    // Only for the banner: a connection lost right now (see above) shows question marks, not a stopped hub.
    const counts = await referenceCounts(db).catch(() => ({ vo_scholen: '?', gemeenten: '?', rmc_regios: '?', mbo_instellingen: '?', adressen: '?' }));
    process.stdout.write(
      [
        '',
        `open-vva draait op ${hubUrl}  (database: ${db.engine === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
        `  OpenAPI:       ${hubUrl}/api/v1/openapi.json`,
        `  Gezondheid:    ${hubUrl}/health     Metrics: ${hubUrl}/metrics`,
        `  Demo-tokens:   ${path.resolve(opts.credentialsFile)} (${credentials.partijen.length} partijen)`,
        `  Beheerconsole: ${credentials.beheer.url}  gebruiker ${credentials.beheer.gebruikersnaam}, wachtwoord ${credentials.beheer.wachtwoord}`,
        `                 TOTP-geheim ${credentials.beheer.totpGeheim} (ook in ${path.basename(opts.credentialsFile)}; code: npx vva beheerder code)`,
        ...(credentials.instellingsbeheer ? [`  Instelling:    ${credentials.instellingsbeheer.url}  gebruiker ${credentials.instellingsbeheer.gebruikersnaam} (${credentials.instellingsbeheer.brin}), wachtwoord ${credentials.instellingsbeheer.wachtwoord}, TOTP-geheim ${credentials.instellingsbeheer.totpGeheim}`] : []),
        `  Aanmelden:     ${hubUrl}/aanmelden/  (studenten; inloggen bij ${digistub ? `de DigiStub op ${digistub.issuer}, synthetische test-BSN's` : config.digid ? 'DigiD' : 'niemand: geen DigiD ingesteld'})`,
        `  Referentie:    ${counts.vo_scholen} vo-scholen, ${counts.gemeenten} gemeenten, ${counts.rmc_regios} RMC-regio's, ${counts.mbo_instellingen} mbo-instellingen (synthetisch), ${counts.adressen} adressen`,
        `  Gestart in ${((Date.now() - started) / 1000).toFixed(1)} s. Stoppen: Ctrl-C.`,
        '',
      ].join('\n') + '\n',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    // Requests, a distributor pass and delivery rounds in flight finish; whatever hangs past this is cut
    // off (nothing is lost: the journal and the deliveries are in the database and resume at the next start).
    setTimeout(() => {
      app.log.warn({ signal }, 'stop took too long; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    // The socket first: a command mid-transaction is rolled back (all or nothing), and the hub's own work
    // in flight no longer waits behind it for the session.
    await socketServer?.stop();
    await digistub?.stop();
    await app.close();
    await scheduler.stop();
    await delivery.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Started with an IPC channel by a supervisor (the simulator's hub processes): the hub goes with it,
  // also when the supervisor was killed outright and could not stop it.
  if (process.send) process.once('disconnect', () => void stop('disconnect'));
  return { app, hubUrl };
}
