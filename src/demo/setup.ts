import { writeFile } from 'node:fs/promises';
import type { AppContext } from '../app/context.ts';
import { DEMO_MANDAAT, DEMO_PARTIJEN } from './parties.ts';
import { setupConsoleDemo, type DemoBeheerder } from '../console/demo.ts';
import { demoToken } from './tokens.ts';
import { setupCentraalAanmeldenDemo } from '../centraal-aanmelden/demo.ts';
import { setupInstellingsbeheerDemo, type DemoInstellingsbeheerder } from '../centraal-aanmelden/instellingsbeheer/demo.ts';

export interface DemoCredentials {
  hub: string;
  partijen: { naam: string; soort: string; oin: string; brin?: string; gemeentecode?: string; token: string }[];
  /** The demo login of the beheer console (the TOTP secret too, so a tester can compute codes). */
  beheer: DemoBeheerder;
  /** The demo administrator of Centraal Aanmelden for the first demo mbo-instelling (password + TOTP). */
  instellingsbeheer: DemoInstellingsbeheerder;
}

/** Creates the demo parties once; each keeps its token across restarts of the same data directory (demo/tokens.ts). */
export async function setupDemo(ctx: AppContext, hubUrl: string, credentialsFile: string): Promise<DemoCredentials> {
  const partijen: DemoCredentials['partijen'] = [];
  for (const p of DEMO_PARTIJEN) {
    if (!(await ctx.identity.getOrganisation(p.oin))) {
      await ctx.identity.addOrganisation({ oin: p.oin, soort: p.soort, naam: p.naam, brin: p.brin, gemeentecode: p.gemeentecode, rmcCode: p.rmcCode }, null);
    }
    const token = await demoToken(ctx, p.oin, p.gebruiker ?? null);
    partijen.push({ naam: p.naam, soort: p.soort, oin: p.oin, ...(p.brin ? { brin: p.brin } : {}), ...(p.gemeentecode ? { gemeentecode: p.gemeentecode } : {}), token });
  }
  const mandaten = await ctx.identity.listMandates(DEMO_MANDAAT.leverancier);
  if (!mandaten.some((m) => m.schoolOin === DEMO_MANDAAT.school)) {
    await ctx.identity.addMandate({ leverancierOin: DEMO_MANDAAT.leverancier, schoolOin: DEMO_MANDAAT.school, van: '2020-01-01' }, null);
  }
  await setupCentraalAanmeldenDemo(ctx, DEMO_PARTIJEN.filter((p) => p.soort === 'mbo-instelling').map((p) => p.brin!));
  const eersteMbo = DEMO_PARTIJEN.find((p) => p.soort === 'mbo-instelling')!.brin!;
  const credentials = { hub: hubUrl, partijen, beheer: await setupConsoleDemo(ctx, hubUrl), instellingsbeheer: await setupInstellingsbeheerDemo(ctx, hubUrl, eersteMbo) };
  await writeFile(credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return credentials;
}
