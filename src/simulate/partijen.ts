import { randomBytes } from 'node:crypto';
import { schoolOin } from '../identity/oin.ts';
import type { Bronnen } from './bronnen.ts';
import { mapLimit } from '../shared/parallel.ts';
import { unwrap, WebhookVerifier, type paths } from '@open-vva/client';
import type { Klantfouten } from './klantfouten.ts';
import { klant as klantVan, STORENDE_GEDRAGINGEN, type Gedrag, type Klant, type WebhookOntvanger } from './ontvanger.ts';
import type { Scenario } from './scenario.ts';
import type { SimTls } from './tls.ts';

/** Who takes part, with the client each uses (its token or its certificate) and whether it receives by push (webhook) or pull. */
export interface Deelnemer {
  oin: string;
  klant: Klant;
  push: boolean;
}

export interface Overstapsysteem {
  klant: Klant;
  oin: string;
  rmc: string;
  scholen: Set<string>;
}

export interface Partijen {
  /** LAS suppliers that send for the vo-schools, by school BRIN; each pulls one inbox for all its schools (spec §10). */
  lasVoor: Map<string, Deelnemer>;
  /** SIS suppliers that send for the mbo-instellingen, by BRIN; they pull their inbox too. */
  sisVoor: Map<string, Deelnemer>;
  leveranciers: Deelnemer[];
  scholen: Map<string, Deelnemer>;
  gemeenten: Map<string, Deelnemer>;
  /** Two overstapsystemen, each mandated by the schools of its RMC region. */
  overstap: Overstapsysteem[];
  /** The Centraal Aanmelden front end (spec §17). */
  centraalAanmelden: Klant;
  /** vo-schools without an API link: they upload their messages as CSV files themselves (spec §11). */
  uploadScholen: Set<string>;
  /** The RMC region whose gemeenten all chose its endpoint: their Deelnemer is the region's (one inbox, signals per gemeente). */
  rmcEindpunt: { rmc: string; oin: string; gemeenten: string[] };
  /** The parties (OIN) that authenticate by client certificate alone (spec §2): no token was issued to them. */
  certificaat: Set<string>;
}

type NieuweOrganisatie = NonNullable<paths['/beheer/organisaties']['post']['requestBody']>['content']['application/json'];

const testOin = (kind: string, n: number | string) => `00000099${kind}${String(n)}`.padEnd(20, '0');
export const gemeenteOin = (code: string) => testOin('1', code);

/** Which pushing parties misbehave, and how: with faults on, one in eight, the four faults in turn (by OIN, so the same in every run). */
function gedragVan(oin: string, storingen: boolean): Gedrag {
  const h = [...oin].reduce((s, c) => (s * 31 + c.charCodeAt(0)) >>> 0, 7);
  return storingen && h % 8 === 3 ? STORENDE_GEDRAGINGEN[Math.floor(h / 8) % STORENDE_GEDRAGINGEN.length]! : 'goed';
}

/**
 * Sets up every party over the beheer API as the operator would: three LAS suppliers mandated by the
 * vo-schools, two SIS suppliers for the mbo-instellingen, every vo-school and gemeente with credentials of
 * its own (a third of the schools and two thirds of the gemeenten with a webhook, the rest pulling) and
 * two overstapsystemen, each mandated by the schools of one RMC region. With a CA of its own (`tls`),
 * some parties get no token but a client certificate: one LAS, one SIS, one overstapsysteem, a quarter
 * of the gemeenten and a seventh of the vo-schools (pushing, pulling and uploading ones among them).
 */
export async function zetPartijenOp(hub: string, tls: SimTls | null, beheer: Klant, bronnen: Bronnen, scenario: Scenario, ontvanger: WebhookOntvanger, fouten: Klantfouten, storingen: boolean, voortgang: () => void): Promise<Partijen> {
  const certificaat = new Set<string>();
  const organisatie = async (o: NieuweOrganisatie, perCertificaat = false) => {
    await unwrap(beheer.POST('/beheer/organisaties', { body: o }));
    if (tls && perCertificaat) {
      certificaat.add(o.oin);
      voortgang();
      return klantVan(hub, null, fouten, await tls.certificaat(o.oin, o.naam));
    }
    const { token } = await unwrap(beheer.POST('/beheer/organisaties/{oin}/tokens', { params: { path: { oin: o.oin } }, body: { label: 'simulatie' } }));
    voortgang();
    return klantVan(hub, token, fouten, tls?.tokenAgent);
  };
  const mandaat = (leverancierOin: string, schoolOin: string) => unwrap(beheer.POST('/beheer/mandaten', { body: { leverancierOin, schoolOin, van: '2026-09-01' } }));
  const webhook = async (oin: string, klant: Klant) => {
    // Standard Webhooks' form (whsec_ + base64 of 24 random bytes), which the client's verifier reads as it is.
    const geheim = `whsec_${randomBytes(24).toString('base64')}`;
    ontvanger.verifiers.set(oin, new WebhookVerifier(geheim));
    const gedrag = gedragVan(oin, storingen);
    ontvanger.gedrag.set(oin, gedrag);
    ontvanger.stat(gedrag).eindpunten++;
    await unwrap(klant.PUT('/webhook', { body: { url: `${ontvanger.url}/${oin}`, geheimen: [geheim] } }));
  };

  // The second LAS, the second SIS and the second overstapsysteem by certificate; the others by token.
  const leverancier = async (n: number, naam: string): Promise<Deelnemer> => {
    const oin = testOin('3', n);
    return { oin, klant: await organisatie({ oin, soort: 'leverancier', naam }, n === 2 || n === 5), push: false };
  };
  const las = await Promise.all([1, 2, 3].map((n) => leverancier(n, `Simulatie LAS ${n}`)));
  const sis = await Promise.all([4, 5].map((n) => leverancier(n, `Simulatie SIS ${n}`)));
  const gebruikt = [...new Set(scenario.leerlingen.flatMap((l) => (l.brinVo ? [l.brinVo] : [])))].sort();
  const rmcVan = new Map(scenario.scholen.map((s) => [s.brin, s.rmc]));
  // The overstapsystemen work for the two regions with the most schools in the simulation.
  const perRmc = new Map<string, number>();
  for (const b of gebruikt) perRmc.set(rmcVan.get(b)!, (perRmc.get(rmcVan.get(b)!) ?? 0) + 1);
  const regios = [...perRmc].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 2).map(([rmc]) => rmc);
  const overstap: Overstapsysteem[] = await Promise.all(regios.map(async (rmc, i) => {
    const oin = testOin('4', i + 1);
    return { oin, rmc, scholen: new Set<string>(), klant: await organisatie({ oin, soort: 'overstapsysteem', naam: `Overstapsysteem RMC ${bronnen.rmcNamen.get(rmc) ?? rmc}` }, i === 1) };
  }));

  // Every 15th school uploads files instead of its LAS calling the API (a silent school sends nothing either way).
  const uploadScholen = new Set(gebruikt.filter((b, i) => i % 15 === 4 && !scenario.stilleScholen.has(b)));
  const lasVoor = new Map<string, Deelnemer>();
  const scholen = new Map<string, Deelnemer>();
  await mapLimit(gebruikt, 16, async (brin, i) => {
    const oin = schoolOin(brin);
    // i % 7 === 4: every third of them pushes, and one upload school in seven (i % 15 === 4) is among them.
    const klant = await organisatie({ oin, soort: 'vo-school', naam: `School ${brin}`, brin }, i % 7 === 4);
    await mandaat(las[i % 3]!.oin, oin);
    lasVoor.set(brin, las[i % 3]!);
    const push = i % 3 === 0;
    if (push) await webhook(oin, klant);
    scholen.set(brin, { oin, klant, push });
    const os = overstap.find((o) => o.rmc === rmcVan.get(brin));
    if (os) {
      await mandaat(os.oin, oin);
      os.scholen.add(brin);
    }
  });
  const sisVoor = new Map<string, Deelnemer>();
  await mapLimit(bronnen.mboBrins, 16, async (brin, i) => {
    const oin = schoolOin(brin);
    await unwrap(beheer.POST('/beheer/organisaties', { body: { oin, soort: 'mbo-instelling', naam: `Instelling ${brin}`, brin } }));
    await mandaat(sis[i % 2]!.oin, oin);
    sisVoor.set(brin, sis[i % 2]!);
    voortgang();
  });
  // One region (the largest without an overstapsysteem) has its gemeenten delegate their signals to the RMC's endpoint.
  const gemeentenPerRmc = new Map<string, string[]>();
  for (const g of bronnen.adressen.keys()) gemeentenPerRmc.set(bronnen.rmcVanGemeente.get(g) ?? '', [...(gemeentenPerRmc.get(bronnen.rmcVanGemeente.get(g) ?? '') ?? []), g]);
  const [rmcDelegatie, gedelegeerd] = [...gemeentenPerRmc].filter(([r]) => r && !regios.includes(r)).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
  const rmcOin = testOin('5', 1);
  const rmcKlant = await organisatie({ oin: rmcOin, soort: 'rmc-regio', naam: `RMC-regio ${bronnen.rmcNamen.get(rmcDelegatie) ?? rmcDelegatie}`, rmcCode: rmcDelegatie });
  await webhook(rmcOin, rmcKlant);
  const rmcDeelnemer: Deelnemer = { oin: rmcOin, klant: rmcKlant, push: true };
  const gemeenten = new Map<string, Deelnemer>();
  await mapLimit([...bronnen.adressen.keys()].sort(), 16, async (code, i) => {
    if (gedelegeerd.includes(code)) {
      await unwrap(beheer.POST('/beheer/organisaties', { body: { oin: gemeenteOin(code), soort: 'gemeente', naam: `Gemeente ${code}`, gemeentecode: code } }));
      await unwrap(beheer.PUT('/beheer/gemeenten/{code}/eindpunt', { params: { path: { code } }, body: { ontvangerOin: rmcOin } }));
      gemeenten.set(code, rmcDeelnemer);
      return voortgang();
    }
    const oin = gemeenteOin(code);
    const klant = await organisatie({ oin, soort: 'gemeente', naam: `Gemeente ${code}`, gemeentecode: code }, i % 4 === 1);
    const push = i % 3 !== 2;
    if (push) await webhook(oin, klant);
    gemeenten.set(code, { oin, klant, push });
  });
  const centraalAanmelden = await organisatie({ oin: testOin('6', 1), soort: 'centraal-aanmelden', naam: 'Centraal Aanmelden (simulatie)' });
  return { lasVoor, sisVoor, leveranciers: [...las, ...sis], scholen, gemeenten, overstap, uploadScholen, centraalAanmelden, rmcEindpunt: { rmc: rmcDelegatie, oin: rmcOin, gemeenten: gedelegeerd.sort() }, certificaat };
}
