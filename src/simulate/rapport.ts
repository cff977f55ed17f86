import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Bronnen } from './bronnen.ts';
import type { Partijen } from './partijen.ts';
import type { Scenario } from './scenario.ts';
import type { Verloop } from './simuleer.ts';
import { weekVan } from './tijd.ts';
import { postVan, type Controle } from './vergelijk.ts';
import { storingsGrafiek, storingsMarkdown } from './rapport-storingen.ts';

const SIGNAAL_TYPE = (t: string) => t.replace(/^nl\.vva\.signaal\./, '').replace(/\.v1$/, '').toUpperCase().replace('-', '_');

async function svg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile({ ...spec, config: { legend: { labelLimit: 260 }, axisX: { labelAngle: 0 } } } as TopLevelSpec).spec), { renderer: 'none' });
  return view.toSVG();
}

/** Writes `simulatie.md` and three SVG charts into `dir`; returns the Markdown. */
export async function schrijfRapport(dir: string, run: { scenario: Scenario; bronnen: Bronnen; partijen: Partijen; verloop: Verloop; controles: Controle[]; engine: string; seconden: number; opdracht: string }): Promise<string> {
  const { scenario, bronnen, partijen, verloop, controles } = run;
  mkdirSync(dir, { recursive: true });

  const perWeek = new Map<string, number>();
  for (const b of scenario.berichten) {
    if (b.soort !== 'status') continue;
    const k = `${weekVan(b.dag)}|${b.status}`;
    perWeek.set(k, (perWeek.get(k) ?? 0) + 1);
  }
  writeFileSync(path.join(dir, 'aanmeldstatussen-per-week.svg'), await svg({
    width: 760, height: 260, title: 'Aanmeldstatusberichten per week (verwerkt door de hub)',
    data: { values: [...perWeek].map(([k, n]) => ({ week: k.split('|')[0], status: k.split('|')[1], aantal: n })) },
    mark: 'bar',
    encoding: { x: { field: 'week', type: 'temporal', timeUnit: 'yearmonthdate', title: 'week' }, y: { field: 'aantal', type: 'quantitative', title: 'berichten' }, color: { field: 'status', type: 'nominal', sort: ['AO', 'OA', 'LI', 'LNI', 'AI'] } },
  }));

  // Signals as the gemeenten received them, per milestone period and type; the bulk share is the milestone's own count.
  const signalen: { periode: string; type: string; rmc: string }[] = [];
  for (const [code, g] of partijen.gemeenten) {
    for (const e of postVan(partijen, verloop, code, g.oin)) {
      if (!e.type.startsWith('nl.vva.signaal.')) continue;
      const periode = e.type.includes('jaaroverzicht') ? '3: 1 okt' : e.time.slice(0, 10) >= '2027-06-15' ? '2: vanaf 15 jun' : '1: vanaf 1 mrt';
      signalen.push({ periode, type: SIGNAAL_TYPE(e.type), rmc: bronnen.rmcNamen.get(bronnen.rmcVanGemeente.get(code) ?? '') ?? 'onbekend' });
    }
  }
  const tel = <K extends string>(rows: Record<K, string>[], keys: K[]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(keys.map((k) => r[k]).join('|'), (m.get(keys.map((k) => r[k]).join('|')) ?? 0) + 1);
    return [...m].map(([k, aantal]) => ({ ...(Object.fromEntries(keys.map((key, i) => [key, k.split('|')[i]!])) as Record<K, string>), aantal }));
  };
  const bulk = (mijlpaal: string) => Number((verloop.mijlpalen.find((m) => m.mijlpaal === mijlpaal)?.uitkomst as { signalen?: number } | undefined)?.signalen ?? 0);
  const perMijlpaal = tel(signalen, ['periode', 'type']).flatMap((r) => {
    const b = r.type === 'NIET_AANGEMELD' ? bulk('signalering-aanmelding') : r.type === 'NIET_INGESCHREVEN' ? bulk('signalering-inschrijving') : 0;
    return b > 0 ? [{ ...r, type: `${r.type} (bulk)`, aantal: b }, { ...r, type: `${r.type} (realtime)`, aantal: r.aantal - b }] : [r];
  });
  writeFileSync(path.join(dir, 'signalen-per-mijlpaal.svg'), await svg({
    width: 420, height: 280, title: 'Signalen aan gemeenten per mijlpaal',
    data: { values: perMijlpaal }, mark: 'bar',
    encoding: { x: { field: 'periode', type: 'ordinal', title: null }, y: { field: 'aantal', type: 'quantitative', title: 'signalen' }, color: { field: 'type', type: 'nominal' } },
  }));
  writeFileSync(path.join(dir, 'signalen-per-rmc-regio.svg'), await svg({
    width: 520, height: 720, title: 'Signalen per RMC-regio',
    data: { values: tel(signalen.filter((x) => x.type !== 'JAAROVERZICHT'), ['rmc', 'type']) }, mark: 'bar',
    encoding: { y: { field: 'rmc', type: 'nominal', sort: '-x', title: null }, x: { field: 'aantal', type: 'quantitative', title: 'signalen' }, color: { field: 'type', type: 'nominal' } },
  }));

  const storingen = storingsMarkdown(verloop.storingen);
  if (storingen.length) writeFileSync(path.join(dir, 'storingen.svg'), await svg(storingsGrafiek(verloop.storingen)));

  const fouten = controles.reduce((s, c) => s + c.afwijkingen.length, 0);
  const n = (x: number) => x.toLocaleString('en');
  const statusBerichten = scenario.berichten.filter((b) => b.soort === 'status').length;
  const md = [
    `# Simulatie van een landelijke cyclus (2027)`,
    '',
    `**Uitkomst: ${fouten === 0 ? 'alles klopt' : `${fouten} afwijkingen`}.** ${n(scenario.leerlingen.filter((l) => l.brinVo).length)} potentiële mbo-gangers op ${n(partijen.scholen.size)} echte vo-scholen (DUO), ${n(scenario.leerlingen.length - scenario.leerlingen.filter((l) => l.brinVo).length)} andere aanmelders (havo/vwo, volwassenen), ${n(partijen.gemeenten.size)} gemeenten, ${bronnen.mboBrins.length} mbo-instellingen (synthetisch), seed ${scenario.seed}.`,
    '',
    `Gedraaid met \`${run.opdracht}\` op ${run.engine}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; totaal ${run.seconden.toFixed(0)} s (load average aan het eind ${loadavg()[2]!.toFixed(1)} over 15 minuten: de machine gedeeld met ander werk, ${cpus().length} is vol).`,
    `De simulator praat alleen via de openbare HTTP-API met de hub (over HTTPS als het zijn eigen hub is; LAS- en SIS-leveranciers met één inbox voor al hun scholen, scholen via API of CSV-upload, gemeenten met webhook of ophalen of via het eindpunt van hun RMC-regio, twee overstapsystemen, Centraal Aanmelden met de SIS die per koppelpunt ophalen, scholen en instellingen die niets leveren, beheer met de handmatige klok op elk proces) en vergelijkt alles wat binnenkwam met zijn eigen waarheid (\`src/simulate/oracle.ts\`, geschreven vanuit de spec).`,
    '',
    '## Controles',
    '',
    '| controle | verwacht | ontvangen | afwijkingen |',
    '| --- | ---: | ---: | ---: |',
    ...controles.map((c) => `| ${c.naam} | ${n(c.verwacht)} | ${n(c.ontvangen)} | ${c.afwijkingen.length === 0 ? '0 ✓' : `**${c.afwijkingen.length}**`} |`),
    '',
    ...(fouten ? ['### Afwijkingen (eerste per controle)', '', ...controles.flatMap((c) => c.afwijkingen.map((a) => `- ${c.naam}: ${a}`)), ''] : []),
    '## Verloop',
    '',
    '| fase | berichten | duur | berichten/s |',
    '| --- | ---: | ---: | ---: |',
    ...verloop.fasen.map((f) => `| ${f.naam} | ${n(f.berichten)} | ${f.seconden.toFixed(1)} s | ${f.berichten ? n(Math.round(f.berichten / f.seconden)) : ''} |`),
    '',
    `${n(scenario.berichten.length - statusBerichten)} mbo-gangerberichten en ${n(statusBerichten)} aanmeldstatusberichten; ${n(verloop.herhaaldeBatches.berichten)} berichten nog eens verstuurd (allemaal DUPLICAAT: ${verloop.herhaaldeBatches.berichten === verloop.herhaaldeBatches.duplicaat ? 'ja' : 'nee'}). Push-ontvangsten dubbel (at-least-once, ontdubbeld op id): ${n(verloop.postbus.dubbel)}.`,
    '',
    mtlsAlinea(partijen, verloop),
    '',
    ...storingen,
    '## Mijlpalen (uitkomst zoals de hub ze meldde)',
    '',
    '| dag | mijlpaal | uitkomst |',
    '| --- | --- | --- |',
    ...verloop.mijlpalen.map((m) => `| ${m.dag} | ${m.mijlpaal} | \`${JSON.stringify(m.uitkomst)}\` |`),
    '',
    '## Grafieken',
    '',
    '![Aanmeldstatusberichten per week](aanmeldstatussen-per-week.svg)',
    '',
    '![Signalen per mijlpaal](signalen-per-mijlpaal.svg)',
    '',
    '![Signalen per RMC-regio](signalen-per-rmc-regio.svg)',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'simulatie.md'), md);
  return md;
}

/** Who authenticated how (spec §2), and what the hub refused; on a hub that is not its own, that mTLS was not played. */
function mtlsAlinea(partijen: Partijen, verloop: Verloop): string {
  const m = verloop.mtls;
  if (!m) return 'Mutual TLS (§2): niet gespeeld. Deze hub is niet die van de simulator zelf (`--hub`), dus er is geen CA van de simulator: alle partijen meldden zich aan met een token.';
  const n = (x: number) => x.toLocaleString('en');
  const soorten = new Map<string, number>();
  const soortVan = new Map<string, string>([
    ...[...partijen.scholen.values()].map((d) => [d.oin, 'vo-scholen'] as const), ...[...partijen.gemeenten.values()].map((d) => [d.oin, 'gemeenten'] as const),
    ...partijen.leveranciers.map((d) => [d.oin, 'leveranciers'] as const), ...partijen.overstap.map((o) => [o.oin, 'overstapsystemen'] as const),
  ]);
  for (const oin of partijen.certificaat) soorten.set(soortVan.get(oin) ?? 'overig', (soorten.get(soortVan.get(oin) ?? 'overig') ?? 0) + 1);
  return `Mutual TLS (§2): de hub diende HTTPS met een CA van deze run (de proxy geeft TLS ongewijzigd door). ${n(partijen.certificaat.size)} partijen meldden zich alleen met hun client-certificaat aan (OIN in het Subject serialNumber; ${[...soorten].map(([s, k]) => `${s}: ${k}`).join(', ')}), de andere met een token; `
    + `${n(m.verzoeken.certificaat)} API-verzoeken over een certificaat, ${n(m.verzoeken.token)} met een token (pogingen opnieuw meegeteld), over ${n(m.verzoeken.verbindingen)} TLS-verbindingen (handdrukken). `
    + `Bij de opzet: ${m.weigeringen.map((w) => `${w.naam}: ${w.status}${w.problem ? ' (problem+json)' : ''}`).join('; ')}.`;
}
