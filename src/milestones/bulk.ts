import type { AppContext } from '../app/context.ts';
import type { Mijlpaal } from '../calendar/calendar.ts';
import { claimDelen } from '../calendar/store.ts';
import type { Overstapstatus } from '../leerling/derive.ts';
import * as outbox from '../outbox/store.ts';
import { groupBy } from '../shared/collections.ts';
import { mapLimit } from '../shared/parallel.ts';
import { maakSignalen } from '../signals/emit.ts';
import * as signals from '../signals/store.ts';

/** Gemeenten per transaction: set-based statements, while live requests still get in between. */
const GEMEENTEN_PER_TRANSACTIE = 25;
/**
 * Transactions at once on a server: each is one backend, and on one alone the server worked on one
 * core while the hub waited (node idle 67 % of B3's compute). They share only the outbox's append
 * lock, taken last. The embedded engine has one connection: one at a time.
 */
const TRANSACTIES_TEGELIJK = { postgres: 2, pglite: 1 } as const;

/**
 * A bulk signal (spec §7): for every gemeente, every potential mbo-goer living there whose
 * overstapstatus is one of `statussen`. Each transaction claims its gemeenten's parts and writes all
 * their signals with a handful of statements, so a crash halfway resumes with the gemeenten still to
 * do and no gemeente ever gets its bulk twice (also when two processes run it at once).
 */
export async function bulkSignaal(ctx: AppContext, cyclus: number, mijlpaal: Mijlpaal, type: 'NIET_AANGEMELD' | 'NIET_INGESCHREVEN', statussen: Overstapstatus[]) {
  // Facts from before the signaleringsdatum are distributed first, in the old phase: they cause no signal.
  await ctx.distributor.drain();
  const gemeenten = await signals.gemeentenMetLeerlingen(ctx.db, cyclus);
  let totaal = 0;
  let gemeentenMetSignalen = 0;
  const delen = Array.from({ length: Math.ceil(gemeenten.length / GEMEENTEN_PER_TRANSACTIE) }, (_, i) => gemeenten.slice(i * GEMEENTEN_PER_TRANSACTIE, (i + 1) * GEMEENTEN_PER_TRANSACTIE));
  await mapLimit(delen, TRANSACTIES_TEGELIJK[ctx.db.engine], async (deel) => {
    // Between two transactions, let waiting requests in: on the embedded engine (one connection) a
    // bulk that chains its transactions back to back would otherwise hold off all live traffic.
    await new Promise((resolve) => setImmediate(resolve));
    const gemaakt = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const perGemeente = groupBy(await signals.bulkKandidaten(tx, cyclus, deel, statussen), (l) => l.woongemeente!);
      const geclaimd = await claimDelen(tx, cyclus, mijlpaal, deel.map((g) => ({ deel: g, aantal: perGemeente.get(g)?.length ?? 0 })), now);
      const kandidaten = deel.filter((g) => geclaimd.has(g)).flatMap((g) => perGemeente.get(g) ?? []);
      const { events, audit } = await maakSignalen(ctx, tx, kandidaten.map((leerling) => ({
        leerling, signaal: { gemeentecode: leerling.woongemeente!, type, feit: `${cyclus}|${leerling.pgn}|${leerling.woongemeente}|${type}|bulk` },
      })), null);
      await ctx.audit.append(tx, audit);
      await signals.upsertStanden(tx, cyclus, kandidaten.map((l) => ({ pgn: l.pgn, stand: { gemeentecode: l.woongemeente!, openSignaal: type, ingetrokken: false } })), now);
      // Last: the outbox's append lock is held to commit.
      await outbox.insertEvents(tx, events, now);
      totaal += audit.length;
      gemeentenMetSignalen += deel.filter((g) => geclaimd.has(g) && perGemeente.has(g)).length;
      return audit.length;
    });
    ctx.metrics.signalen.inc({ type }, gemaakt);
  });
  return { type, signalen: totaal, gemeenten: gemeentenMetSignalen };
}
