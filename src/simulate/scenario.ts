import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { paths } from '@open-vva/client';
import { syntheticBsns } from '../domain/pgn.ts';
import type { Bronnen, SimAdres, SimSchool } from './bronnen.ts';
import { dag, LAATSTE_DAG } from './tijd.ts';

// The coded fields take their values from the API's own document, so the scenario cannot drift from it.
type Melding = paths['/mbo-gangerberichten']['post']['requestBody']['content']['application/json']['berichten'][number];
type Status = paths['/aanmeldstatusberichten']['post']['requestBody']['content']['application/json']['berichten'][number];

/** What a vo-school's LAS sends (spec §4.1). `adres` null = lives abroad (`woonland`). */
export interface MeldingBericht {
  soort: 'melding';
  dag: number;
  pgn: string;
  brinVo: string;
  adres: SimAdres | null;
  woonland: string;
  mboGanger: boolean;
  redenNee?: Melding['redenNee'];
}

/** What an mbo-instelling's SIS sends (spec §4.2). */
export interface StatusBericht {
  soort: 'status';
  dag: number;
  pgn: string;
  brinMbo: string;
  aanmeldingId: string;
  status: 'AO' | 'OA' | 'LI' | 'LNI' | 'AI';
  vooropleiding: Status['vooropleiding'];
  leertraject: Status['leertraject'];
  leeftijdscategorie: Status['leeftijdscategorie'];
  startkwalificatie: boolean;
  brinVo?: string;
  adres: SimAdres;
  crebo?: string;
}

export type SimBericht = MeldingBericht | StatusBericht;

/** How a pupil's year goes; the share of each is in PROFIELEN. */
export type Profiel = 'vroeg' | 'maart' | 'laat' | 'zomer' | 'nooit' | 'havo' | 'arbeidsmarkt' | 'doubleert' | 'buitenland' | 'geen-vo';

export interface SimLeerling {
  pgn: string;
  /** null: not a vo pupil (havo/vwo graduate or adult): registers, but no school reports it. */
  brinVo: string | null;
  profiel: Profiel;
}

export interface Scenario {
  seed: number;
  leerlingen: SimLeerling[];
  /** Every message, ordered by day (and, within a pupil, by its story). */
  berichten: SimBericht[];
  scholen: SimSchool[];
  /** The vo-schools that take part (have pupils), and among them those that never deliver (their LAS sends nothing). */
  deelnemendeScholen: string[];
  stilleScholen: Set<string>;
  /** Every mbo-instelling, and those that never get a registration (the 1 April reminder). */
  mboBrins: string[];
  stilleInstellingen: Set<string>;
}

/** Shares of the potential mbo-goers; the rest of the story (paths, moves) is drawn per pupil. */
const PROFIELEN: [Profiel, number][] = [
  ['vroeg', 0.6], ['maart', 0.14], ['laat', 0.07], ['zomer', 0.04], ['nooit', 0.06],
  ['havo', 0.04], ['arbeidsmarkt', 0.02], ['doubleert', 0.02], ['buitenland', 0.01],
];
/** Registrations of people no vo-school reports (havo/vwo graduates, adults), per potential mbo-goer. */
const ANDEREN_PER_LEERLING = 0.1;
const CREBOS = ['25180', '25191', '25244', '25407', '25498', '25602', '25655', '25731', '25884', '25960'];

/**
 * A national cycle, drawn from a seed: pupils spread over the real vo-schools by weight, living at
 * real addresses near their school, with registrations that mostly come in Feb–April, some late,
 * some never; declines, withdrawals, double registrations, drop-outs, moves and switches to havo.
 * The same seed and size always give the same scenario.
 */
export function maakScenario(bronnen: Bronnen, opts: { leerlingen: number; seed: number }): Scenario {
  const rng = xoroshiro128plus(opts.seed);
  const kans = () => uniformFloat64(rng);
  const tussen = (a: number, b: number) => uniformInt(rng, a, b);
  const kies = <T>(xs: readonly T[]): T => xs[tussen(0, xs.length - 1)]!;
  const pgns = uniekePgns(opts.seed);

  const totaalGewicht = bronnen.scholen.reduce((s, x) => s + x.gewicht, 0);
  const cumulatief: number[] = [];
  bronnen.scholen.reduce((s, x, i) => (cumulatief[i] = s + x.gewicht), 0);
  const kiesSchool = () => {
    const r = kans() * totaalGewicht;
    let lo = 0;
    let hi = cumulatief.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulatief[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return bronnen.scholen[lo]!;
  };
  const gemeentenPerRmc = new Map<string, string[]>();
  for (const g of bronnen.adressen.keys()) {
    const rmc = bronnen.rmcVanGemeente.get(g) ?? '';
    gemeentenPerRmc.set(rmc, [...(gemeentenPerRmc.get(rmc) ?? []), g]);
  }
  // Most pupils live in their school's gemeente, the others elsewhere in its RMC region.
  const adresBij = (school: SimSchool): SimAdres => {
    const g = kans() < 0.6 ? school.gemeente : kies(gemeentenPerRmc.get(school.rmc) ?? [school.gemeente]);
    return kies(bronnen.adressen.get(g) ?? bronnen.adressen.get(school.gemeente)!);
  };
  const ander = <T>(xs: readonly T[], niet: T) => {
    for (;;) {
      const x = kies(xs);
      if (x !== niet || xs.length === 1) return x;
    }
  };
  const volgnummer = new Map<string, number>();
  const nieuwAanmeldingId = (brinMbo: string) => {
    const n = (volgnummer.get(brinMbo) ?? 0) + 1;
    volgnummer.set(brinMbo, n);
    return `${brinMbo}:${String(n).padStart(8, '0')}`;
  };
  const alleGemeenten = [...bronnen.adressen.keys()];
  // A few parties deliver nothing all year: every 40th vo-school, and two mbo-instellingen.
  const stilleScholen = new Set(bronnen.scholen.filter((_, i) => i % 40 === 17).map((s) => s.brin));
  const stilleInstellingen = new Set(bronnen.mboBrins.slice(-2));
  const mboBrins = bronnen.mboBrins.filter((b) => !stilleInstellingen.has(b));

  const leerlingen: SimLeerling[] = [];
  const verhalen: SimBericht[][] = [];
  for (let i = 0; i < opts.leerlingen; i++) {
    const school = kiesSchool();
    const pgn = pgns();
    const profiel = trek(PROFIELEN, kans());
    leerlingen.push({ pgn, brinVo: school.brin, profiel });
    const thuis = adresBij(school);
    const events: (SimBericht & { bedoeld: number })[] = [];
    const melding = (d: number, m: Partial<MeldingBericht>) =>
      events.push({ soort: 'melding', dag: d, bedoeld: d, pgn, brinVo: school.brin, adres: thuis, woonland: '6030', mboGanger: true, ...m });

    // The LAS reports the pupil: most in the legal window, a few late (after 1 Feb or even 1 March).
    const r = kans();
    const gemeld = r < 0.8 ? tussen(0, dag(12, 31)) : r < 0.95 ? tussen(dag(1, 1), dag(1, 31)) : r < 0.99 ? tussen(dag(2, 1), dag(2, 28)) : tussen(dag(3, 1), dag(4, 15));
    melding(gemeld, {});

    // A move to another gemeente (3%): the school sends the new address, or only the mbo side knows it.
    let verhuizing: { dag: number; adres: SimAdres; viaSchool: boolean } | null = null;
    if (kans() < 0.03) {
      const g = ander(alleGemeenten, thuis.gemeente);
      verhuizing = { dag: tussen(Math.max(gemeld + 1, dag(11, 1)), dag(6, 30)), adres: kies(bronnen.adressen.get(g)!), viaSchool: kans() < 0.5 };
      if (verhuizing.viaSchool) melding(verhuizing.dag, { adres: verhuizing.adres });
    }
    const adresOp = (d: number) => (verhuizing && d >= verhuizing.dag ? verhuizing.adres : thuis);

    const instellingen: string[] = [];
    const registratie = (start: number, pad: 'normaal' | 'afgewezen' | 'ingetrokken' | 'uitval' | 'odt') => {
      const brinMbo = ander(mboBrins, instellingen.at(-1) ?? '');
      instellingen.push(brinMbo);
      const vast = {
        aanmeldingId: nieuwAanmeldingId(brinMbo), brinMbo, vooropleiding: school.pro ? 'PRO' : 'VMBO',
        leertraject: pad === 'odt' ? 'ODT' : kans() < 0.15 ? 'BBL' : 'BOL',
        leeftijdscategorie: kans() < 0.1 ? 'ONDER_16' : kans() < 0.98 ? 'TUSSEN_16_18' : 'TUSSEN_18_23',
        startkwalificatie: false, ...(kans() < 0.7 ? { brinVo: school.brin } : {}), ...(kans() < 0.8 ? { crebo: kies(CREBOS) } : {}),
      } satisfies Partial<StatusBericht>;
      const status = (d: number, s: StatusBericht['status']) => events.push({ soort: 'status', dag: d, bedoeld: d, pgn, status: s, adres: adresOp(d), ...vast });
      status(start, 'AO');
      if (pad === 'afgewezen') return void status(start + tussen(10, 40), 'LNI');
      if (pad === 'ingetrokken') return void status(start + tussen(7, 60), 'AI');
      const oa = start + tussen(10, 60);
      status(oa, 'OA');
      const li = oa + tussen(10, 90);
      status(li, 'LI');
      if (pad === 'uitval') status(Math.max(li + 5, dag(6, 20)) + tussen(0, 80), 'AI');
      return li;
    };

    const eersteAanmelding = { vroeg: [dag(1, 5), dag(2, 28)], maart: [dag(3, 1), dag(3, 31)], laat: [dag(4, 1), dag(6, 14)], zomer: [dag(6, 15), dag(8, 31)] } as const;
    if (profiel in eersteAanmelding) {
      const [van, tot] = eersteAanmelding[profiel as keyof typeof eersteAanmelding];
      const start = tussen(van, tot);
      const p = kans();
      if (p < 0.1) {
        // Declined, then registers elsewhere (mostly).
        registratie(start, 'afgewezen');
        if (kans() < 0.8) registratie(start + tussen(45, 70), 'normaal');
      } else if (p < 0.15) registratie(start, 'ingetrokken');
      else if (p < 0.19) registratie(start, 'uitval');
      else if (p < 0.28) {
        // Registered at two institutions; withdraws at one when enrolled at the other.
        const li = registratie(start, 'normaal')!;
        const tweede = events.length;
        registratie(start + tussen(1, 20), 'ingetrokken');
        events[tweede + 1]!.bedoeld = events[tweede + 1]!.dag = Math.max(li + 1, events[tweede]!.dag + 1);
      } else registratie(start, 'normaal');
      if (kans() < 0.02) registratie(start + tussen(1, 30), 'odt');
    } else if (profiel === 'havo' || profiel === 'arbeidsmarkt' || profiel === 'doubleert') {
      // The school withdraws the pupil as mbo-goer; some had registered first.
      const redenNee = ({ havo: 'VO_VERVOLG', arbeidsmarkt: 'ARBEIDSMARKT', doubleert: 'DOUBLEERT' } as const)[profiel];
      const wanneer = profiel === 'doubleert' ? tussen(dag(5, 15), dag(7, 10)) : tussen(Math.max(gemeld + 1, dag(12, 1)), dag(5, 31));
      if (profiel === 'arbeidsmarkt' && kans() < 0.5) registratie(tussen(dag(1, 10), dag(2, 20)), 'ingetrokken');
      melding(wanneer, { mboGanger: false, redenNee });
    } else if (profiel === 'buitenland') {
      melding(tussen(Math.max(gemeld + 1, dag(1, 15)), dag(6, 30)), { adres: null, woonland: '5010' });
    }
    // A silent school's pupils are never reported; they may still register (the institution knows the school).
    verhalen.push(ordenPerLeerling(stilleScholen.has(school.brin) ? events.filter((e) => e.soort !== 'melding') : events));
  }

  // Registrations of people no vo-school reported: routed to no school and no gemeente (spec §5, §6).
  const anderen = Math.round(opts.leerlingen * ANDEREN_PER_LEERLING);
  for (let i = 0; i < anderen; i++) {
    const pgn = pgns();
    leerlingen.push({ pgn, brinVo: null, profiel: 'geen-vo' });
    const volwassen = kans() < 0.4;
    const brinMbo = kies(mboBrins);
    const vast = {
      aanmeldingId: nieuwAanmeldingId(brinMbo), brinMbo, vooropleiding: volwassen ? kies(['MBO', 'ONBEKEND', 'BUITENLAND']) : kies(['HAVO', 'VWO']),
      leertraject: volwassen ? kies(['BBL', 'BOL', 'EX']) : 'BOL', leeftijdscategorie: volwassen ? 'BOVEN_23' : 'TUSSEN_16_18',
      startkwalificatie: !volwassen || kans() < 0.5, adres: kies(bronnen.adressen.get(kies(alleGemeenten))!),
    } satisfies Partial<StatusBericht>;
    const start = tussen(dag(1, 5), dag(6, 30));
    verhalen.push(ordenPerLeerling([
      { soort: 'status', dag: start, bedoeld: start, pgn, status: 'AO', ...vast },
      { soort: 'status', dag: start + 30, bedoeld: start + 30, pgn, status: 'LI', ...vast },
    ]));
  }

  const berichten = verhalen.flat().sort((a, b) => a.dag - b.dag);
  const deelnemendeScholen = [...new Set(leerlingen.flatMap((l) => (l.brinVo ? [l.brinVo] : [])))].sort();
  return { seed: opts.seed, leerlingen, berichten, scholen: bronnen.scholen, deelnemendeScholen, stilleScholen: new Set(deelnemendeScholen.filter((b) => stilleScholen.has(b))), mboBrins: bronnen.mboBrins, stilleInstellingen };
}

/**
 * One message per pupil per day, in story order: a later event moves to the day after an earlier
 * one, and what falls after the cycle's last day is dropped (with the rest of its registration).
 */
function ordenPerLeerling(events: (SimBericht & { bedoeld: number })[]): SimBericht[] {
  const geordend = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.bedoeld - b.e.bedoeld || a.i - b.i);
  const uit: SimBericht[] = [];
  const afgebroken = new Set<string>();
  let vorige = -1;
  for (const { e } of geordend) {
    const { bedoeld: _, ...bericht } = e;
    const sleutel = bericht.soort === 'status' ? bericht.aanmeldingId : `melding`;
    if (afgebroken.has(sleutel)) continue;
    bericht.dag = Math.max(e.bedoeld, vorige + 1);
    if (bericht.dag > LAATSTE_DAG) {
      afgebroken.add(sleutel);
      continue;
    }
    vorige = bericht.dag;
    uit.push(bericht);
  }
  return uit;
}

function trek<T>(verdeling: [T, number][], r: number): T {
  let som = 0;
  for (const [x, p] of verdeling) {
    som += p;
    if (r < som) return x;
  }
  return verdeling.at(-1)![0];
}

/** Synthetic PGNs (elfproef-valid, never a person's): each drawn once. */
function uniekePgns(seed: number): () => string {
  const bron = syntheticBsns(seed);
  const gezien = new Set<string>();
  return () => {
    for (;;) {
      const pgn = bron.next().value as string;
      if (!gezien.has(pgn)) {
        gezien.add(pgn);
        return pgn;
      }
    }
  };
}
