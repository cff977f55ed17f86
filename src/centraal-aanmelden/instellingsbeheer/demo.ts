import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.ts';
import { totpUri } from '../../console/totp.ts';
import { Instellingsbeheerders } from './beheerders.ts';

export interface DemoInstellingsbeheerder { url: string; brin: string; gebruikersnaam: string; wachtwoord: string; totpGeheim: string; totpUri: string }

const GEBRUIKERSNAAM = 'demo-roc';

/** The demo's administrator of the first demo mbo-instelling: a fresh password and TOTP secret on every start. */
export async function setupInstellingsbeheerDemo(ctx: AppContext, hubUrl: string, brin: string): Promise<DemoInstellingsbeheerder> {
  const beheerders = new Instellingsbeheerders(ctx);
  const wachtwoord = `demo-${randomBytes(9).toString('base64url')}`;
  const totp = (await beheerders.zetOpnieuw(GEBRUIKERSNAAM, wachtwoord))
    ?? (await beheerders.voegToe(brin, { gebruikersnaam: GEBRUIKERSNAAM, naam: 'Demo Instellingsbeheerder', wachtwoord }, null));
  return { url: `${hubUrl}/instelling/`, brin, gebruikersnaam: GEBRUIKERSNAAM, wachtwoord, totpGeheim: totp.totpGeheim, totpUri: totpUri(totp.totpGeheim, GEBRUIKERSNAAM) };
}
