import type { Importer } from '../../reference-data/importers.ts';
import { readCsv } from '../../reference-data/csv.ts';
import { syncTable } from '../../reference-data/sync.ts';
import { leerwegVan } from './leerweg.ts';

const OPLEIDING = {
  table: 'ca_opleiding', key: ['aanbod_code'], softDelete: true,
  columns: ['aanbod_code', 'brin', 'onderwijsaanbieder', 'wervingsnaam', 'crebo', 'leerweg', 'locatie', 'synthetisch'],
};
const COHORT = { table: 'ca_cohort', key: ['aanbod_code', 'cohort'], softDelete: true, columns: ['aanbod_code', 'cohort', 'instroommoment', 'aanmelden_van', 'aanmelden_tot'] };

const DATUM = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** One catalogue line as the importer takes it, or null when the line cannot be offered. */
export function catalogusRegel(r: Record<string, string>) {
  const leerweg = leerwegVan(r.LEERWEG, r.DEFAULT_INTENSITEIT);
  const datums = [r.INSTROOMMOMENT, r.BEGIN_AANMELDPERIODE, r.EINDE_AANMELDPERIODE];
  if (!r.AANGEBODENOPLEIDINGCODE || !/^[0-9]{2}[A-Z]{2}$/.test(r.INSTELLINGSCODE ?? '') || !r.WERVINGSNAAM || !leerweg || !r.COHORTCODE) return null;
  if (!datums.every((d) => DATUM.test(d ?? '')) || r.BEGIN_AANMELDPERIODE! > r.EINDE_AANMELDPERIODE!) return null;
  return {
    opleiding: {
      aanbod_code: r.AANGEBODENOPLEIDINGCODE, brin: r.INSTELLINGSCODE, onderwijsaanbieder: r.ONDERWIJSAANBIEDERCODE || r.INSTELLINGSCODE,
      wervingsnaam: r.WERVINGSNAAM, crebo: /^[0-9]{5}$/.test(r.OPLEIDINGSEENHEIDCODE ?? '') ? r.OPLEIDINGSEENHEIDCODE : null,
      leerweg, locatie: r.ONDERWIJSLOCATIE ?? '', synthetisch: r.SYNTHETISCH === 'J',
    },
    cohort: { aanbod_code: r.AANGEBODENOPLEIDINGCODE, cohort: r.COHORTCODE, instroommoment: r.INSTROOMMOMENT, aanmelden_van: r.BEGIN_AANMELDPERIODE, aanmelden_tot: r.EINDE_AANMELDPERIODE },
  };
}

/**
 * The Centraal Aanmelden catalogue (spec §17): aangeboden opleidingen as RIO publishes them, one line
 * per cohort (`AANGEBODENOPLEIDINGCODE;ONDERWIJSAANBIEDERCODE;INSTELLINGSCODE;WERVINGSNAAM;
 * OPLEIDINGSEENHEIDCODE;LEERWEG;DEFAULT_INTENSITEIT;ONDERWIJSLOCATIE;COHORTCODE;INSTROOMMOMENT;
 * BEGIN_AANMELDPERIODE;EINDE_AANMELDPERIODE;SYNTHETISCH`). The shipped file is synthetic (SYNTHETISCH=J),
 * for the synthetic mbo-instellingen; lines RIO cannot offer (an unknown leerweg, bad dates) are skipped.
 */
export const caCatalogus: Importer = {
  kind: 'ca-catalogus',
  description: 'Centraal Aanmelden: aangeboden opleidingen en cohorten (RIO-indeling; de meegeleverde lijst is synthetisch)',
  defaultFile: 'synthetic/ca-catalogus-synthetisch.csv',
  async run(tx, file, progress) {
    const opleidingen = new Map<string, Record<string, unknown>>();
    const cohorten = new Map<string, Record<string, unknown>>();
    for await (const r of readCsv(file, progress, 'ca-catalogus')) {
      const regel = catalogusRegel(r);
      if (!regel) continue;
      opleidingen.set(regel.opleiding.aanbod_code!, regel.opleiding);
      cohorten.set(`${regel.cohort.aanbod_code}|${regel.cohort.cohort}`, regel.cohort);
    }
    return {
      ca_opleiding: await syncTable(tx, OPLEIDING, opleidingen.values()),
      ca_cohort: await syncTable(tx, COHORT, cohorten.values()),
    };
  },
};
