import type { AppContext } from '../app/context.ts';
import type { Mijlpaal } from '../calendar/calendar.ts';
import { claimDeel } from '../calendar/store.ts';
import type { Overstapstatus } from '../leerling/derive.ts';
import * as outbox from '../outbox/store.ts';
import { maakSignalen } from '../signals/emit.ts';
import * as signals from '../signals/store.ts';

/**
 * A bulk signal (spec §7): for every gemeente, every potential mbo-goer living there whose
 * overstapstatus is one of `statussen`. One transaction per gemeente claims that gemeente's part
 * and writes all its signals, so a crash halfway resumes with the gemeenten still to do and no
 * gemeente ever gets its bulk twice.
 */
export async function bulkSignaal(ctx: AppContext, cyclus: number, mijlpaal: Mijlpaal, type: 'NIET_AANGEMELD' | 'NIET_INGESCHREVEN', statussen: Overstapstatus[]) {
  // Facts from before the signaleringsdatum are distributed first, in the old phase: they cause no signal.
  await ctx.distributor.drain();
  const gemeenten = await signals.gemeentenMetLeerlingen(ctx.db, cyclus);
  let totaal = 0;
  let gemeentenMetSignalen = 0;
  for (const gemeentecode of gemeenten) {
    // Between two gemeenten, let waiting requests in: on the embedded engine (one connection) a
    // bulk that chains its transactions back to back would otherwise hold off all live traffic.
    await new Promise((resolve) => setImmediate(resolve));
    await ctx.db.transaction(async (tx) => {
      const kandidaten = await signals.bulkKandidaten(tx, cyclus, gemeentecode, statussen);
      if (!(await claimDeel(tx, cyclus, mijlpaal, gemeentecode, kandidaten.length, ctx.clock.now()))) return;
      const { events, audit } = await maakSignalen(ctx, tx, kandidaten.map((leerling) => ({
        leerling, signaal: { gemeentecode, type, feit: `${cyclus}|${leerling.pgn}|${gemeentecode}|${type}|bulk` },
      })), null);
      await ctx.audit.append(tx, audit);
      await outbox.insertEvents(tx, events);
      const n = audit.length;
      await signals.upsertStanden(tx, cyclus, kandidaten.map((l) => ({ pgn: l.pgn, stand: { gemeentecode, openSignaal: type, ingetrokken: false } })), ctx.clock.now());
      totaal += n;
      if (n > 0) gemeentenMetSignalen++;
    });
  }
  return { type, signalen: totaal, gemeenten: gemeentenMetSignalen };
}
