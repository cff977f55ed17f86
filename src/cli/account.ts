import { createInterface } from 'node:readline';

// An operator's command prints to its terminal: that is its interface, not a log (nothing else writes there).

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

/** A new account's TOTP secret, shown once on the operator's terminal (it is stored sealed, never shown again). */
export function toonNieuwAccount(wat: string, r: { totpGeheim: string; totpUri: string }): void {
  process.stdout.write(`${wat}. Zet dit geheim nu in de authenticator-app; het wordt niet opnieuw getoond:\n  TOTP-geheim: ${r.totpGeheim}\n  ${r.totpUri}\n`);
}
