import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { Beheerders } from '../console/beheerders.ts';
import { ROLLEN } from '../console/sessie.ts';
import { totpCode } from '../console/totp.ts';
import { leesWachtwoord, toonNieuwAccount } from './account.ts';

/** `vva beheerder add`: the first (and every further) operator account of the beheer console. */
export function registerBeheerderCommand(program: Command, withContext: <T>(fn: (ctx: AppContext) => Promise<T>) => Promise<T>) {
  const beheerder = program.command('beheerder').description('accounts van de beheerconsole');
  beheerder
    .command('code')
    .description('de huidige TOTP-code van de demo-beheerder (uit demo-credentials.json), voor wie geen authenticator-app bij de hand heeft')
    .option('--credentials <file>', 'bestand van npm start', 'demo-credentials.json')
    .action(async (o: { credentials: string }) => {
      const { beheer } = JSON.parse(await readFile(o.credentials, 'utf8')) as { beheer?: { totpGeheim: string } };
      if (!beheer) throw new Error(`${o.credentials} heeft geen beheer-login; start de demo met npm start`);
      const over = 30 - (Math.floor(Date.now() / 1000) % 30);
      process.stdout.write(`${totpCode(beheer.totpGeheim, Date.now())}  (nog ${over} s geldig)\n`);
    });
  beheerder
    .command('add')
    .description('beheerder aanmaken; het wachtwoord komt van de terminal (of de eerste regel van stdin), het TOTP-geheim wordt één keer getoond')
    .requiredOption('--gebruikersnaam <naam>', 'kleine letters, cijfers, punt, streepje')
    .requiredOption('--naam <naam>', 'volledige naam (staat in de auditlog)')
    .addOption(new Option('--rol <rol>').choices(ROLLEN).default('beheerder'))
    .action(async (o: { gebruikersnaam: string; naam: string; rol: string }) => {
      const wachtwoord = await leesWachtwoord();
      await withContext(async (ctx) => {
        const r = await new Beheerders(ctx).voegToe({ gebruikersnaam: o.gebruikersnaam, naam: o.naam, rol: o.rol, wachtwoord }, null);
        toonNieuwAccount(`beheerder ${r.gebruikersnaam} aangemaakt (${o.rol})`, r);
      });
    });
}
