import path from 'node:path';
import { column, normalisePostcode, padGemeentecode, readCsv } from '../reference-data/csv.ts';

/** A vo-school as the simulator sees it in DUO's public list. */
export interface SimSchool {
  brin: string;
  gemeente: string;
  rmc: string;
  /** Praktijkonderwijs: its pupils register with vooropleiding PRO. */
  pro: boolean;
  /** Locations that offer vmbo or pro: the weight of the school in the population (DUO publishes no pupil counts here). */
  gewicht: number;
}

export interface SimAdres {
  postcode: string;
  huisnummer: number;
  gemeente: string;
}

/** The public facts the simulated clients know: the same files the hub imports, read independently. */
export interface Bronnen {
  scholen: SimSchool[];
  /** Real addresses per gemeente (only gemeenten in the CBS list). */
  adressen: Map<string, SimAdres[]>;
  rmcVanGemeente: Map<string, string>;
  rmcNamen: Map<string, string>;
  mboBrins: string[];
}

const rmcCode = (v: string | undefined) => (v ?? '').trim().replace(/^0+(?=\d)/, '');

export async function leesBronnen(referenceDir: string): Promise<Bronnen> {
  const gemeenten = new Set<string>();
  for await (const r of readCsv(path.join(referenceDir, 'cbs/gemeenten-alfabetisch-2023.csv'))) {
    const g = padGemeentecode(r.Gemeentecode);
    if (g) gemeenten.add(g);
  }
  const rmcVanGemeente = new Map<string, string>();
  const rmcNamen = new Map<string, string>();
  for await (const r of readCsv(path.join(referenceDir, 'duo/alle-schoolvestigingen-bo.csv'))) {
    const g = padGemeentecode(r.GEMEENTENUMMER);
    const code = rmcCode(r['RMC-REGIO CODE']);
    if (g && code) {
      rmcVanGemeente.set(g, code);
      rmcNamen.set(code, r['RMC-REGIO NAAM'] ?? code);
    }
  }
  const perBrin = new Map<string, SimSchool>();
  for await (const r of readCsv(path.join(referenceDir, 'duo/alle-vestigingen-vo.csv'))) {
    const structuur = r.ONDERWIJSSTRUCTUUR ?? '';
    if (!/VBO|MAVO|PRO|VMBO/.test(structuur)) continue;
    const brin = r.INSTELLINGSCODE!;
    const g = padGemeentecode(r.GEMEENTENUMMER);
    if (!g || !gemeenten.has(g)) continue;
    const school = perBrin.get(brin) ?? { brin, gemeente: g, rmc: rmcVanGemeente.get(g) ?? rmcCode(r['RMC-REGIO CODE']), pro: true, gewicht: 0 };
    school.gewicht++;
    school.pro &&= structuur === 'PRO';
    perBrin.set(brin, school);
  }
  const adressen = new Map<string, SimAdres[]>();
  for await (const r of readCsv(path.join(referenceDir, 'cbs/pc6hnr-afgeleid_gwb.csv'))) {
    const g = padGemeentecode(column(r, 'Gemeente'));
    const postcode = normalisePostcode(r.PC6);
    const huisnummer = Number(r.Huisnummer);
    if (!g || !gemeenten.has(g) || !postcode || !Number.isInteger(huisnummer) || huisnummer < 1) continue;
    adressen.set(g, [...(adressen.get(g) ?? []), { postcode, huisnummer, gemeente: g }]);
  }
  const mboBrins: string[] = [];
  for await (const r of readCsv(path.join(referenceDir, 'synthetic/mbo-instellingen-synthetisch.csv'))) mboBrins.push(r.INSTELLINGSCODE!);
  // Schools whose gemeente has no known address cannot place their pupils; they are left out.
  const scholen = [...perBrin.values()].filter((s) => adressen.has(s.gemeente)).sort((a, b) => a.brin.localeCompare(b.brin));
  return { scholen, adressen, rmcVanGemeente, rmcNamen, mboBrins: mboBrins.sort() };
}
