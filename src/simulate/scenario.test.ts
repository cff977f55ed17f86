import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { isPgn } from '../domain/pgn.ts';
import { leesBronnen, type Bronnen } from './bronnen.ts';
import { verwacht } from './oracle.ts';
import { maakScenario, type SimBericht } from './scenario.ts';
import { dag, LAATSTE_DAG } from './tijd.ts';
import { verschil } from './vergelijk.ts';

let bronnen: Bronnen;
beforeAll(async () => {
  bronnen = await leesBronnen(loadConfig({}, { VVA_DATA_DIR: '/tmp' }).referenceDir);
});

describe('the simulated cycle', () => {
  it('is drawn from the real DUO/CBS files: hundreds of vo-schools, every gemeente with addresses', () => {
    expect(bronnen.scholen.length).toBeGreaterThan(500);
    expect(bronnen.adressen.size).toBe(342);
    expect(bronnen.mboBrins).toHaveLength(60);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = maakScenario(bronnen, { leerlingen: 500, seed: 7 });
    const b = maakScenario(bronnen, { leerlingen: 500, seed: 7 });
    const c = maakScenario(bronnen, { leerlingen: 500, seed: 8 });
    expect(b.berichten).toEqual(a.berichten);
    expect(c.berichten).not.toEqual(a.berichten);
  });

  it('uses synthetic PGNs that pass the elfproef, once each, and one message per pupil per day inside the cycle', () => {
    const s = maakScenario(bronnen, { leerlingen: 3000, seed: 11 });
    expect(s.leerlingen.every((l) => isPgn(l.pgn))).toBe(true);
    expect(new Set(s.leerlingen.map((l) => l.pgn)).size).toBe(s.leerlingen.length);
    const dagen = new Set<string>();
    for (const b of s.berichten) {
      expect(b.dag).toBeGreaterThanOrEqual(0);
      expect(b.dag).toBeLessThanOrEqual(LAATSTE_DAG);
      expect(dagen.has(`${b.pgn}|${b.dag}`)).toBe(false);
      dagen.add(`${b.pgn}|${b.dag}`);
    }
    // Most registrations come in Feb–April; some pupils never register; statuses follow AO first.
    const eerste = new Map<string, SimBericht>();
    for (const b of s.berichten) if (b.soort === 'status' && !eerste.has(b.aanmeldingId)) eerste.set(b.aanmeldingId, b);
    expect([...eerste.values()].every((b) => b.soort === 'status' && b.status === 'AO')).toBe(true);
    const feb = [...eerste.values()].filter((b) => b.dag >= dag(2, 1) && b.dag < dag(5, 1)).length;
    expect(feb / eerste.size).toBeGreaterThan(0.4);
    expect(s.leerlingen.filter((l) => l.profiel === 'nooit').length).toBeGreaterThan(100);
  });
});

describe('the ground truth', () => {
  const adres = { postcode: '9406NN', huisnummer: 202, gemeente: '0106' };
  const elders = { postcode: '1011AH', huisnummer: 100, gemeente: '0363' };
  const melding = (d: number, extra: object = {}): SimBericht => ({ soort: 'melding', dag: d, pgn: '123456782', brinVo: '18BR', adres, woonland: '6030', mboGanger: true, ...extra });
  const status = (d: number, s: string, extra: object = {}): SimBericht => ({
    soort: 'status', dag: d, pgn: '123456782', brinMbo: '90AA', aanmeldingId: '90AA:00000001', status: s as 'AO', vooropleiding: 'VMBO', leertraject: 'BOL',
    leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, brinVo: '18BR', adres, ...extra,
  });
  const truth = (berichten: SimBericht[]) => verwacht({ seed: 0, leerlingen: [], scholen: [], berichten, deelnemendeScholen: ['18BR', '19XX'], stilleScholen: new Set(), mboBrins: ['90AA', '91BB'], stilleInstellingen: new Set() }, []);

  it('follows spec §7: bulk on 1 March, status changes after it, a fall-back, and a move', () => {
    const v = truth([melding(10), status(dag(3, 10), 'AO'), status(dag(3, 20), 'AI'), melding(dag(4, 10), { adres: elders })]);
    expect(v.signalen.get('0106')).toEqual(['NIET_AANGEMELD|123456782|||', 'STATUSWIJZIGING|123456782||90AA:00000001|AO', 'NIET_AANGEMELD|123456782||90AA:00000001|AI', 'INTREKKING|123456782|VERHUISD||']);
    expect(v.signalen.get('0363')).toEqual(['NIET_AANGEMELD|123456782|||', 'NIET_INGESCHREVEN|123456782|||']);
    expect(v.statussen.get('18BR')).toEqual(['123456782|90AA:00000001|AO', '123456782|90AA:00000001|AI']);
  });

  it('sends nothing to gemeenten before 1 March, and a registered pupil is not signalled', () => {
    const v = truth([melding(10), status(dag(2, 10), 'AO'), status(dag(2, 20), 'OA'), status(dag(5, 1), 'LI')]);
    expect(v.signalen.size).toBe(0);
    expect(v.lijstNietAangemeld.get('18BR')).toEqual([]);
    // The school that reported nobody before 2 Feb is reminded, and the institution without registrations on 1 Apr.
    expect([...v.herinneringLeverdatum]).toEqual(['19XX']);
    expect([...v.herinneringGeenUitwisseling]).toEqual(['91BB']);
  });
});

describe('the comparison', () => {
  it('reports what is missing and what is extra, counting duplicates', () => {
    expect(verschil('g', ['a', 'b', 'b'], ['b', 'c'])).toEqual(['g: 1× verwacht, niet ontvangen: a', 'g: 1× verwacht, niet ontvangen: b', 'g: 1× ontvangen, niet verwacht: c']);
    expect(verschil('g', ['a', 'b'], ['b', 'a'])).toEqual([]);
  });
});
