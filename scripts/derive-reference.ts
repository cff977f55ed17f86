/**
 * Derives the small reference files that cannot be copied from public sources (see reference/README.md):
 *  - cbs/pc6hnr-afgeleid_gwb.csv: the CBS postcode-huisnummer format, filled with real addresses
 *    from the DUO school files and the RvIG test set (the full CBS table is ~10M rows);
 *  - synthetic/mbo-instellingen-synthetisch.csv: ~60 invented mbo-instellingen in DUO layout.
 * Deterministic: running it again produces the same files. Run: npx tsx scripts/derive-reference.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/config/config.ts';

const ref = (p: string) => path.join(REPO_ROOT, 'reference', p);

function readSemicolon(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const cols = header!.split(';');
  // These DUO files quote only one name field; a plain split is enough for the columns used here.
  return lines.map((l) => Object.fromEntries(l.split(';').map((v, i) => [cols[i], v.trim()])));
}

const adressen = new Map<string, string>();
function add(postcode: string | undefined, huisnummer: string | undefined, gemeente: string | undefined) {
  const pc6 = (postcode ?? '').replace(/\s+/g, '').toUpperCase();
  const nr = Number(/^\d+/.exec(huisnummer ?? '')?.[0]);
  const gem = Number(gemeente);
  if (!/^[1-9][0-9]{3}[A-Z]{2}$/.test(pc6) || !(nr > 0) || !(gem > 0) || gem === 1999) return;
  const key = `${pc6};${nr}`;
  if (!adressen.has(key)) adressen.set(key, String(gem));
}

const vo = readSemicolon(ref('duo/alle-vestigingen-vo.csv'));
const bo = readSemicolon(ref('duo/alle-schoolvestigingen-bo.csv'));
for (const r of [...vo, ...bo]) add(r.POSTCODE, r['HUISNUMMER-TOEVOEGING'], r.GEMEENTENUMMER);
for (const r of readSemicolon(ref('rvig/test-bsn-gba-v-2022.csv'))) add(r.postcode, r.huisnummer, r.gemeentecode);

// Same header and integer coding as CBS pc6hnrYYYYMMDD_gwb.csv; buurt and wijk are unknown here, so empty.
const rows = [...adressen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, gem]) => `${k};;;${gem}`);
writeFileSync(ref('cbs/pc6hnr-afgeleid_gwb.csv'), ['PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023', ...rows].join('\n') + '\n');
console.log(`pc6hnr-afgeleid_gwb.csv: ${rows.length} addresses`);

// Synthetic mbo-instellingen: placed in the 60 gemeenten with the most vo-locations.
const taken = new Set([...vo, ...bo].map((r) => r.INSTELLINGSCODE));
const perGemeente = new Map<string, { naam: string; n: number }>();
for (const r of vo) {
  const g = perGemeente.get(r.GEMEENTENUMMER!) ?? { naam: r.GEMEENTENAAM!, n: 0 };
  g.n++;
  perGemeente.set(r.GEMEENTENUMMER!, g);
}
const top = [...perGemeente.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0])).slice(0, 60);
const soorten = ['ROC', 'Vakcollege', 'Techniek College', 'Zorgcollege', 'AOC', 'Grafisch Lyceum'];
const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const brins: string[] = [];
for (let i = 0; brins.length < top.length; i++) {
  const brin = `9${i % 10}${letters[Math.floor(i / 10) % letters.length]}${letters[(i * 7) % letters.length]}`;
  if (!taken.has(brin) && !brins.includes(brin)) brins.push(brin);
}
const titel = (s: string) => s.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase());
const mbo = top.map(([code, g], i) => `${brins[i]};Synthetisch ${soorten[i % soorten.length]} ${titel(g.naam)};${code};J`);
writeFileSync(ref('synthetic/mbo-instellingen-synthetisch.csv'), ['INSTELLINGSCODE;INSTELLINGSNAAM;GEMEENTENUMMER;SYNTHETISCH', ...mbo].join('\n') + '\n');
console.log(`mbo-instellingen-synthetisch.csv: ${mbo.length} instellingen`);
