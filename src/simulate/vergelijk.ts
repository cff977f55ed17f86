import type { Ontvangen } from './ontvanger.ts';
import type { Partijen } from './partijen.ts';
import type { Scenario } from './scenario.ts';
import type { Verloop } from './simuleer.ts';

/** One check of the hub's output against the ground truth: how much was expected, got, and what differs. */
export interface Controle {
  naam: string;
  verwacht: number;
  ontvangen: number;
  afwijkingen: string[];
}

const SIGNAAL_TYPES: Record<string, string> = {
  'nl.vva.signaal.niet-aangemeld.v1': 'NIET_AANGEMELD',
  'nl.vva.signaal.niet-ingeschreven.v1': 'NIET_INGESCHREVEN',
  'nl.vva.signaal.statuswijziging.v1': 'STATUSWIJZIGING',
  'nl.vva.signaal.intrekking.v1': 'INTREKKING',
};
const JAAROVERZICHT = 'nl.vva.signaal.jaaroverzicht.v1';
const JAAROVERZICHT_OVERSTAP = 'nl.vva.overstap.jaaroverzicht.v1';
const AANMELDSTATUS = 'nl.vva.aanmeldstatus.v1';
const LIJST = 'nl.vva.lijst.niet-aangemeld.v1';
const HERINNERING_VO = 'nl.vva.herinnering.leverdatum.v1';
const HERINNERING_MBO = 'nl.vva.herinnering.geen-uitwisseling.v1';

/** What a vo-school receives, as one line per item, the same whether read from its own inbox or its supplier's. */
function voRegels(e: Ontvangen): string[] | null {
  if (e.type === AANMELDSTATUS) return [`status|${e.data.pgn}|${e.data.aanmeldingId}|${e.data.status}`];
  if (e.type === LIJST) return (e.data.leerlingen as { pgn: string }[]).map((l) => `lijst|${l.pgn}`);
  if (e.type === HERINNERING_VO) return ['herinnering leverdatum'];
  return null;
}

/** What reached a gemeente: its own inbox, or its part (by gemeentecode) of the RMC endpoint it delegates to. */
export function postVan(partijen: Partijen, verloop: Verloop, code: string, oin: string): Ontvangen[] {
  const alles = verloop.postbus.van(oin);
  return oin === partijen.rmcEindpunt.oin ? alles.filter((e) => e.data.gemeentecode === code) : alles;
}

/** Multiset difference, both ways, as readable lines (at most `max`). */
export function verschil(partij: string, verwacht: readonly string[], ontvangen: readonly string[], max = 5): string[] {
  const tel = new Map<string, number>();
  for (const x of verwacht) tel.set(x, (tel.get(x) ?? 0) + 1);
  for (const x of ontvangen) tel.set(x, (tel.get(x) ?? 0) - 1);
  const uit: string[] = [];
  for (const [x, n] of tel) {
    if (n > 0) uit.push(`${partij}: ${n}× verwacht, niet ontvangen: ${x}`);
    if (n < 0) uit.push(`${partij}: ${-n}× ontvangen, niet verwacht: ${x}`);
  }
  return uit.slice(0, max);
}

/**
 * Every party got exactly what the spec requires and nothing else: signals per gemeente, statuses and
 * the 1 April list per school, the jaaroverzicht, the answers to every message, the overstapsysteem's
 * view, the purge and the statistics that survive it.
 */
export function vergelijk(scenario: Scenario, partijen: Partijen, verloop: Verloop): Controle[] {
  const v = verloop.verwachting;
  const controles: Controle[] = [];
  const per = (naam: string, partij: (code: string) => string, verwachting: Map<string, string[]>, ontvangen: Map<string, string[]>) => {
    const c: Controle = { naam, verwacht: 0, ontvangen: 0, afwijkingen: [] };
    for (const code of new Set([...verwachting.keys(), ...ontvangen.keys()])) {
      const a = verwachting.get(code) ?? [];
      const b = ontvangen.get(code) ?? [];
      c.verwacht += a.length;
      c.ontvangen += b.length;
      c.afwijkingen.push(...verschil(partij(code), a, b));
    }
    controles.push(c);
  };
  const vreemd: string[] = [];
  const ontvangenDoor = <T>(deelnemers: Map<string, { oin: string }>, kies: (e: Ontvangen, code: string) => T[] | null) => {
    const m = new Map<string, T[]>();
    for (const [code, d] of deelnemers) {
      for (const e of postVan(partijen, verloop, code, d.oin)) {
        const x = kies(e, code);
        if (x) {
          const lijst = m.get(code);
          if (lijst) lijst.push(...x);
          else m.set(code, [...x]);
        }
      }
    }
    return m;
  };

  const signalen = ontvangenDoor(partijen.gemeenten, (e, code) => {
    const type = SIGNAAL_TYPES[e.type];
    if (!type) {
      if (e.type !== JAAROVERZICHT) vreemd.push(`gemeente ${code}: onverwacht bericht ${e.type}`);
      return null;
    }
    const d = e.data as Record<string, string | undefined>;
    if (d.gemeentecode !== code) vreemd.push(`gemeente ${code}: signaal voor gemeente ${d.gemeentecode}`);
    return [[type, d.pgn, d.reden ?? '', d.aanmeldingId ?? '', d.status ?? ''].join('|')];
  });
  per(`signalen per gemeente (§7), ${partijen.rmcEindpunt.gemeenten.length} via het eindpunt van RMC-regio ${partijen.rmcEindpunt.rmc}`, (g) => `gemeente ${g}`, v.signalen, signalen);

  const jaaroverzicht = ontvangenDoor(partijen.gemeenten, (e) => e.type === JAAROVERZICHT
    ? (e.data.aanmeldingen as { pgn: string; aanmeldingId: string; status: string }[]).map((a) => `${a.pgn}|${a.aanmeldingId}|${a.status}`) : null);
  per('jaaroverzicht per gemeente (1 okt)', (g) => `gemeente ${g}`, v.jaaroverzicht, jaaroverzicht);
  const zonderOverzicht = [...v.jaaroverzicht.keys()].filter((g) => !postVan(partijen, verloop, g, partijen.gemeenten.get(g)!.oin).some((e) => e.type === JAAROVERZICHT));
  const rmc = partijen.rmcEindpunt;
  for (const e of verloop.postbus.van(rmc.oin)) if (!rmc.gemeenten.includes(e.data.gemeentecode as string)) vreemd.push(`RMC-eindpunt ${rmc.rmc}: ${e.type} voor gemeente ${e.data.gemeentecode}, die niet delegeert`);
  controles.at(-1)!.afwijkingen.push(...zonderOverzicht.slice(0, 5).map((g) => `gemeente ${g}: geen jaaroverzicht ontvangen`));

  const statussen = ontvangenDoor(partijen.scholen, (e, brin) => {
    if (e.type === AANMELDSTATUS) return [`${e.data.pgn}|${e.data.aanmeldingId}|${e.data.status}`];
    if (!voRegels(e)) vreemd.push(`vo-school ${brin}: onverwacht bericht ${e.type}`);
    return null;
  });
  per('aanmeldstatussen per vo-school (§6, §8)', (b) => `vo-school ${b}`, v.statussen, statussen);
  const lijsten = ontvangenDoor(partijen.scholen, (e) => (e.type === LIJST ? (e.data.leerlingen as { pgn: string }[]).map((l) => l.pgn) : null));
  per('lijst niet-aangemelden per vo-school (1 apr)', (b) => `vo-school ${b}`, v.lijstNietAangemeld, lijsten);
  const herinnerd = ontvangenDoor(partijen.scholen, (e) => (e.type === HERINNERING_VO ? ['herinnering'] : null));
  per(`herinnering leverdatum (2 feb): ${scenario.stilleScholen.size} scholen leveren niets`, (b) => `vo-school ${b}`, new Map([...v.herinneringLeverdatum].map((b) => [b, ['herinnering']])), herinnerd);

  // Spec §10: a supplier's one inbox holds, per school it serves (named in data), what that school receives.
  const perSchool = new Map<string, string[]>();
  for (const brin of partijen.scholen.keys()) {
    perSchool.set(brin, [
      ...(v.statussen.get(brin) ?? []).map((x) => `status|${x}`), ...(v.lijstNietAangemeld.get(brin) ?? []).map((pgn) => `lijst|${pgn}`),
      ...(v.herinneringLeverdatum.has(brin) ? ['herinnering leverdatum'] : []),
    ]);
  }
  const viaLas = new Map<string, string[]>();
  const viaSis = new Map<string, string[]>();
  for (const lev of partijen.leveranciers) {
    for (const e of verloop.postbus.van(lev.oin)) {
      const brinVo = e.data.brinVo as string | undefined;
      const brinMbo = e.data.brinMbo as string | undefined;
      const regels = voRegels(e);
      if (regels && brinVo && partijen.lasVoor.get(brinVo)?.oin === lev.oin) viaLas.set(brinVo, [...(viaLas.get(brinVo) ?? []), ...regels]);
      else if (e.type === HERINNERING_MBO && brinMbo && partijen.sisVoor.get(brinMbo)?.oin === lev.oin) viaSis.set(brinMbo, ['herinnering geen uitwisseling']);
      else vreemd.push(`leverancier ${lev.oin}: onverwacht ${e.type} (${brinVo ?? brinMbo ?? 'geen school'})`);
    }
  }
  per('leveranciersinbox LAS: per school wat de school ontvangt (§10)', (b) => `LAS voor ${b}`, perSchool, viaLas);
  per(`leveranciersinbox SIS: herinnering 1 apr, ${scenario.stilleInstellingen.size} instellingen zonder aanmelding`, (b) => `SIS voor ${b}`, new Map([...v.herinneringGeenUitwisseling].map((b) => [b, ['herinnering geen uitwisseling']])), viaSis);

  // The answer to every message: processed, and the eldersAangemeld flag as the truth has it.
  const antwoorden: Controle = { naam: 'antwoord per bericht (resultaat, eldersAangemeld)', verwacht: scenario.berichten.length, ontvangen: verloop.antwoorden.size, afwijkingen: [] };
  for (const b of scenario.berichten) {
    const a = verloop.antwoorden.get(b);
    if (!a) antwoorden.afwijkingen.push(`geen antwoord op ${b.soort} van ${b.pgn}`);
    // A batch the client had to send again (its first attempt cut off by a fault) may have been processed the first time.
    else if (a.herhaald && a.resultaat === 'DUPLICAAT') continue;
    else if (a.resultaat !== 'VERWERKT') antwoorden.afwijkingen.push(`${b.soort} ${b.pgn} dag ${b.dag}: ${a.resultaat} ${JSON.stringify(a.problemen ?? '')}`);
    else if (b.soort === 'status' && a.eldersAangemeld !== v.elders.get(b)) antwoorden.afwijkingen.push(`${b.aanmeldingId} ${b.status}: eldersAangemeld ${a.eldersAangemeld}, verwacht ${v.elders.get(b)}`);
  }
  antwoorden.afwijkingen = antwoorden.afwijkingen.slice(0, 10);
  controles.push(antwoorden);
  const u = verloop.uploads;
  controles.push({
    naam: `uploads (§11): ${partijen.uploadScholen.size} scholen, ${u.bestanden} bestanden, ${u.bedorven} met een foute regel en een correctie, ${u.herhaald} nog eens`, verwacht: u.bedorven, ontvangen: u.afgewezen,
    afwijkingen: [...u.afwijkingen.slice(0, 10), ...(u.herhaald !== u.herhaaldGelijk ? [`${u.herhaald - u.herhaaldGelijk} keer hetzelfde bestand niet als dezelfde upload beantwoord`] : []), ...(u.correcties !== u.bedorven ? ['niet elke foute regel gecorrigeerd'] : [])],
  });
  const ca = verloop.centraalAanmelden;
  if (ca) {
    const opgehaald = [...ca.opgehaald.values()].reduce((s, x) => s + x.size, 0);
    controles.push({
      naam: `Centraal Aanmelden (§17): ${ca.aanmeldingen} aanmeldingen via ${ca.koppelpunten.length} koppelpunten opgehaald, bevestigd, status terug${ca.herhaald ? `; ${ca.herhaald} na een storing nog eens verstuurd (Idempotency-Key)` : ''}`, verwacht: ca.verwacht, ontvangen: opgehaald,
      afwijkingen: [...(ca.verwacht === 0 ? ['geen aanmeldingen via Centraal Aanmelden'] : []), ...ca.afwijkingen.slice(0, 10)],
    });
  }
  // Spec §19: whatever the number of processes, each milestone ran once, and the audit chain is one chain that verifies.
  const keren = new Map<string, number>();
  for (const m of verloop.mijlpalen) keren.set(m.mijlpaal, (keren.get(m.mijlpaal) ?? 0) + 1);
  const mijlpalen = ['herinnering-leverdatum', 'signalering-aanmelding', 'aanmelddatum', 'signalering-inschrijving', 'jaaroverzicht', 'purge'];
  controles.push({
    naam: 'mijlpalen: elk precies één keer (§3, §19)', verwacht: mijlpalen.length, ontvangen: verloop.mijlpalen.length,
    afwijkingen: [...mijlpalen.filter((m) => keren.get(m) !== 1).map((m) => `${m}: ${keren.get(m) ?? 0} keer`), ...[...keren.keys()].filter((m) => !mijlpalen.includes(m)).map((m) => `onverwacht: ${m}`)],
  });
  const audit = verloop.audit as { ok?: boolean; regels?: number } | null;
  controles.push({ naam: 'auditketen verifieert (§13, §19)', verwacht: 1, ontvangen: audit?.ok ? 1 : 0, afwijkingen: audit?.ok ? [] : [`verificatie: ${JSON.stringify(audit).slice(0, 300)}`] });
  const h = verloop.herhaaldeBatches;
  controles.push({ naam: 'herhaalde batches: alles DUPLICAAT', verwacht: h.berichten, ontvangen: h.duplicaat, afwijkingen: h.berichten === h.duplicaat ? [] : [`${h.berichten - h.duplicaat} herhaalde berichten niet als DUPLICAAT beantwoord`] });

  // The overstapsystemen: only their region's pupils, a notification per status change, the current statuses.
  partijen.overstap.forEach((system, i) => {
    const o = verloop.overstap.get(system.oin)!;
    const meldingen = new Map<string, number>();
    for (const e of verloop.postbus.van(system.oin)) {
      if (e.type === 'nl.vva.overstap.aanmeldstatus-gewijzigd.v1') meldingen.set(e.data.pgn as string, (meldingen.get(e.data.pgn as string) ?? 0) + 1);
      else if (e.type !== JAAROVERZICHT_OVERSTAP) vreemd.push(`overstapsysteem ${system.oin}: onverwacht ${e.type}`);
    }
    const os: Controle = { naam: `overstapsysteem RMC ${system.rmc}: registratie, meldingen, statussen (§9)`, verwacht: 0, ontvangen: 0, afwijkingen: [] };
    if (o.geweigerd !== o.buitenMandaat) os.afwijkingen.push(`${o.buitenMandaat} PGN’s buiten mandaat aangeboden, ${o.geweigerd} geweigerd`);
    for (const [pgn, x] of v.overstap[i]!) {
      os.verwacht += x.meldingen + x.statussen.length;
      const m = meldingen.get(pgn) ?? 0;
      const st = o.statussen.get(pgn) ?? [];
      os.ontvangen += m + st.length;
      if (m !== x.meldingen) os.afwijkingen.push(`overstap ${pgn}: ${m} meldingen, verwacht ${x.meldingen}`);
      if (st.join(',') !== x.statussen.join(',')) os.afwijkingen.push(`overstap ${pgn}: statussen ${st.join(',')}, verwacht ${x.statussen.join(',')}`);
    }
    for (const pgn of meldingen.keys()) if (!v.overstap[i]!.has(pgn)) os.afwijkingen.push(`overstap: melding over niet-geregistreerde ${pgn}`);
    os.afwijkingen = os.afwijkingen.slice(0, 10);
    controles.push(os);
  });

  // Spec §2: the certificate parties' own checks above prove they got what they must; here, that each
  // used its certificate (no token was issued to it) and that the hub refused the two it must not trust.
  const m = verloop.mtls;
  if (m) {
    const zonderVerkeer = [...partijen.certificaat].filter((oin) => !m.perPartij.get(oin)).map((oin) => `${oin}: geen verzoek over zijn certificaat`);
    const nietGeweigerd = m.weigeringen.filter((w) => w.status !== 401 || !w.problem).map((w) => `${w.naam}: ${w.status}${w.problem ? '' : ' zonder problem+json'}, verwacht 401`);
    controles.push({
      naam: `mTLS-clients (§2): ${partijen.certificaat.size} partijen alleen met een client-certificaat, 2 certificaten geweigerd`,
      verwacht: partijen.certificaat.size + 2, ontvangen: partijen.certificaat.size - zonderVerkeer.length + m.weigeringen.length - nietGeweigerd.length,
      afwijkingen: [...zonderVerkeer.slice(0, 5), ...nietGeweigerd, ...(m.weigeringen.length === 2 ? [] : [`${m.weigeringen.length} weigeringen geprobeerd, verwacht 2`])],
    });
  }

  const p = verloop.naPurge;
  const e = v.eindstand;
  controles.push({
    naam: 'purge: geen leerlingen meer; statistiek bewaard en juist (§14, §15)', verwacht: e.potentieel, ontvangen: p.statistiek.potentieel ?? 0,
    afwijkingen: [
      ...(p.leerlingenInOverzicht !== 0 ? [`na de purge nog ${p.leerlingenInOverzicht} leerlingen in overzichten`] : []),
      ...(['potentieel', 'aangemeld', 'ingeschreven'] as const).filter((k) => p.statistiek[k] !== e[k]).map((k) => `statistiek ${k}: ${p.statistiek[k]}, verwacht ${e[k]}`),
    ],
  });
  controles.push({
    naam: 'aflevering: handtekeningen geldig, niets anders ontvangen', verwacht: 0, ontvangen: vreemd.length + verloop.postbus.ongeldigeHandtekening,
    afwijkingen: [...vreemd.slice(0, 10), ...(verloop.postbus.ongeldigeHandtekening ? [`${verloop.postbus.ongeldigeHandtekening} pushes met ongeldige handtekening`] : [])],
  });
  return controles;
}
