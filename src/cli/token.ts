import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { VvaError } from '../shared/errors.ts';
import { moment } from '../shared/validation.ts';

/**
 * `vva token issue|list|expire|revoke` (issue 12.7): against the same database as `serve`, also while it
 * runs. Output goes to the operator's terminal, not the log: stdout is the interface (the token is the
 * last line of `issue`, Appendix A.1). From the command line the actor is the hub's own machine (null in the audit log, as for `issue`).
 */
export function registerTokenCommand(program: Command, metContext: (fn: (ctx: AppContext) => Promise<void>) => Promise<void>) {
  const token = program.command('token').description('API-tokens');
  token
    .command('issue')
    .description('nieuw token uitgeven; het token staat op de laatste regel')
    .requiredOption('--oin <oin>')
    .option('--label <label>', 'label', '')
    .option('--gebruiker <naam>', 'naam van de beheerder (voor beheer-tokens)')
    .option('--verloopt <moment>', 'ISO-8601 met tijdzone; daarna werkt het token niet meer')
    .action(async (o: { oin: string; label: string; gebruiker?: string; verloopt?: string }) => {
      await metContext(async (ctx) => {
        const { id, token: t } = await ctx.identity.issueToken(o.oin, { label: o.label, gebruiker: o.gebruiker, verloopt: momentOf('--verloopt', o.verloopt) });
        console.log(`token ${id} uitgegeven voor ${o.oin}; bewaar het nu, het wordt niet opnieuw getoond:`);
        console.log(t);
      });
    });
  token
    .command('list')
    .description('de tokens van een organisatie met hun stand (nooit het token zelf)')
    .requiredOption('--oin <oin>')
    .action(async (o: { oin: string }) => {
      await metContext(async (ctx) => {
        for (const t of await ctx.identity.tokens.list(o.oin, null)) {
          console.log([t.id, t.status.padEnd(11), `aangemaakt ${t.aangemaakt.toISOString()}`, t.verloopt ? `verloopt ${t.verloopt.toISOString()}` : '', t.ingetrokken ? `ingetrokken ${t.ingetrokken.toISOString()}` : '', t.label].filter(Boolean).join('  '));
        }
      });
    });
  token
    .command('expire')
    .description('verloopmoment zetten (standaard nu: het token werkt meteen niet meer)')
    .requiredOption('--oin <oin>')
    .requiredOption('--id <id>')
    .option('--at <moment>', 'ISO-8601 met tijdzone (standaard nu)')
    .action(async (o: { oin: string; id: string; at?: string }) => {
      await metContext(async (ctx) => {
        const t = await ctx.identity.tokens.expire(o.oin, o.id, momentOf('--at', o.at) ?? ctx.clock.now(), null);
        console.log(`token ${t.id}: ${t.status}, verloopt ${t.verloopt!.toISOString()}`);
      });
    });
  token
    .command('revoke')
    .description('token meteen intrekken')
    .requiredOption('--oin <oin>')
    .requiredOption('--id <id>')
    .action(async (o: { oin: string; id: string }) => {
      await metContext(async (ctx) => {
        const t = await ctx.identity.tokens.revoke(o.oin, o.id, null);
        console.log(`token ${t.id}: ${t.status} (${t.ingetrokken!.toISOString()})`);
      });
    });
}

/** A command-line moment, checked as the API checks it. */
function momentOf(naam: string, v: string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const r = moment().safeParse(v);
  if (!r.success) throw VvaError.invalid([{ name: naam, reason: r.error.issues[0]!.message }]);
  return new Date(r.data);
}
