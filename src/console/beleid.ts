import type { TopLevelSpec } from 'vega-lite';
import type { AppContext } from '../app/context.ts';
import { celWaarde, type Niveau } from '../statistics/service.ts';
import { csv } from './csv.ts';
import * as store from './store.ts';

// The one rule for a cell (spec §15), shared with the API.
export { celWaarde, type Cel } from '../statistics/service.ts';

export const LABELS: Record<string, string> = {
  potentieleMboGangers: 'potentiële mbo-gangers',
  aangemeldVoorAanmelddatum: 'aangemeld vóór 1 april',
  aangemeld: 'aangemeld (nu)',
  ingeschreven: 'ingeschreven (nu)',
  teruggevallenNaAanmelddatum: 'teruggevallen na 1 april',
  doorlooptijdDagenMediaan: 'doorlooptijd mediaan (dagen)',
  doorlooptijdDagenP90: 'doorlooptijd p90 (dagen)',
  aangemeldBuitenEigenRmc: 'aangemeld buiten eigen RMC-regio',
  meervoudigAangemeldProcent: 'meervoudig aangemeld (%)',
  aanmeldingen: 'aanmeldingen',
};

/** One chart of the Beleidsinformatie page: its rows (also the table and the CSV) and its vega-lite spec. */
export interface Grafiek {
  id: string;
  titel: string;
  beschrijving: string;
  kolommen: { veld: string; kop: string }[];
  rijen: Record<string, string | number | null>[];
  spec: TopLevelSpec | null;
}

/** Rows for the chart: suppressed and missing cells are drawn as 0 with their text beside the bar. */
const teken = (rijen: Record<string, unknown>[]) => rijen.map((r) => ({ ...r, getekend: typeof r.waarde === 'number' ? r.waarde : 0, tekst: r.waarde === null ? 'niet gegeven' : String(r.waarde) }));

function staaf(rijen: Record<string, unknown>[], y: string, yTitel: string, kleur?: string): TopLevelSpec {
  const enc = { y: { field: y, type: 'nominal', title: yTitel, sort: null, axis: { labelLimit: 240 } }, x: { field: 'getekend', type: 'quantitative', title: 'aantal', axis: { tickMinStep: 1, format: 'd' } } } as const;
  return {
    width: 560, data: { values: teken(rijen) },
    ...(kleur ? { encoding: { ...enc, yOffset: { field: kleur }, color: { field: kleur, type: 'nominal', title: null } } } : { encoding: enc }),
    layer: [{ mark: 'bar' }, { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'tekst' }, color: { value: '#000' } } }],
  } as TopLevelSpec;
}

export const NIVEAU_NAMEN: Record<Niveau, string> = { nationaal: 'landelijk', rmc: 'RMC-regio', gemeente: 'gemeente', 'vo-school': 'vo-school', 'mbo-instelling': 'mbo-instelling' };

/**
 * The charts for a cycle. The trends (over the cycle and over the years) are of one level and code,
 * national by default; the rankings compare every region, gemeente, crebo and institution.
 */
export async function grafieken(ctx: AppContext, cyclus: number, niveau: Niveau = 'nationaal', code = 'NL'): Promise<Grafiek[]> {
  const [verloop, trend, rmc, gemeenten, instellingen, crebos] = await Promise.all([
    store.verloop(ctx.db, niveau, code, 'aangemeld'),
    store.perCyclus(ctx.db, niveau, code, Object.keys(LABELS)),
    store.perCode(ctx.db, cyclus, 'rmc', 'aangemeld'),
    store.perCode(ctx.db, cyclus, 'gemeente', 'aangemeldBuitenEigenRmc'),
    store.perCode(ctx.db, cyclus, 'mbo-instelling', 'aanmeldingen'),
    store.perCrebo(ctx.db, cyclus),
  ]);
  // Day of the cycle (1 October of the year before = day 0), so cycles can be laid over each other.
  const dagVanCyclus = (c: number, dag: string) => Math.round((Date.parse(`${dag}T12:00:00Z`) - Date.parse(`${c - 1}-10-01T12:00:00Z`)) / 86_400_000);
  const verloopRijen = verloop.map((r) => ({ cyclus: String(r.cyclus), dag: r.dag, dagVanCyclus: dagVanCyclus(r.cyclus, r.dag), waarde: celWaarde('aangemeld', r.waarde, r.n) }));
  const trendRij = (ind: string[]) => trend.filter((t) => ind.includes(t.indicator)).map((t) => ({ cyclus: String(t.cyclus), indicator: LABELS[t.indicator]!, waarde: celWaarde(t.indicator, t.waarde, t.n) }));
  const perCode = (rows: { code: string; naam: string; waarde: number | null; n: number }[]) => rows.map((r) => ({ code: r.code, naam: r.naam, waarde: celWaarde('aantal', r.waarde, r.n) }));
  const voorNa = trendRij(['potentieleMboGangers', 'aangemeldVoorAanmelddatum', 'aangemeld', 'ingeschreven', 'teruggevallenNaAanmelddatum']);
  const doorloop = trendRij(['doorlooptijdDagenMediaan', 'doorlooptijdDagenP90']);
  const buiten = trendRij(['aangemeldBuitenEigenRmc', 'meervoudigAangemeldProcent']);
  const cyclusKolommen = [{ veld: 'cyclus', kop: 'Cyclus' }, { veld: 'indicator', kop: 'Indicator' }, { veld: 'waarde', kop: 'Waarde' }];
  const waar = niveau === 'nationaal' ? '' : ` — ${NIVEAU_NAMEN[niveau]} ${code}`;
  const codeKolommen = (kop: string) => [{ veld: 'code', kop: 'Code' }, { veld: 'naam', kop }, { veld: 'waarde', kop: 'Aantal' }];
  return [
    {
      id: 'aanmeldingen-verloop', titel: `Aanmeldingen door het jaar, tegen eerdere cycli${waar}`,
      beschrijving: 'Lijndiagram: het aantal aangemelde potentiële mbo-gangers per dag van de cyclus (dag 0 is 1 oktober), één lijn per cyclus.',
      kolommen: [{ veld: 'cyclus', kop: 'Cyclus' }, { veld: 'dag', kop: 'Dag' }, { veld: 'waarde', kop: 'Aangemeld' }], rijen: verloopRijen,
      spec: verloopRijen.length ? {
        width: 560, height: 240, data: { values: verloopRijen.filter((r) => typeof r.waarde === 'number') }, mark: { type: 'line', point: true },
        encoding: { x: { field: 'dagVanCyclus', type: 'quantitative', title: 'dag van de cyclus (0 = 1 oktober)' }, y: { field: 'waarde', type: 'quantitative', title: 'aangemeld' }, color: { field: 'cyclus', type: 'nominal', title: 'cyclus' } },
      } : null,
    },
    { id: 'voor-en-na-aanmelddatum', titel: `Voor en na 1 april, per cyclus${waar}`, beschrijving: 'Staafdiagram per cyclus: potentiële mbo-gangers, aangemeld vóór 1 april, aangemeld en ingeschreven nu, en teruggevallen na 1 april.', kolommen: cyclusKolommen, rijen: voorNa, spec: voorNa.length ? staaf(voorNa, 'indicator', 'indicator', 'cyclus') : null },
    { id: 'doorlooptijd', titel: `Doorlooptijd van eerste aanmelding tot inschrijving${waar}`, beschrijving: 'Staafdiagram per cyclus: mediaan en 90e percentiel van de doorlooptijd in dagen.', kolommen: cyclusKolommen, rijen: doorloop, spec: doorloop.length ? staaf(doorloop, 'indicator', 'indicator', 'cyclus') : null },
    { id: 'buiten-regio-en-meervoudig', titel: `Buiten de eigen regio en meervoudig aangemeld${waar}`, beschrijving: 'Staafdiagram per cyclus: aantal aangemeld buiten de eigen RMC-regio en het aandeel met meer dan één aanmelding.', kolommen: cyclusKolommen, rijen: buiten, spec: buiten.length ? staaf(buiten, 'indicator', 'indicator', 'cyclus') : null },
    { id: 'per-rmc-regio', titel: `Aangemeld per RMC-regio, cyclus ${cyclus}`, beschrijving: 'Gerangschikt staafdiagram: aantal aangemelde leerlingen per RMC-regio van woonplaats; regio’s met minder dan 5 staan er als <5.', kolommen: codeKolommen('RMC-regio'), rijen: perCode(rmc), spec: rmc.length ? staaf(perCode(rmc), 'naam', 'RMC-regio') : null },
    { id: 'buiten-regio-per-gemeente', titel: `Aangemeld buiten de eigen regio per gemeente, cyclus ${cyclus}`, beschrijving: 'Gerangschikt staafdiagram: per woongemeente het aantal leerlingen dat zich buiten de eigen RMC-regio aanmeldde.', kolommen: codeKolommen('Gemeente'), rijen: perCode(gemeenten), spec: gemeenten.length ? staaf(perCode(gemeenten), 'naam', 'gemeente') : null },
    { id: 'per-crebo', titel: `Aanmeldingen per opleiding (crebo), cyclus ${cyclus}`, beschrijving: 'Gerangschikt staafdiagram: aantal aanmeldingen per crebo, over alle instellingen.', kolommen: codeKolommen('Opleiding'), rijen: perCode(crebos), spec: crebos.length ? staaf(perCode(crebos), 'naam', 'opleiding') : null },
    { id: 'per-instelling', titel: `Aanmeldingen per mbo-instelling, cyclus ${cyclus}`, beschrijving: 'Gerangschikt staafdiagram: aantal aanmeldingen per mbo-instelling.', kolommen: codeKolommen('Instelling'), rijen: perCode(instellingen), spec: instellingen.length ? staaf(perCode(instellingen), 'naam', 'instelling') : null },
  ];
}

export const alsCsv = (g: Grafiek): string => csv(g.kolommen.map((k) => k.veld), g.rijen.map((r) => g.kolommen.map((k) => r[k.veld])));
