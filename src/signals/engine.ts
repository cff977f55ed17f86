import type { AppContext } from '../app/context.ts';
import { faseNa } from '../calendar/calendar.ts';
import * as calendarStore from '../calendar/store.ts';
import { woontInNederlandseGemeente } from '../leerling/derive.ts';
import { emitSignalen } from './emit.ts';
import { evalueer, type StatusFeit } from './rules.ts';
import * as store from './store.ts';
import { groupBy } from '../shared/collections.ts';

const BATCH = 2000;

/**
 * The real-time half of the signal engine (spec §7): consumes the facts the intake recorded, in
 * commit order, and turns them into signals. One engine transaction at a time (lock), each marking
 * its facts processed together with the signals they caused: a crash loses or repeats nothing.
 */
export async function verwerkSignaalInvoer(ctx: AppContext): Promise<{ feiten: number; signalen: number }> {
  let feiten = 0;
  let signalen = 0;
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(7242003)');
      const invoer = await store.pendingInvoer(tx, BATCH);
      if (invoer.length === 0) return 0;
      const perCyclus = new Map<number, typeof invoer>();
      for (const i of invoer) perCyclus.set(i.cyclus, [...(perCyclus.get(i.cyclus) ?? []), i]);
      const uit: Parameters<typeof emitSignalen>[2] = [];
      for (const [cyclus, rijen] of perCyclus) {
        const fase = faseNa(new Set((await calendarStore.voltooid(tx, cyclus)).keys()));
        if (fase === 'voor-signalering') continue; // before the signaleringsdatum nothing goes to gemeenten
        const pgns = [...new Set(rijen.map((r) => r.pgn))];
        const leerlingen = await store.loadLeerlingen(tx, cyclus, pgns);
        const standen = await store.loadStanden(tx, cyclus, pgns);
        const nieuweStanden: Parameters<typeof store.upsertStanden>[2] = [];
        const vervallen: string[] = [];
        const perLeerling = groupBy(rijen, (r) => r.pgn);
        for (const pgn of pgns) {
          const leerling = leerlingen.get(pgn);
          if (!leerling) continue;
          const eigen = perLeerling.get(pgn)!;
          const statusFeiten: StatusFeit[] = eigen.filter((r) => r.gemeentecode && r.status && r.brinMbo)
            .map((r) => ({ invoerId: r.id, gemeentecode: r.gemeentecode!, brinMbo: r.brinMbo!, aanmeldingId: r.referentie, status: r.status! }));
          const beeld = { ...leerling, woongemeente: woontInNederlandseGemeente(leerling) ? leerling.woongemeente : null };
          const vorige = standen.get(pgn) ?? null;
          const r = evalueer(fase, vorige, beeld, statusFeiten, { cyclus, pgn, laatsteInvoer: eigen.at(-1)!.id });
          uit.push(...r.signalen.map((signaal) => ({ signaal, leerling })));
          if (r.stand && JSON.stringify(r.stand) !== JSON.stringify(vorige)) nieuweStanden.push({ pgn, stand: r.stand });
          // A move ends the old gemeente's follow-up; kept, it would withdraw (and report) there again.
          else if (!r.stand && vorige) vervallen.push(pgn);
        }
        await store.upsertStanden(tx, cyclus, nieuweStanden, ctx.clock.now());
        await store.deleteStanden(tx, cyclus, vervallen);
      }
      signalen += await emitSignalen(ctx, tx, uit, null);
      await store.markVerwerkt(tx, invoer.map((i) => i.id), ctx.clock.now());
      return invoer.length;
    });
    feiten += done;
    if (done < BATCH) {
      if (signalen > 0) ctx.onUitgaand();
      return { feiten, signalen };
    }
  }
}
