import { loadConfig } from '../config/config.ts';
import { leesBronnen } from './bronnen.ts';
import { startEigenHub } from './hub.ts';
import { schrijfRapport } from './rapport.ts';
import { maakScenario } from './scenario.ts';
import { speelCyclus } from './simuleer.ts';
import { HubStoringen } from './storingen.ts';
import { vergelijk } from './vergelijk.ts';

export interface SimulatieOpties {
  leerlingen: number;
  seed: number;
  rapportDir: string;
  /** An already running hub (manual clock, reference data, fresh cycle); default: one of its own. */
  hub?: { url: string; beheerToken: string };
  /** Processes of the hub of its own (more than one only on PostgreSQL). */
  processen?: number;
  /** Faults: misbehaving webhook endpoints, and (on a hub of its own) killed processes and cut database connections. */
  storingen?: { kills: number; verbrekingen: number };
  /** Send a pupil's next message without waiting until the hub distributed the previous one (the finding in docs/simulatie). */
  zonderTussenstand?: boolean;
  opdracht: string;
}

/** `vva simulate`: scenario → hub → ground truth → report. Returns the number of differences found. */
export async function simuleer(opts: SimulatieOpties, log: (s: string) => void = (s) => console.error(s)): Promise<number> {
  const t0 = performance.now();
  const bronnen = await leesBronnen(loadConfig().referenceDir);
  const scenario = maakScenario(bronnen, { leerlingen: opts.leerlingen, seed: opts.seed });
  log(`scenario: ${scenario.leerlingen.length.toLocaleString('nl-NL')} personen, ${scenario.berichten.length.toLocaleString('nl-NL')} berichten (seed ${opts.seed})`);
  const eigen = opts.hub ? null : await startEigenHub({ processen: opts.processen ?? 1 }, log);
  const hub = opts.hub ?? eigen!;
  const storingen = opts.storingen ? new HubStoringen(eigen, opts.seed, opts.storingen) : null;
  // Stopped from outside (Ctrl-C, a test's timeout): the hub's processes and database go with the simulator.
  const afbreken = (signaal: NodeJS.Signals) => void eigen?.stop().finally(() => process.exit(signaal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', afbreken);
  process.once('SIGTERM', afbreken);
  try {
    const toegang = eigen
      ? { url: eigen.url, beheerToken: eigen.beheerToken, tls: eigen.tls, klokken: eigen.processen.map((p) => p.url), processen: eigen.processen.map((p) => `${p.naam} (${p.rol})`) }
      : hub;
    const { verloop, partijen } = await speelCyclus(toegang, bronnen, scenario, storingen, log, { zonderTussenstand: opts.zonderTussenstand ?? false });
    const controles = vergelijk(scenario, partijen, verloop);
    const afwijkingen = controles.reduce((s, c) => s + c.afwijkingen.length, 0);
    const engine = eigen ? `${eigen.engine === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'}, ${eigen.processen.length} ${eigen.processen.length === 1 ? 'hubproces' : 'hubprocessen'}` : hub.url;
    await schrijfRapport(opts.rapportDir, { scenario, bronnen, partijen, verloop, controles, engine, seconden: (performance.now() - t0) / 1000, opdracht: opts.opdracht });
    log(`tijd: ${verloop.verzendSeconden.toFixed(1)} s berichten versturen, ${verloop.klokSeconden.toFixed(1)} s klok verzetten (${verloop.klokVerzettingen}×: mijlpalen, signaalmotor)`);
    const geheugen = eigen?.piekGeheugen();
    if (geheugen?.size) log(`geheugen: ${[...geheugen].map(([naam, mb]) => `${naam} piek ${mb} MB`).join(', ')} (VmHWM van het proces)`);
    log(verloop.mtls ? `mTLS: ${partijen.certificaat.size} partijen met een client-certificaat; ${verloop.mtls.verzoeken.certificaat} verzoeken over certificaten, ${verloop.mtls.verzoeken.token} met tokens, over ${verloop.mtls.verzoeken.verbindingen} TLS-verbindingen` : 'mTLS: niet gespeeld (--hub: geen CA van de simulator)');
    if (storingen) log(`storingen: ${verloop.storingen.ingrepen.map((i) => `${i.dag} ${i.soort} ${i.doel}`).join('; ') || 'geen in de hub'}; ${[...verloop.storingen.klant].map(([k, n]) => `${n}× opnieuw (${k})`).join(', ') || 'geen verzoek opnieuw'}`);
    for (const c of controles) log(`${c.afwijkingen.length === 0 ? 'ok  ' : 'FOUT'} ${c.naam}: verwacht ${c.verwacht}, ontvangen ${c.ontvangen}${c.afwijkingen.length ? `\n     ${c.afwijkingen.join('\n     ')}` : ''}`);
    log(`rapport: ${opts.rapportDir}/simulatie.md — ${afwijkingen === 0 ? 'alles klopt' : `${afwijkingen} afwijkingen`}`);
    return afwijkingen;
  } finally {
    process.off('SIGINT', afbreken);
    process.off('SIGTERM', afbreken);
    await eigen?.stop();
  }
}
