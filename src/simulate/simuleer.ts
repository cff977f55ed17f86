import { randomUUID } from 'node:crypto';
import { phaseProgress } from '../cli/progress.ts';
import type { Bronnen } from './bronnen.ts';
import { pullBerichten, unwrap, type paths } from '@open-vva/client';
import { klant as klantVan, Postbus, WebhookOntvanger, type Klant } from './ontvanger.ts';
import { verwacht, type Eindstand, type Verwachting } from './oracle.ts';
import { groupBy } from '../shared/collections.ts';
import { mapLimit } from '../shared/parallel.ts';
import { zetPartijenOp, type Partijen } from './partijen.ts';
import type { MeldingBericht, Scenario, SimBericht, StatusBericht } from './scenario.ts';
import { datumVan, dag, LAATSTE_DAG, MIJLPAAL_DAGEN, middagVan, tijdstipVan } from './tijd.ts';

/** What the run measured and observed; the comparison with the ground truth is in vergelijk.ts. */
export interface Verloop {
  fasen: { naam: string; seconden: number; berichten: number }[];
  /** Milestones the hub reported as run, with their outcome. */
  mijlpalen: { dag: string; mijlpaal: string; uitkomst: unknown }[];
  /** Per message the hub's answer (resultaat, eldersAangemeld). */
  antwoorden: Map<SimBericht, { resultaat: string; eldersAangemeld?: boolean; problemen?: unknown }>;
  herhaaldeBatches: { berichten: number; duplicaat: number };
  overstap: { dag: number; geregistreerd: Set<string>; geweigerd: number; buitenMandaat: number; statussen: Map<string, string[]> };
  naPurge: { leerlingenInOverzicht: number; statistiek: Eindstand<number | null> };
  postbus: Postbus;
  verwachting: Verwachting;
  /** Wall-clock seconds spent in clock moves (milestones, signal engine) and in sending messages. */
  klokSeconden: number;
  verzendSeconden: number;
}

const BATCH = 1000;
const PARALLEL = 4;
const OVERSTAP_DAG = dag(12, 1);

/** Drives the whole cycle over the hub's public API as its clients would, then collects what arrived. */
export async function speelCyclus(hub: { url: string; beheerToken: string }, bronnen: Bronnen, scenario: Scenario, log: (s: string) => void): Promise<{ verloop: Verloop; partijen: Partijen }> {
  const fase = phaseProgress(log);
  const beheer = klantVan(hub.url, hub.beheerToken);
  const postbus = new Postbus();
  const ontvanger = await new WebhookOntvanger(postbus).start();
  const verloop: Verloop = {
    fasen: [], mijlpalen: [], antwoorden: new Map(), herhaaldeBatches: { berichten: 0, duplicaat: 0 },
    overstap: { dag: OVERSTAP_DAG, geregistreerd: new Set(), geweigerd: 0, buitenMandaat: 0, statussen: new Map() },
    naPurge: { leerlingenInOverzicht: -1, statistiek: { potentieel: null, ingeschreven: null, aangemeld: null } }, postbus, verwachting: undefined as unknown as Verwachting, klokSeconden: 0, verzendSeconden: 0,
  };
  const gemeten = async <T>(naam: string, berichten: () => number, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    verloop.fasen.push({ naam, seconden: (performance.now() - t0) / 1000, berichten: berichten() });
    return r;
  };

  let partijen: Partijen;
  try {
    const aantalPartijen = new Set(scenario.leerlingen.map((l) => l.brinVo)).size + bronnen.adressen.size + bronnen.mboBrins.length + 6;
    let p = fase('opzet: partijen, tokens, webhooks', aantalPartijen, 'partijen');
    partijen = await gemeten('opzet van de partijen', () => 0, () => zetPartijenOp(hub.url, beheer, bronnen, scenario, ontvanger, () => p.increment()));
    p.stop();
    // The purge moves two weeks past the jaaroverzicht, so pulling parties can fetch it first (spec §14).
    await unwrap(beheer.PUT('/beheer/kalender/{cyclus}', { params: { path: { cyclus: 2027 } }, body: { mijlpalen: { purge: datumVan(MIJLPAAL_DAGEN.purge) } } }));

    const perDag = groupBy(scenario.berichten, (b) => String(b.dag));
    const periodes: [string, number, number][] = [
      ['okt–jan: scholen melden mbo-gangers', 0, dag(1, 31)],
      ['feb: aanmelden, leverdatum 1 feb', dag(2, 1), dag(2, 28)],
      ['1 mrt–14 jun: signalering aanmelding', dag(3, 1), dag(6, 14)],
      ['15 jun–30 sep: signalering inschrijving', dag(6, 15), LAATSTE_DAG],
    ];
    let volgnummer = 0;
    for (const [naam, van, tot] of periodes) {
      const dagen = [...perDag.keys()].map(Number).filter((d) => d >= van && d <= tot).sort((a, b) => a - b);
      const aantal = dagen.reduce((s, d) => s + perDag.get(String(d))!.length, 0);
      p = fase(naam, aantal, 'berichten');
      await gemeten(naam, () => aantal, async () => {
        for (const d of dagen) {
          await zetKlok(d);
          if (d >= OVERSTAP_DAG && verloop.overstap.geregistreerd.size === 0) await registreerOverstap(partijen, scenario, verloop, d);
          const t0 = performance.now();
          await verstuurDag(partijen, perDag.get(String(d))!, d, verloop, () => volgnummer++);
          verloop.verzendSeconden += (performance.now() - t0) / 1000;
          p.increment(perDag.get(String(d))!.length);
        }
        await haalOp(partijen, postbus);
      });
      p.stop();
    }

    p = fase('jaaroverzicht, aflevering, ophalen', 1, 'stappen');
    await gemeten('jaaroverzicht, aflevering en ophalen', () => 0, async () => {
      // The overstapsysteem reads the statuses while the cycle is current (on 1 Oct the next one starts).
      await haalOverstapStatussen(partijen, verloop);
      await zetKlok(LAATSTE_DAG + 1);
      await wachtOpAflevering(beheer);
      await haalOp(partijen, postbus);
    });
    p.increment();
    p.stop();

    await zetKlok(MIJLPAAL_DAGEN.purge);
    verloop.naPurge = await naDePurge(partijen, beheer);
  } finally {
    await ontvanger.stop();
  }
  verloop.verwachting = verwacht(scenario, { dag: verloop.overstap.dag, pgns: verloop.overstap.geregistreerd });
  return { verloop, partijen };

  async function zetKlok(d: number) {
    const t0 = performance.now();
    const r = await unwrap(beheer.PUT('/beheer/klok', { body: { nu: middagVan(d) } }));
    verloop.klokSeconden += (performance.now() - t0) / 1000;
    for (const u of r.uitgevoerd) verloop.mijlpalen.push({ dag: datumVan(d), mijlpaal: u.mijlpaal, uitkomst: u.uitkomst });
  }
}

/** One day's messages: per supplier in batches of 1,000, a few batches sent twice (a retry after a timeout). */
async function verstuurDag(partijen: Partijen, berichten: SimBericht[], d: number, verloop: Verloop, seq: () => number) {
  // A LAS sends mbo-gangerberichten and a SIS aanmeldstatusberichten; no supplier sends both.
  const perAfzender = new Map<Klant, SimBericht[]>();
  for (const b of berichten) {
    const klant = b.soort === 'melding' ? partijen.lasVoor.get(b.brinVo)! : partijen.sisVoor.get(b.brinMbo)!;
    const lijst = perAfzender.get(klant) ?? [];
    lijst.push(b);
    perAfzender.set(klant, lijst);
  }
  const batches: { stuur: () => Promise<Resultaten>; berichten: SimBericht[] }[] = [];
  for (const [klant, lijst] of perAfzender) {
    for (let i = 0; i < lijst.length; i += BATCH) {
      const deel = lijst.slice(i, i + BATCH);
      const meldingen = deel.flatMap((b) => (b.soort === 'melding' ? [meldingJson(b, d, seq())] : []));
      const statussen = deel.flatMap((b) => (b.soort === 'status' ? [statusJson(b, d, seq())] : []));
      // The body is made once: a batch sent again carries the same berichtIds.
      const stuur = meldingen.length > 0
        ? () => unwrap(klant.POST('/mbo-gangerberichten', { body: { berichten: meldingen } }))
        : () => unwrap(klant.POST('/aanmeldstatusberichten', { body: { berichten: statussen } }));
      batches.push({ stuur, berichten: deel });
    }
  }
  await mapLimit(batches, PARALLEL, async (batch) => {
    const r = await batch.stuur();
    r.resultaten.forEach((res, i) => verloop.antwoorden.set(batch.berichten[i]!, res));
    // Every 37th day one batch again: the hub must answer DUPLICAAT for each and change nothing.
    if (d % 37 === 0 && batch === batches[0]) {
      const again = await batch.stuur();
      verloop.herhaaldeBatches.berichten += again.resultaten.length;
      verloop.herhaaldeBatches.duplicaat += again.resultaten.filter((x) => x.resultaat === 'DUPLICAAT').length;
    }
  });
}

type Resultaten = paths['/aanmeldstatusberichten']['post']['responses'][200]['content']['application/json'] | paths['/mbo-gangerberichten']['post']['responses'][200]['content']['application/json'];
type Melding = paths['/mbo-gangerberichten']['post']['requestBody']['content']['application/json']['berichten'][number];
type Status = paths['/aanmeldstatusberichten']['post']['requestBody']['content']['application/json']['berichten'][number];

const adres = (a: MeldingBericht['adres']) => (a ? { postcode: a.postcode, huisnummer: a.huisnummer } : {});

function meldingJson(b: MeldingBericht, d: number, seq: number): Melding {
  return {
    berichtId: randomUUID(), tijdstip: tijdstipVan(d, seq), pgn: b.pgn, brinVo: b.brinVo, ...adres(b.adres),
    ...(b.woonland !== '6030' ? { woonland: b.woonland } : {}), mboGanger: b.mboGanger, ...(b.redenNee ? { redenNee: b.redenNee } : {}),
  };
}

function statusJson(s: StatusBericht, d: number, seq: number): Status {
  return {
    berichtId: randomUUID(), tijdstip: tijdstipVan(d, seq), pgn: s.pgn, aanmeldingId: s.aanmeldingId, brinMbo: s.brinMbo, ...(s.brinVo ? { brinVo: s.brinVo } : {}), vooropleiding: s.vooropleiding, leertraject: s.leertraject,
    leeftijdscategorie: s.leeftijdscategorie, startkwalificatie: s.startkwalificatie, status: s.status, ...adres(s.adres), ...(s.crebo ? { crebo: s.crebo } : {}),
  };
}

/** The overstapsysteem registers the pupils its schools reported so far, and tries a few it may not follow. */
async function registreerOverstap(partijen: Partijen, scenario: Scenario, verloop: Verloop, d: number) {
  const eigen = new Set<string>();
  const vreemd = new Set<string>();
  for (const b of scenario.berichten) {
    if (b.dag >= d) break;
    if (b.soort !== 'melding') continue;
    if (partijen.overstap.scholen.has(b.brinVo)) eigen.add(b.pgn);
    else if (vreemd.size < 25) vreemd.add(b.pgn);
  }
  const pgns = [...eigen, ...[...vreemd].filter((x) => !eigen.has(x))];
  for (let i = 0; i < pgns.length; i += 1000) {
    const r = await unwrap(partijen.overstap.klant.POST('/overstapsystemen/identiteiten', { body: { pgns: pgns.slice(i, i + 1000) } }));
    for (const x of r.resultaten) {
      if (x.resultaat === 'GEREGISTREERD') verloop.overstap.geregistreerd.add(x.pgn);
      else verloop.overstap.geweigerd++;
    }
  }
  verloop.overstap.buitenMandaat = pgns.length - eigen.size;
  // Registered PGNs the system had no right to are caught in the comparison (vergelijk.ts).
  verloop.overstap.dag = d;
}

async function haalOverstapStatussen(partijen: Partijen, verloop: Verloop) {
  const pgns = [...verloop.overstap.geregistreerd];
  for (let i = 0; i < pgns.length; i += 1000) {
    const r = await unwrap(partijen.overstap.klant.POST('/overstapsystemen/statussen', { body: { pgns: pgns.slice(i, i + 1000) } }));
    for (const l of r.leerlingen) verloop.overstap.statussen.set(l.pgn, l.aanmeldingen.map((a) => `${a.brinMbo}|${a.status}`).sort());
  }
}

/** Every pulling party empties its inbox; the cursor acknowledges what it fetched. */
async function haalOp(partijen: Partijen, postbus: Postbus) {
  const trekkers = [...partijen.scholen.values(), ...partijen.gemeenten.values()].filter((d) => !d.push);
  trekkers.push({ oin: partijen.overstap.oin, klant: partijen.overstap.klant, push: false });
  await mapLimit(trekkers, 8, async ({ oin, klant }) => {
    let na: string | undefined;
    for await (const pagina of pullBerichten(klant, { limit: 1000 })) {
      for (const e of pagina.berichten) postbus.leg(oin, { id: e.id, type: e.type, time: e.time, data: e.data });
      na = pagina.volgende;
    }
    // acknowledge the last page
    if (na) await unwrap(klant.GET('/berichten', { params: { query: { limit: 1, na } } }));
  });
}

/** Push is asynchronous: wait until the hub has no delivery waiting (beheer view). */
async function wachtOpAflevering(beheer: Klant) {
  const deadline = Date.now() + 30 * 60_000;
  let leeg = 0;
  while (leeg < 2) {
    const r = await unwrap(beheer.GET('/beheer/afleveringen', { params: { query: { status: 'wacht', limit: 1 } } }));
    leeg = r.afleveringen.length === 0 ? leeg + 1 : 0;
    if (Date.now() > deadline) throw new Error('afleveringen bleven 30 minuten wachten');
    await new Promise((r) => setTimeout(r, 500));
  }
  const dood = await unwrap(beheer.GET('/beheer/afleveringen', { params: { query: { status: 'dode-letter', limit: 1 } } }));
  if (dood.afleveringen.length > 0) throw new Error('er staan afleveringen in de dode-letterlijst');
}

/** After the purge the schools' overviews hold no pupils; the aggregates remain (spec §14, §15). */
async function naDePurge(partijen: Partijen, beheer: Klant) {
  let leerlingenInOverzicht = 0;
  for (const [brin, school] of [...partijen.scholen].slice(0, 25)) {
    const r = await unwrap(school.klant.GET('/vo-scholen/{brin}/overzicht', { params: { path: { brin }, query: { cyclus: 2027 } } }));
    leerlingenInOverzicht += r.leerlingen.length;
  }
  const stats = await unwrap(beheer.GET('/statistieken', { params: { query: { niveau: 'nationaal', cyclus: 2027 } } }));
  const cel = stats.reeks.at(-1)?.indicatoren ?? {};
  const getal = (v: unknown) => (typeof v === 'number' ? v : null);
  return { leerlingenInOverzicht, statistiek: { potentieel: getal(cel.potentieleMboGangers), ingeschreven: getal(cel.ingeschreven), aangemeld: getal(cel.aangemeld) } };
}
