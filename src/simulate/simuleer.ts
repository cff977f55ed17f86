import { phaseProgress } from '../cli/progress.ts';
import { loadConfig } from '../config/config.ts';
import { CentraalAanmelden, type CaVerloop } from './centraal.ts';
import type { Bronnen } from './bronnen.ts';
import { unwrap } from '@open-vva/client';
import { Klantfouten } from './klantfouten.ts';
import { klant as klantVan, Postbus, WebhookOntvanger, type Storingsstatistiek, type Gedrag } from './ontvanger.ts';
import { haalOp, haalOverstapStatussen, naarOphalen, naDePurge, registreerOverstap, wachtOpAflevering } from './ophalen.ts';
import { verwacht, type Eindstand, type Verwachting } from './oracle.ts';
import { groupBy } from '../shared/collections.ts';
import { zetPartijenOp, type Partijen } from './partijen.ts';
import type { MeldingBericht, Scenario, SimBericht } from './scenario.ts';
import { uploadRonde, type UploadVerloop } from './uploaden.ts';
import { CA_RONDE, type HubStoringen, type Ingreep } from './storingen.ts';
import { datumVan, dag, LAATSTE_DAG, MIJLPAAL_DAGEN, middagVan } from './tijd.ts';
import type { MtlsVerloop, SimTls } from './tls.ts';
import { rondes, verstuurRonde } from './verzenden.ts';

export interface OverstapVerloop { dag: number; geregistreerd: Set<string>; geweigerd: number; buitenMandaat: number; statussen: Map<string, string[]> }

/** What the run measured and observed; the comparison with the ground truth is in vergelijk.ts. */
export interface Verloop {
  fasen: { naam: string; seconden: number; berichten: number }[];
  /** Milestones the hub reported as run, with their outcome. */
  mijlpalen: { dag: string; mijlpaal: string; uitkomst: unknown }[];
  /** Per message the hub's answer (resultaat, eldersAangemeld); `herhaald`: the client had to send its batch again. */
  antwoorden: Map<SimBericht, { resultaat: string; eldersAangemeld?: boolean; problemen?: unknown; herhaald: boolean }>;
  herhaaldeBatches: { berichten: number; duplicaat: number };
  /** Per overstapsysteem (OIN). */
  overstap: Map<string, OverstapVerloop>;
  naPurge: { leerlingenInOverzicht: number; statistiek: Eindstand<number | null> };
  postbus: Postbus;
  verwachting: Verwachting;
  uploads: UploadVerloop;
  centraalAanmelden: CaVerloop | null;
  /** Mutual TLS (spec §2); null on a hub that is not the simulator's own (`--hub`: no CA, every party by token). */
  mtls: MtlsVerloop | null;
  /** The audit chain as `GET /beheer/audit/verificatie` found it at the end (spec §13, §19). */
  audit: unknown;
  /** Faults: in the hub (kills, cut connections), at the receivers (per behaviour), and the clients' resends. */
  storingen: { ingrepen: Ingreep[]; ontvangers: Map<Gedrag, Storingsstatistiek>; klant: Map<string, number>; klantWachttijdMs: number[]; processen: string[] };
  /** Wall-clock seconds spent in clock moves (milestones, signal engine) and in sending messages. */
  klokSeconden: number;
  verzendSeconden: number;
  klokVerzettingen: number;
}

export interface SimHubToegang {
  url: string;
  beheerToken: string;
  /** The processes whose clock moves (each has its own manual clock); default: the hub's url. */
  klokken?: string[];
  processen?: string[];
  /** The hub of its own's CA and connection pools; without it the clients use the global fetch and tokens only. */
  tls?: SimTls;
}

/** The days on which the hub's clock must stand still for a milestone or a step of the simulator: a group of days never spans one. */
const OVERSTAP_DAG = dag(12, 1);
const GRENZEN = [OVERSTAP_DAG, dag(2, 1), ...Object.values(MIJLPAAL_DAGEN)];

/** Drives the whole cycle over the hub's public API as its clients would, then collects what arrived. */
export async function speelCyclus(hub: SimHubToegang, bronnen: Bronnen, scenario: Scenario, storingen: HubStoringen | null, log: (s: string) => void, opties: { zonderTussenstand?: boolean } = {}): Promise<{ verloop: Verloop; partijen: Partijen }> {
  const fase = phaseProgress(log);
  const fouten = new Klantfouten();
  const beheer = klantVan(hub.url, hub.beheerToken, fouten, hub.tls?.tokenAgent);
  const klokken = (hub.klokken ?? [hub.url]).map((u) => klantVan(u, hub.beheerToken, fouten, hub.tls?.tokenAgent));
  const postbus = new Postbus();
  const ontvanger = await new WebhookOntvanger(postbus).start();
  ontvanger.seed(scenario.seed);
  const verloop: Verloop = {
    fasen: [], mijlpalen: [], antwoorden: new Map(), herhaaldeBatches: { berichten: 0, duplicaat: 0 }, overstap: new Map(),
    naPurge: { leerlingenInOverzicht: -1, statistiek: { potentieel: null, ingeschreven: null, aangemeld: null } }, postbus, verwachting: undefined as unknown as Verwachting,
    storingen: { ingrepen: storingen?.ingrepen ?? [], ontvangers: ontvanger.statistiek, klant: fouten.herhaald, klantWachttijdMs: fouten.wachttijdMs, processen: hub.processen ?? [] },
    klokSeconden: 0, verzendSeconden: 0, klokVerzettingen: 0, audit: null, centraalAanmelden: null, mtls: null,
    uploads: { bestanden: 0, rijen: 0, bedorven: 0, afgewezen: 0, correcties: 0, herhaald: 0, herhaaldGelijk: 0, afwijkingen: [] },
  };
  const gemeten = async <T>(naam: string, berichten: () => number, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    verloop.fasen.push({ naam, seconden: (performance.now() - t0) / 1000, berichten: berichten() });
    return r;
  };
  let nu = middagVan(-1);

  let partijen: Partijen;
  try {
    const aantalPartijen = new Set(scenario.leerlingen.map((l) => l.brinVo)).size + bronnen.adressen.size + bronnen.mboBrins.length + 7;
    let p = fase('opzet: partijen, tokens, webhooks', aantalPartijen, 'partijen');
    partijen = await gemeten('opzet van de partijen', () => 0, () => zetPartijenOp(hub.url, hub.tls ?? null, beheer, bronnen, scenario, ontvanger, fouten, storingen !== null, () => p.increment()));
    p.stop();
    // Once, before any traffic: a certificate the hub must not trust, and one it trusts for an OIN it does not know.
    if (hub.tls) verloop.mtls = { perPartij: new Map(), weigeringen: await hub.tls.weigeringen(hub.url, partijen.leveranciers[1]!.oin), verzoeken: { token: 0, certificaat: 0, verbindingen: 0 } };
    const ca = new CentraalAanmelden(partijen.centraalAanmelden, beheer, partijen, [...bronnen.adressen.values()][0]![0]!);
    await ca.zetOp(loadConfig().referenceDir, scenario.stilleInstellingen);
    verloop.centraalAanmelden = ca.verloop;
    for (const os of partijen.overstap) verloop.overstap.set(os.oin, { dag: OVERSTAP_DAG, geregistreerd: new Set(), geweigerd: 0, buitenMandaat: 0, statussen: new Map() });
    // The purge moves two weeks past the jaaroverzicht, so pulling parties can fetch it first (spec §14).
    await unwrap(beheer.PUT('/beheer/kalender/{cyclus}', { params: { path: { cyclus: 2027 } }, body: { mijlpalen: { purge: datumVan(MIJLPAAL_DAGEN.purge) } } }));

    const perDag = groupBy(scenario.berichten, (b) => String(b.dag));
    const alleDagen = [...perDag.keys()].map(Number).sort((a, b) => a - b);
    // The clock moves once per group of days (never across a milestone); a group's messages go in rounds
    // of at most one per pupil, the hub drained between rounds, so each pupil's story keeps its order.
    const schema = periodes().map(([naam, van, tot]) => ({
      naam,
      groepen: groepeer(alleDagen.filter((d) => d >= van && d <= tot)).map((groep) => ({ groep, rondes: rondes(groep.flatMap((d) => perDag.get(String(d))!)) })),
    }));
    const alleRondes = schema.flatMap((f) => f.groepen.flatMap((g) => g.rondes.map((_, k) => `${g.groep[0]}:${k}`)));
    storingen?.plan(alleRondes.slice(1), storingen.aantal.kills, storingen.aantal.verbrekingen);
    let volgnummer = 0;
    let rondeNummer = 0;
    for (const { naam, groepen } of schema) {
      const aantal = groepen.reduce((s, g) => s + g.rondes.reduce((t, r) => t + r.length, 0), 0);
      p = fase(naam, aantal, 'berichten');
      await gemeten(naam, () => aantal, async () => {
        for (const { groep, rondes: lijst } of groepen) {
          await zetKlok(groep.at(-1)!);
          if (groep[0]! >= OVERSTAP_DAG && [...verloop.overstap.values()].every((o) => o.geregistreerd.size === 0)) await registreerOverstap(partijen, scenario, verloop, groep[0]!);
          for (const [k, ronde] of lijst.entries()) {
            // Before a pupil's next message the hub has distributed its previous one (a move to the same time drains):
            // the hub's signals depend on how far distribution lags behind intake (docs/simulatie/README.md, "Finding").
            if (k > 0 && !opties.zonderTussenstand) await zetKlok(groep.at(-1)!);
            const t0 = performance.now();
            // Every fifth round one batch goes twice.
            const verkeer = () => verstuurRonde(partijen, ronde, verloop, () => volgnummer++, rondeNummer++ % 5 === 0);
            await (storingen ? storingen.tijdens(`${groep[0]}:${k}`, datumVan(ronde[0]!.dag), nu, verkeer) : verkeer());
            // Files after the API traffic, outside the fault: an upload cut off in the hub is not resumed (it is the sender's to send again).
            const bestanden = ronde.filter((b): b is MeldingBericht => b.soort === 'melding' && partijen.uploadScholen.has(b.brinVo));
            if (bestanden.length) await uploadRonde(partijen, bestanden, verloop, () => volgnummer++);
            if (k === 0 && groep[0]! >= dag(2, 1)) {
              const stap = () => ca.volgendeStap(groep[0]!, () => volgnummer++);
              // Its registrations (the first step) within a fault of their own (storingen.ts).
              await (storingen && ca.registreertNu() ? storingen.tijdens(CA_RONDE, datumVan(groep[0]!), nu, stap) : stap());
            }
            verloop.verzendSeconden += (performance.now() - t0) / 1000;
            p.increment(ronde.length);
          }
        }
        await haalOp(partijen, postbus, ontvanger);
      });
      p.stop();
    }

    p = fase('jaaroverzicht, aflevering, ophalen', 1, 'stappen');
    await gemeten('jaaroverzicht, aflevering en ophalen', () => 0, async () => {
      // The overstapsystemen read the statuses while the cycle is current (on 1 Oct the next one starts).
      await haalOverstapStatussen(partijen, verloop);
      await zetKlok(LAATSTE_DAG + 1);
      await ca.controleer();
      await wachtOpAflevering(beheer, () => naarOphalen(partijen, ontvanger));
      await haalOp(partijen, postbus, ontvanger);
    });
    p.increment();
    p.stop();

    await zetKlok(MIJLPAAL_DAGEN.purge);
    verloop.naPurge = await naDePurge(partijen, beheer);
    verloop.audit = await unwrap(beheer.GET('/beheer/audit/verificatie'));
    if (hub.tls && verloop.mtls) Object.assign(verloop.mtls, { perPartij: await hub.tls.perPartij(), verzoeken: await hub.tls.verzoeken() });
  } finally {
    await ontvanger.stop();
  }
  verloop.verwachting = verwacht(scenario, [...verloop.overstap.values()].map((o) => ({ dag: o.dag, pgns: o.geregistreerd })));
  return { verloop, partijen };

  /** Every process's clock, the first one first: it runs the milestones the move passes, the others find them done. */
  async function zetKlok(d: number) {
    const t0 = performance.now();
    nu = middagVan(d);
    for (const k of klokken) {
      const r = await unwrap(k.PUT('/beheer/klok', { body: { nu } }));
      for (const u of r.uitgevoerd) verloop.mijlpalen.push({ dag: datumVan(d), mijlpaal: u.mijlpaal, uitkomst: u.uitkomst });
    }
    verloop.klokSeconden += (performance.now() - t0) / 1000;
    verloop.klokVerzettingen++;
  }
}

const periodes = (): [string, number, number][] => [
  ['okt–jan: scholen melden mbo-gangers', 0, dag(1, 31)],
  ['feb: aanmelden, leverdatum 1 feb', dag(2, 1), dag(2, 28)],
  ['1 mrt–14 jun: signalering aanmelding', dag(3, 1), dag(6, 14)],
  ['15 jun–30 sep: signalering inschrijving', dag(6, 15), LAATSTE_DAG],
];

/** Consecutive days with messages, cut at every boundary (GRENZEN). */
function groepeer(dagen: number[]): number[][] {
  const groepen: number[][] = [];
  for (const d of dagen) {
    const laatste = groepen.at(-1);
    const over = laatste && GRENZEN.some((g) => laatste[0]! < g && d >= g);
    if (!laatste || over) groepen.push([d]);
    else laatste.push(d);
  }
  return groepen;
}
