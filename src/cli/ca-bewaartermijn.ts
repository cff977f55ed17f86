import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { BewaartermijnService } from '../centraal-aanmelden/bewaartermijn/service.ts';

/**
 * `vva ca-bewaartermijn [--dry-run]`: beheer applies Centraal Aanmelden's retention now (the hub also
 * does it daily), or sees what it would do. Row claims keep it exactly-once beside a running hub.
 */
export function registerCaBewaartermijnCommand(program: Command, withContext: <T>(fn: (ctx: AppContext) => Promise<T>) => Promise<T>, uit: (regel: string) => void = (regel) => void process.stdout.write(`${regel}\n`)) {
  program
    .command('ca-bewaartermijn')
    .description('bewaartermijn van Centraal Aanmelden nu toepassen: waarschuwen, verwijderen, verslag (gebeurt ook dagelijks vanzelf)')
    .option('--dry-run', 'alleen tonen wat er zou gebeuren')
    .action(async (o: { dryRun?: boolean }) => {
      await withContext(async (ctx) => {
        const service = new BewaartermijnService(ctx);
        if (o.dryRun) {
          uit('zou doen:');
          for (const [k, n] of Object.entries(await service.vooruitblik())) uit(`  ${k.padEnd(26)} ${n}`);
          return;
        }
        const r = await service.voerUit();
        uit('gedaan:');
        for (const [k, n] of [...Object.entries(r.waarschuwingen).map(([k, n]) => [`waarschuwing ${k}`, n] as const), ...Object.entries(r.verwijderd)]) uit(`  ${k.padEnd(26)} ${n}`);
        uit(r.verslag ? `bewaarverslag ${r.verslag.id}: ${r.verslag.schoon ? 'schoon' : 'NIET schoon'}, sha256 ${r.verslag.hash}` : 'niets gedaan, geen verslag');
        if (r.verslag && !r.verslag.schoon) process.exitCode = 1;
      });
    });
}
