import { writeFile } from 'node:fs/promises';
import type { AppContext } from '../app/context.ts';
import { DEMO_MANDAAT, DEMO_PARTIJEN } from './parties.ts';
import { setupConsoleDemo, type DemoBeheerder } from '../console/demo.ts';

export interface DemoCredentials {
  hub: string;
  partijen: { naam: string; soort: string; oin: string; brin?: string; gemeentecode?: string; token: string }[];
  /** The demo login of the beheer console (the TOTP secret too, so a tester can compute codes). */
  beheer: DemoBeheerder;
}

const DEMO_LABEL = 'demo';

/**
 * Creates the demo parties once and gives each a fresh token on every start (tokens are stored
 * hashed, so earlier ones cannot be shown again; the previous demo tokens are revoked).
 */
export async function setupDemo(ctx: AppContext, hubUrl: string, credentialsFile: string): Promise<DemoCredentials> {
  const partijen: DemoCredentials['partijen'] = [];
  for (const p of DEMO_PARTIJEN) {
    if (!(await ctx.identity.getOrganisation(p.oin))) {
      await ctx.identity.addOrganisation({ oin: p.oin, soort: p.soort, naam: p.naam, brin: p.brin, gemeentecode: p.gemeentecode, rmcCode: p.rmcCode }, null);
    }
    await ctx.identity.revokeTokens(p.oin, DEMO_LABEL);
    const { token } = await ctx.identity.issueToken(p.oin, { label: DEMO_LABEL, gebruiker: p.gebruiker ?? null });
    partijen.push({ naam: p.naam, soort: p.soort, oin: p.oin, ...(p.brin ? { brin: p.brin } : {}), ...(p.gemeentecode ? { gemeentecode: p.gemeentecode } : {}), token });
  }
  const mandaten = await ctx.identity.listMandates(DEMO_MANDAAT.leverancier);
  if (!mandaten.some((m) => m.schoolOin === DEMO_MANDAAT.school)) {
    await ctx.identity.addMandate({ leverancierOin: DEMO_MANDAAT.leverancier, schoolOin: DEMO_MANDAAT.school, van: '2020-01-01' }, null);
  }
  const credentials = { hub: hubUrl, partijen, beheer: await setupConsoleDemo(ctx, hubUrl) };
  await writeFile(credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return credentials;
}
