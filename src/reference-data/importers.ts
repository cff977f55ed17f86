import type { Queryable } from '../db/db.ts';
import { column, normalisePostcode, padGemeentecode, readCsv, type FileProgress } from './csv.ts';
import { syncTable, type SyncCounts } from './sync.ts';
import * as store from './store.ts';
import { caCatalogus } from '../centraal-aanmelden/catalogus/importer.ts';

export type ImportResult = Record<string, SyncCounts>;

export interface Importer {
  kind: string;
  description: string;
  /** Default file, relative to the reference directory. */
  defaultFile: string;
  run(tx: Queryable, file: string, progress?: FileProgress): Promise<ImportResult>;
}

const GEMEENTE = { table: 'gemeente', key: ['code'], columns: ['code', 'naam', 'provincie'], softDelete: true };
const RMC_REGIO = { table: 'rmc_regio', key: ['code'], columns: ['code', 'naam'], softDelete: true };
const GEMEENTE_RMC = { table: 'gemeente_rmc', key: ['gemeentecode'], columns: ['gemeentecode', 'rmc_code'], softDelete: false };
const VO_VESTIGING = {
  table: 'vo_vestiging', key: ['brin6'], softDelete: true,
  columns: ['brin6', 'brin', 'naam', 'postcode', 'plaats', 'gemeentecode', 'onderwijsstructuur'],
};
const VO_SCHOOL = { table: 'vo_school', key: ['brin'], columns: ['brin', 'naam', 'gemeentecode', 'rmc_code', 'onderwijsstructuur'], softDelete: true };
const MBO = { table: 'mbo_instelling', key: ['brin'], columns: ['brin', 'naam', 'gemeentecode', 'synthetisch'], softDelete: true };
const VOOROPLEIDING = { table: 'vooropleiding_code', key: ['code'], columns: ['code', 'omschrijving', 'vooropleiding'], softDelete: true };
const ADRES = { table: 'adres_gemeente', key: ['pc6', 'huisnummer'], columns: ['pc6', 'huisnummer', 'gemeentecode'], softDelete: false };

const rmcCode = (v: string | undefined) => (/^[0-9]{1,2}$/.test(v ?? '') ? v!.padStart(2, '0') : null);

/** CBS "Gemeenten alfabetisch": Gemeentecode, Gemeentenaam, Provincienaam. */
const cbsGemeenten: Importer = {
  kind: 'cbs-gemeenten',
  description: 'CBS Gemeenten alfabetisch (gemeentecode, naam, provincie)',
  defaultFile: 'cbs/gemeenten-alfabetisch-2023.csv',
  async run(tx, file, progress) {
    async function* rows() {
      for await (const r of readCsv(file, progress, 'gemeenten')) {
        const code = padGemeentecode(r.Gemeentecode);
        if (code) yield { code, naam: r.Gemeentenaam, provincie: r.Provincienaam ?? null };
      }
    }
    return { gemeente: await syncTable(tx, GEMEENTE, rows()) };
  },
};

/** DUO "Alle vestigingen VO": locations (BRIN6) and, derived from them, the schools (BRIN4). */
const duoVo: Importer = {
  kind: 'duo-vo',
  description: 'DUO Alle vestigingen VO (vo-scholen en vestigingen)',
  defaultFile: 'duo/alle-vestigingen-vo.csv',
  async run(tx, file, progress) {
    const vestigingen: Record<string, string | null>[] = [];
    const rmcPerBrin = new Map<string, string | null>();
    for await (const r of readCsv(file, progress, 'vo-vestigingen')) {
      const brin6 = r.VESTIGINGSCODE ?? '';
      if (!/^[0-9]{2}[A-Z]{2}[0-9]{2}$/.test(brin6)) continue;
      vestigingen.push({
        brin6, brin: r.INSTELLINGSCODE ?? brin6.slice(0, 4), naam: r.VESTIGINGSNAAM ?? brin6,
        postcode: normalisePostcode(r.POSTCODE), plaats: r.PLAATSNAAM ?? null,
        gemeentecode: padGemeentecode(r.GEMEENTENUMMER), onderwijsstructuur: r.ONDERWIJSSTRUCTUUR ?? '',
      });
      if (!rmcPerBrin.has(brin6.slice(0, 4)) || brin6.endsWith('00')) rmcPerBrin.set(brin6.slice(0, 4), rmcCode(r['RMC-REGIO CODE']));
    }
    return {
      vo_vestiging: await syncTable(tx, VO_VESTIGING, vestigingen),
      vo_school: await syncTable(tx, VO_SCHOOL, schoolsFromVestigingen(vestigingen, rmcPerBrin)),
    };
  },
};

/** A school is named and placed after its main location (lowest BRIN6); its structure is the union. */
export function schoolsFromVestigingen(vestigingen: Record<string, string | null>[], rmcPerBrin: Map<string, string | null>) {
  const byBrin = new Map<string, Record<string, string | null>[]>();
  for (const v of vestigingen) byBrin.set(v.brin!, [...(byBrin.get(v.brin!) ?? []), v]);
  return [...byBrin.entries()].map(([brin, list]) => {
    const main = [...list].sort((a, b) => a.brin6!.localeCompare(b.brin6!))[0]!;
    const structures = new Set(list.flatMap((v) => (v.onderwijsstructuur ?? '').split('/').filter(Boolean)));
    return { brin, naam: main.naam, gemeentecode: main.gemeentecode, rmc_code: rmcPerBrin.get(brin) ?? null, onderwijsstructuur: [...structures].sort().join('/') };
  });
}

/** Gemeente → RMC region, from any DUO school-location file (columns GEMEENTENUMMER, RMC-REGIO CODE/NAAM). */
const rmc: Importer = {
  kind: 'rmc',
  description: 'Gemeente → RMC-regio uit een DUO vestigingenbestand',
  defaultFile: 'duo/alle-schoolvestigingen-bo.csv',
  async run(tx, file, progress) {
    const regios = new Map<string, string>();
    const mapping = new Map<string, string>();
    for await (const r of readCsv(file, progress, 'rmc-regio')) {
      const gemeente = padGemeentecode(r.GEMEENTENUMMER);
      const code = rmcCode(r['RMC-REGIO CODE']);
      if (!gemeente || !code) continue;
      regios.set(code, r['RMC-REGIO NAAM'] ?? code);
      mapping.set(gemeente, code);
    }
    return {
      rmc_regio: await syncTable(tx, RMC_REGIO, [...regios].map(([code, naam]) => ({ code, naam }))),
      gemeente_rmc: await syncTable(tx, GEMEENTE_RMC, [...mapping].map(([gemeentecode, rmc_code]) => ({ gemeentecode, rmc_code }))),
    };
  },
};

/** CBS postcode-huisnummer table (`PC6;Huisnummer;Buurt…;Wijk…;Gemeente…`), then the PC6/PC4 majority fallbacks. */
const postcodeHuisnummer: Importer = {
  kind: 'postcode-huisnummer',
  description: 'CBS postcode-huisnummer → gemeente (pc6hnrYYYYMMDD_gwb.csv)',
  defaultFile: 'cbs/pc6hnr-afgeleid_gwb.csv',
  async run(tx, file, progress) {
    async function* rows() {
      for await (const r of readCsv(file, progress, 'postcode-huisnummer')) {
        const pc6 = normalisePostcode(column(r, 'PC6'));
        const huisnummer = Number(column(r, 'Huisnummer'));
        const gemeentecode = padGemeentecode(column(r, 'Gemeente'));
        if (pc6 && gemeentecode && Number.isInteger(huisnummer) && huisnummer > 0) yield { pc6, huisnummer, gemeentecode };
      }
    }
    const counts = await syncTable(tx, ADRES, rows());
    await store.rebuildPostcodeFallbacks(tx);
    return { adres_gemeente: counts };
  },
};

/** Prior-education codes → vooropleiding category (`CODE;OMSCHRIJVING;VOOROPLEIDING`). */
const vooropleiding: Importer = {
  kind: 'vooropleiding',
  description: 'ILT/vooropleidingscodes → vooropleiding-categorie',
  defaultFile: 'codes/vooropleiding-codes.csv',
  async run(tx, file, progress) {
    const rows: Record<string, string>[] = [];
    for await (const r of readCsv(file, progress, 'vooropleiding')) {
      if (r.CODE && r.VOOROPLEIDING) rows.push({ code: r.CODE, omschrijving: r.OMSCHRIJVING ?? '', vooropleiding: r.VOOROPLEIDING });
    }
    return { vooropleiding_code: await syncTable(tx, VOOROPLEIDING, rows) };
  },
};

/** mbo-instellingen in DUO layout (INSTELLINGSCODE, INSTELLINGSNAAM, GEMEENTENUMMER; SYNTHETISCH=J marks invented ones). */
const mboInstellingen: Importer = {
  kind: 'mbo-instellingen',
  description: 'mbo-instellingen (DUO-indeling; de meegeleverde lijst is synthetisch)',
  defaultFile: 'synthetic/mbo-instellingen-synthetisch.csv',
  async run(tx, file, progress) {
    const rows: Record<string, unknown>[] = [];
    for await (const r of readCsv(file, progress, 'mbo-instellingen')) {
      if (!/^[0-9]{2}[A-Z]{2}$/.test(r.INSTELLINGSCODE ?? '')) continue;
      rows.push({ brin: r.INSTELLINGSCODE, naam: r.INSTELLINGSNAAM, gemeentecode: padGemeentecode(r.GEMEENTENUMMER), synthetisch: r.SYNTHETISCH === 'J' });
    }
    return { mbo_instelling: await syncTable(tx, MBO, rows) };
  },
};

export const IMPORTERS: Importer[] = [cbsGemeenten, rmc, duoVo, mboInstellingen, vooropleiding, postcodeHuisnummer, caCatalogus];

export function importerFor(kind: string): Importer | undefined {
  return IMPORTERS.find((i) => i.kind === kind);
}
