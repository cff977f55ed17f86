import type { MeldingBericht, Scenario, SimBericht, StatusBericht } from './scenario.ts';
import { MIJLPAAL_DAGEN } from './tijd.ts';

/**
 * The simulator's ground truth: what the spec says every party must receive, computed from the
 * scenario alone by replaying its messages day by day. It is written from the spec (§5–§9), apart
 * from the hub's code, so that a disagreement shows a fault in one of the two.
 */
export interface Verwachting {
  /** Per gemeente: its signals as `TYPE|pgn|reden|aanmeldingId|status` (a multiset, as a list). */
  signalen: Map<string, string[]>;
  /** Per vo-school: the statuses it receives as `pgn|aanmeldingId|status`. */
  statussen: Map<string, string[]>;
  /** Per vo-school with potential mbo-goers on 1 April: those not registered. */
  lijstNietAangemeld: Map<string, string[]>;
  /** Per gemeente with potential mbo-goers on 1 Oct: its jaaroverzicht as `pgn|aanmeldingId|status`. */
  jaaroverzicht: Map<string, string[]>;
  /** Per aanmeldstatusbericht (by its index in the scenario): the `eldersAangemeld` answer. */
  elders: Map<SimBericht, boolean>;
  /** Per overstapsysteem (in the order given), per PGN it registered: notifications expected, and the final statuses `brinMbo|status` (ODT is outside the law: neither). */
  overstap: Map<string, { meldingen: number; statussen: string[] }>[];
  /** The 2 Feb reminder: vo-schools that reported nobody before it. */
  herinneringLeverdatum: Set<string>;
  /** The 1 Apr reminder: mbo-instellingen that sent no aanmeldstatus before it. */
  herinneringGeenUitwisseling: Set<string>;
  /** Bulk signals per milestone (for the report). */
  bulk: { nietAangemeld: number; nietIngeschreven: number };
  /** The cycle's outcome as the policy statistics must freeze it before the purge (spec §15). */
  eindstand: Eindstand<number>;
}

export interface Eindstand<T> {
  potentieel: T;
  aangemeld: T;
  ingeschreven: T;
}

type Fase = 'voor-signalering' | 'aanmelding' | 'inschrijving';
type Conditie = 'NIET_AANGEMELD' | 'NIET_INGESCHREVEN';
const VO_VOOROPLEIDINGEN = new Set(['VMBO', 'PRO', 'VSO', 'VAVO']);
const ACTIEF = new Set(['AO', 'OA', 'LI']);
const RNI = '1999';

interface Leerling {
  pgn: string;
  /** Latest report per vo-school. */
  meldingen: Map<string, MeldingBericht>;
  laatsteMelding: MeldingBericht | null;
  registraties: Map<string, StatusBericht>;
  /** The most recent address received, from either side. */
  adres: { gemeente: string | null; woonland: string } | null;
  stand: { gemeente: string; open: Conditie | null; ingetrokken: boolean } | null;
}

export function verwacht(scenario: Scenario, overstap: { dag: number; pgns: Set<string> }[]): Verwachting {
  const v: Verwachting = {
    signalen: new Map(), statussen: new Map(), lijstNietAangemeld: new Map(), jaaroverzicht: new Map(), elders: new Map(), overstap: overstap.map(() => new Map()),
    herinneringLeverdatum: new Set(), herinneringGeenUitwisseling: new Set(), bulk: { nietAangemeld: 0, nietIngeschreven: 0 }, eindstand: { potentieel: 0, aangemeld: 0, ingeschreven: 0 },
  };
  const gemeld = new Set<string>();
  const uitgewisseld = new Set<string>();
  const leerlingen = new Map<string, Leerling>();
  const leerling = (pgn: string) => {
    let l = leerlingen.get(pgn);
    if (!l) leerlingen.set(pgn, (l = { pgn, meldingen: new Map(), laatsteMelding: null, registraties: new Map(), adres: null, stand: null }));
    return l;
  };
  const voeg = (m: Map<string, string[]>, k: string, x: string) => {
    const lijst = m.get(k);
    if (lijst) lijst.push(x);
    else m.set(k, [x]);
  };
  const signaal = (gemeente: string, type: string, pgn: string, extra: { reden?: string; aanmeldingId?: string; status?: string } = {}) =>
    voeg(v.signalen, gemeente, [type, pgn, extra.reden ?? '', extra.aanmeldingId ?? '', extra.status ?? ''].join('|'));
  let fase: Fase = 'voor-signalering';

  const potentieel = (l: Leerling) => [...l.meldingen.values()].some((m) => m.mboGanger);
  const overstapstatus = (l: Leerling) => {
    const tellend = [...l.registraties.values()].filter((r) => r.leertraject !== 'ODT');
    if (tellend.some((r) => r.status === 'LI')) return 'INGESCHREVEN';
    if (tellend.some((r) => r.status === 'AO' || r.status === 'OA')) return 'AANGEMELD';
    return 'GEEN_AANMELDING';
  };
  const woongemeente = (l: Leerling) => (l.adres && l.adres.woonland === '6030' && l.adres.gemeente && l.adres.gemeente !== RNI ? l.adres.gemeente : null);
  const conditie = (l: Leerling): Conditie | null => {
    const s = overstapstatus(l);
    if (fase === 'aanmelding') return s === 'GEEN_AANMELDING' ? 'NIET_AANGEMELD' : null;
    if (fase === 'inschrijving') return s !== 'INGESCHREVEN' ? 'NIET_INGESCHREVEN' : null;
    return null;
  };

  /** §7 after one new fact about the pupil; `status` is the status change the gemeente may see, if any. */
  const evalueer = (l: Leerling, status: { gemeente: string; bericht: StatusBericht } | null) => {
    if (fase === 'voor-signalering') return;
    const gevolgd = l.stand !== null && !l.stand.ingetrokken;
    if (!potentieel(l)) {
      if (gevolgd) {
        signaal(l.stand!.gemeente, 'INTREKKING', l.pgn, { reden: l.laatsteMelding?.redenNee ?? 'GEEN_MBO_GANGER' });
        l.stand = { ...l.stand!, open: null, ingetrokken: true };
      }
      return;
    }
    const buitenland = l.adres !== null && l.adres.woonland !== '6030';
    const hier = woongemeente(l);
    let verhuisd = false;
    if (gevolgd && ((hier !== null && hier !== l.stand!.gemeente) || buitenland)) {
      signaal(l.stand!.gemeente, 'INTREKKING', l.pgn, { reden: 'VERHUISD' });
      l.stand = buitenland ? { ...l.stand!, open: null, ingetrokken: true } : null;
      verhuisd = !buitenland;
    }
    if (hier === null) return;
    if (l.stand?.ingetrokken) l.stand = null;
    const gezien = status && status.gemeente === hier ? status.bericht : null;
    const cond = conditie(l);
    if (cond && l.stand?.open !== cond) {
      signaal(hier, cond, l.pgn, gezien ? { aanmeldingId: gezien.aanmeldingId, status: gezien.status } : {});
      l.stand = { gemeente: hier, open: cond, ingetrokken: false };
    } else if (verhuisd) {
      // §7 (moves): the new gemeente follows at once, told where the pupil stands now.
      signaal(hier, 'STATUSWIJZIGING', l.pgn, { reden: 'VERHUISD', status: overstapstatus(l) });
      l.stand = { gemeente: hier, open: null, ingetrokken: false };
    } else if (l.stand) {
      if (gezien) signaal(hier, 'STATUSWIJZIGING', l.pgn, { aanmeldingId: gezien.aanmeldingId, status: gezien.status });
      l.stand = { ...l.stand, open: cond };
    }
  };

  const bulk = (type: Conditie, statussen: string[]) => {
    for (const l of leerlingen.values()) {
      const g = woongemeente(l);
      if (!potentieel(l) || g === null || !statussen.includes(overstapstatus(l))) continue;
      signaal(g, type, l.pgn);
      l.stand = { gemeente: g, open: type, ingetrokken: false };
      if (type === 'NIET_AANGEMELD') v.bulk.nietAangemeld++;
      else v.bulk.nietIngeschreven++;
    }
  };

  const mijlpalen: [number, () => void][] = [
    // §3: a school that reported nobody by the leverdatum is reminded; one that did is not.
    [MIJLPAAL_DAGEN.herinneringLeverdatum, () => {
      for (const s of scenario.deelnemendeScholen) if (!gemeld.has(s)) v.herinneringLeverdatum.add(s);
    }],
    [MIJLPAAL_DAGEN.signaleringAanmelding, () => {
      fase = 'aanmelding';
      bulk('NIET_AANGEMELD', ['GEEN_AANMELDING']);
    }],
    [MIJLPAAL_DAGEN.aanmelddatum, () => {
      const perSchool = new Map<string, string[]>();
      for (const l of leerlingen.values()) {
        for (const [brin, m] of l.meldingen) {
          if (!m.mboGanger) continue;
          const lijst = perSchool.get(brin) ?? [];
          if (overstapstatus(l) === 'GEEN_AANMELDING') lijst.push(l.pgn);
          perSchool.set(brin, lijst);
        }
      }
      v.lijstNietAangemeld = perSchool;
      for (const i of scenario.mboBrins) if (!uitgewisseld.has(i)) v.herinneringGeenUitwisseling.add(i);
    }],
    [MIJLPAAL_DAGEN.signaleringInschrijving, () => {
      fase = 'inschrijving';
      bulk('NIET_INGESCHREVEN', ['GEEN_AANMELDING', 'AANGEMELD']);
    }],
  ];

  for (const b of scenario.berichten) {
    while (mijlpalen.length > 0 && mijlpalen[0]![0] <= b.dag) mijlpalen.shift()![1]();
    const l = leerling(b.pgn);
    if (b.soort === 'melding') {
      gemeld.add(b.brinVo);
      const eerste = !l.meldingen.has(b.brinVo);
      l.meldingen.set(b.brinVo, b);
      l.laatsteMelding = b;
      l.adres = { gemeente: b.adres?.gemeente ?? null, woonland: b.woonland };
      // A school that reports a pupil late gets the statuses it would have been sent (catch-up).
      if (eerste) {
        for (const r of l.registraties.values()) {
          if (!VO_VOOROPLEIDINGEN.has(r.vooropleiding) || r.leertraject === 'ODT') continue;
          if (r.brinVo ? r.brinVo === b.brinVo : b.mboGanger) voeg(v.statussen, b.brinVo, `${l.pgn}|${r.aanmeldingId}|${r.status}`);
        }
      }
      evalueer(l, null);
    } else {
      uitgewisseld.add(b.brinMbo);
      const vorige = l.registraties.get(b.aanmeldingId);
      l.registraties.set(b.aanmeldingId, b);
      l.adres = { gemeente: b.adres.gemeente, woonland: '6030' };
      v.elders.set(b, [...l.registraties.values()].some((r) => r.brinMbo !== b.brinMbo && r.leertraject !== 'ODT' && ACTIEF.has(r.status)));
      // §6: the latende school(s), the gemeente's signal engine, subscribed overstapsystemen.
      if (VO_VOOROPLEIDINGEN.has(b.vooropleiding) && b.leertraject !== 'ODT') {
        const scholen = b.brinVo ? (l.meldingen.has(b.brinVo) ? [b.brinVo] : []) : [...l.meldingen.values()].filter((m) => m.mboGanger).map((m) => m.brinVo);
        for (const s of scholen) voeg(v.statussen, s, `${l.pgn}|${b.aanmeldingId}|${b.status}`);
      }
      const g = woongemeente(l);
      const naarGemeente = g !== null && !b.startkwalificatie && b.leeftijdscategorie !== 'BOVEN_23' && b.leertraject !== 'ODT';
      const gewijzigd = vorige?.status !== b.status;
      evalueer(l, naarGemeente && gewijzigd ? { gemeente: g!, bericht: b } : null);
      overstap.forEach((os, i) => {
        if (!os.pgns.has(b.pgn) || b.dag < os.dag || b.leertraject === 'ODT') return;
        const o = v.overstap[i]!.get(b.pgn) ?? { meldingen: 0, statussen: [] };
        o.meldingen++;
        v.overstap[i]!.set(b.pgn, o);
      });
    }
  }
  for (const [, doe] of mijlpalen) doe();

  // 1 Oct: every gemeente with potential mbo-goers gets all their registrations (not ODT).
  for (const l of leerlingen.values()) {
    const g = l.adres?.woonland === '6030' ? l.adres.gemeente : null;
    if (!potentieel(l) || g === null || g === RNI) continue;
    const lijst = v.jaaroverzicht.get(g) ?? [];
    for (const r of l.registraties.values()) if (r.leertraject !== 'ODT') lijst.push(`${l.pgn}|${r.aanmeldingId}|${r.status}`);
    v.jaaroverzicht.set(g, lijst);
  }
  for (const l of leerlingen.values()) {
    if (!potentieel(l)) continue;
    const s = overstapstatus(l);
    v.eindstand.potentieel++;
    if (s !== 'GEEN_AANMELDING') v.eindstand.aangemeld++;
    if (s === 'INGESCHREVEN') v.eindstand.ingeschreven++;
  }
  overstap.forEach((os, i) => {
    for (const pgn of os.pgns) {
      const o = v.overstap[i]!.get(pgn) ?? { meldingen: 0, statussen: [] };
      o.statussen = [...(leerlingen.get(pgn)?.registraties.values() ?? [])].filter((r) => r.leertraject !== 'ODT').map((r) => `${r.brinMbo}|${r.status}`).sort();
      v.overstap[i]!.set(pgn, o);
    }
  });
  return v;
}
