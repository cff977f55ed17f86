import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { Beheerders } from './beheerders.ts';
import { ROLLEN } from './sessie.ts';
import { totpCode } from './totp.ts';

/** The password: prompted without echo on a terminal, else the first line of standard input (scripts). */
export async function leesWachtwoord(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  process.stdout.write('Wachtwoord (minstens 12 tekens): ');
  stdin.setRawMode(true);
  stdin.resume();
  let wachtwoord = '';
  return new Promise((resolve) => {
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          return resolve(wachtwoord);
        }
        if (ch === '\u0003') process.exit(130);
        wachtwoord = ch === '\u007f' ? wachtwoord.slice(0, -1) : wachtwoord + ch;
      }
    };
    stdin.on('data', onData);
  });
}

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
      console.log(`${totpCode(beheer.totpGeheim, Date.now())}  (nog ${over} s geldig)`);
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
        console.log(`beheerder ${r.gebruikersnaam} aangemaakt (${o.rol}). Zet dit geheim nu in de authenticator-app; het wordt niet opnieuw getoond:`);
        console.log(`  TOTP-geheim: ${r.totpGeheim}`);
        console.log(`  ${r.totpUri}`);
      });
    });
}
