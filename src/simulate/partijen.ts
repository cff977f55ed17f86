import { randomBytes } from 'node:crypto';
import { schoolOin } from '../identity/oin.ts';
import type { Bronnen } from './bronnen.ts';
import { mapLimit } from '../shared/parallel.ts';
import { unwrap, WebhookVerifier, type paths } from '@open-vva/client';
import { klant as klantVan, type Klant, type WebhookOntvanger } from './ontvanger.ts';
import type { Scenario } from './scenario.ts';

/** Who takes part, with the token each uses and whether it receives by push (webhook) or pull. */
export interface Deelnemer {
  oin: string;
  klant: Klant;
  push: boolean;
}

export interface Partijen {
  /** LAS suppliers that send for the vo-schools, by school BRIN. */
  lasVoor: Map<string, Klant>;
  /** SIS suppliers that send for the mbo-instellingen, by BRIN. */
  sisVoor: Map<string, Klant>;
  scholen: Map<string, Deelnemer>;
  gemeenten: Map<string, Deelnemer>;
  overstap: { klant: Klant; oin: string; rmc: string; scholen: Set<string> };
}

type NieuweOrganisatie = NonNullable<paths['/beheer/organisaties']['post']['requestBody']>['content']['application/json'];

const testOin = (kind: string, n: number | string) => `00000099${kind}${String(n)}`.padEnd(20, '0');
export const gemeenteOin = (code: string) => testOin('1', code);

/**
 * Sets up every party over the beheer API as the operator would: three LAS suppliers mandated by the
 * vo-schools, two SIS suppliers for the mbo-instellingen, every vo-school and gemeente with a token of
 * its own (a third of the schools and two thirds of the gemeenten with a webhook, the rest pulling) and
 * an overstapsysteem mandated by the schools of one RMC region.
 */
export async function zetPartijenOp(hub: string, beheer: Klant, bronnen: Bronnen, scenario: Scenario, ontvanger: WebhookOntvanger, voortgang: () => void): Promise<Partijen> {
  const organisatie = async (o: NieuweOrganisatie) => {
    await unwrap(beheer.POST('/beheer/organisaties', { body: o }));
    const { token } = await unwrap(beheer.POST('/beheer/organisaties/{oin}/tokens', { params: { path: { oin: o.oin } }, body: { label: 'simulatie' } }));
    voortgang();
    return klantVan(hub, token);
  };
  const mandaat = (leverancierOin: string, schoolOin: string) => unwrap(beheer.POST('/beheer/mandaten', { body: { leverancierOin, schoolOin, van: '2026-09-01' } }));
  const webhook = async (oin: string, klant: Klant) => {
    // Standard Webhooks' form (whsec_ + base64 of 24 random bytes), which the client's verifier reads as it is.
    const geheim = `whsec_${randomBytes(24).toString('base64')}`;
    ontvanger.verifiers.set(oin, new WebhookVerifier(geheim));
    await unwrap(klant.PUT('/webhook', { body: { url: `${ontvanger.url}/${oin}`, geheimen: [geheim] } }));
  };

  const las = await Promise.all([1, 2, 3].map((n) => organisatie({ oin: testOin('3', n), soort: 'leverancier', naam: `Simulatie LAS ${n}` })));
  const sis = await Promise.all([4, 5].map((n) => organisatie({ oin: testOin('3', n), soort: 'leverancier', naam: `Simulatie SIS ${n}` })));
  const gebruikt = [...new Set(scenario.leerlingen.flatMap((l) => (l.brinVo ? [l.brinVo] : [])))].sort();
  const rmcVan = new Map(scenario.scholen.map((s) => [s.brin, s.rmc]));
  // The overstapsysteem works for the region with the most schools in the simulation.
  const perRmc = new Map<string, number>();
  for (const b of gebruikt) perRmc.set(rmcVan.get(b)!, (perRmc.get(rmcVan.get(b)!) ?? 0) + 1);
  const rmc = [...perRmc].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const overstapOin = testOin('4', 1);
  const overstapKlant = await organisatie({ oin: overstapOin, soort: 'overstapsysteem', naam: `Overstapsysteem RMC ${bronnen.rmcNamen.get(rmc) ?? rmc}` });

  const lasVoor = new Map<string, Klant>();
  const scholen = new Map<string, Deelnemer>();
  const overstapScholen = new Set<string>();
  await mapLimit(gebruikt, 8, async (brin, i) => {
    const oin = schoolOin(brin);
    const klant = await organisatie({ oin, soort: 'vo-school', naam: `School ${brin}`, brin });
    await mandaat(testOin('3', (i % 3) + 1), oin);
    lasVoor.set(brin, las[i % 3]!);
    const push = i % 3 === 0;
    if (push) await webhook(oin, klant);
    scholen.set(brin, { oin, klant, push });
    if (rmcVan.get(brin) === rmc) {
      await mandaat(overstapOin, oin);
      overstapScholen.add(brin);
    }
  });
  const sisVoor = new Map<string, Klant>();
  await mapLimit(bronnen.mboBrins, 8, async (brin, i) => {
    const oin = schoolOin(brin);
    await unwrap(beheer.POST('/beheer/organisaties', { body: { oin, soort: 'mbo-instelling', naam: `Instelling ${brin}`, brin } }));
    await mandaat(testOin('3', (i % 2) + 4), oin);
    sisVoor.set(brin, sis[i % 2]!);
    voortgang();
  });
  const gemeenten = new Map<string, Deelnemer>();
  await mapLimit([...bronnen.adressen.keys()].sort(), 8, async (code, i) => {
    const oin = gemeenteOin(code);
    const klant = await organisatie({ oin, soort: 'gemeente', naam: `Gemeente ${code}`, gemeentecode: code });
    const push = i % 3 !== 2;
    if (push) await webhook(oin, klant);
    gemeenten.set(code, { oin, klant, push });
  });
  return { lasVoor, sisVoor, scholen, gemeenten, overstap: { klant: overstapKlant, oin: overstapOin, rmc, scholen: overstapScholen } };
}
