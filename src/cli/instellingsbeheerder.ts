import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { Instellingsbeheerders } from '../centraal-aanmelden/instellingsbeheer/beheerders.ts';
import { leesWachtwoord, toonNieuwAccount } from './account.ts';

/**
 * `vva instellingsbeheerder add`: beheer creates an instelling's first administrator (the second may
 * then be added by the first, on the Beheerders page); a third is refused, as everywhere.
 */
export function registerInstellingsbeheerderCommand(program: Command, withContext: <T>(fn: (ctx: AppContext) => Promise<T>) => Promise<T>) {
  program.command('instellingsbeheerder').description('beheerders van een mbo-instelling in Centraal Aanmelden (ten hoogste twee)')
    .command('add')
    .description('beheerder van een instelling aanmaken; het wachtwoord komt van de terminal (of de eerste regel van stdin), het TOTP-geheim wordt één keer getoond')
    .requiredOption('--brin <brin>', 'BRIN van de mbo-instelling')
    .requiredOption('--gebruikersnaam <naam>', 'kleine letters, cijfers, punt, streepje')
    .requiredOption('--naam <naam>', 'volledige naam (staat in de auditlog)')
    .action(async (o: { brin: string; gebruikersnaam: string; naam: string }) => {
      const wachtwoord = await leesWachtwoord();
      await withContext(async (ctx) => {
        const r = await new Instellingsbeheerders(ctx).voegToe(o.brin.toUpperCase(), { gebruikersnaam: o.gebruikersnaam, naam: o.naam, wachtwoord }, 'beheer (vva instellingsbeheerder add)');
        toonNieuwAccount(`beheerder ${r.gebruikersnaam} van ${o.brin.toUpperCase()} aangemaakt`, r);
      });
    });
}
