// Writes reference/synthetic/ca-catalogus-synthetisch.csv: a synthetic Centraal Aanmelden catalogue for
// the synthetic mbo-instellingen, in the RIO-style layout the `ca-catalogus` importer reads.
// Deterministic: the same input gives the same file. Every line is marked SYNTHETISCH=J.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.join(import.meta.dirname, '..', 'reference', 'synthetic');
const instellingen = readFileSync(path.join(dir, 'mbo-instellingen-synthetisch.csv'), 'utf8').trim().split('\n').slice(1)
  .map((l) => l.split(';')).map(([brin, naam]) => ({ brin: brin!, plaats: naam!.split(' ').slice(2).join(' ') || naam! }));

// Invented programmes with invented (crebo-shaped) numbers; no real RIO data could be copied.
const OPLEIDINGEN = [
  { naam: 'Software Developer', crebo: '29604', leerweg: 'BOL', intensiteit: 'VOLTIJD' },
  { naam: 'Verzorgende IG', crebo: '29636', leerweg: 'BBL', intensiteit: 'DEELTIJD' },
  { naam: 'Eerste Monteur Elektrotechniek', crebo: '29612', leerweg: 'BBL', intensiteit: 'VOLTIJD' },
  { naam: 'Pedagogisch Medewerker', crebo: '29620', leerweg: 'BOL', intensiteit: 'VOLTIJD' },
  { naam: 'Pedagogisch Medewerker (deeltijd)', crebo: '29620', leerweg: 'BOL', intensiteit: 'DEELTIJD' },
  { naam: 'Zelfstandig Werkend Kok', crebo: '29648', leerweg: 'BOL', intensiteit: 'VOLTIJD' },
  { naam: 'Mediavormgever', crebo: '29660', leerweg: 'BOL', intensiteit: 'VOLTIJD' },
  { naam: 'Examentraject Logistiek Medewerker', crebo: '29672', leerweg: 'BBL', intensiteit: 'EXAMENDEELNEMER' },
];
const COHORTEN = [
  { code: '2027-08', instroom: '2027-08-30', van: '2026-10-01', tot: '2027-08-29' },
  { code: '2028-02', instroom: '2028-02-01', van: '2027-06-01', tot: '2028-01-31' },
];

const kop = 'AANGEBODENOPLEIDINGCODE;ONDERWIJSAANBIEDERCODE;INSTELLINGSCODE;WERVINGSNAAM;OPLEIDINGSEENHEIDCODE;LEERWEG;DEFAULT_INTENSITEIT;ONDERWIJSLOCATIE;COHORTCODE;INSTROOMMOMENT;BEGIN_AANMELDPERIODE;EINDE_AANMELDPERIODE;SYNTHETISCH';
const regels = [kop];
instellingen.forEach(({ brin, plaats }, i) => {
  // Each instelling offers five of the eight, rotating; the first two instellingen have a second aanbieder.
  for (let k = 0; k < 5; k++) {
    const j = (i + k) % OPLEIDINGEN.length;
    const o = OPLEIDINGEN[j]!;
    const aanbieder = i < 2 && k >= 3 ? `${brin}B` : `${brin}A`;
    for (const c of COHORTEN) {
      regels.push([`SYN-${brin}-${String(j + 1).padStart(2, '0')}`, aanbieder, brin, o.naam, o.crebo, o.leerweg, o.intensiteit,
        `Locatie ${plaats}`, c.code, c.instroom, c.van, c.tot, 'J'].join(';'));
    }
  }
});
writeFileSync(path.join(dir, 'ca-catalogus-synthetisch.csv'), regels.join('\n') + '\n');
console.log(`${regels.length - 1} lines`);
