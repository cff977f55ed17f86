import type { AppContext } from '../app/context.ts';
import * as store from './koppelpunt/store.ts';

/** The demo's SIS link: each demo mbo-instelling pulls at a koppelpunt named after its BRIN (kept if already there). */
export async function setupCentraalAanmeldenDemo(ctx: AppContext, brins: string[]): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const brin of brins) {
      if (!(await store.findKoppelpunt(tx, brin))) await store.zetKoppelpunt(tx, { koppelpuntcode: brin, brin, onderwijsaanbieders: [], actief: true });
    }
  });
}
