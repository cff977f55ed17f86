import { createHmac, randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.ts';
import type { Queryable } from '../db/db.ts';
import { revokeTokens } from '../identity/store.ts';
import { findTokenByHash, tokenStatus } from '../identity/token-store.ts';
import { hashToken } from '../identity/tokens.ts';

export const DEMO_LABEL = 'demo';

/** The key the demo tokens are derived from, made once and kept in the database (so: in the data directory). */
async function demoSleutel(q: Queryable): Promise<string> {
  await q.query(`insert into hub_geheim (naam, waarde) values ('demo-token-sleutel', $1) on conflict (naam) do nothing`, [randomBytes(32).toString('hex')]);
  return (await q.query<{ waarde: string }>(`select waarde from hub_geheim where naam = 'demo-token-sleutel'`)).rows[0]!.waarde;
}

/**
 * A demo party's token: the same on every start of the same data directory (issue 12.7), so scripts and
 * clients configured with it keep working. It is derived, not stored: the n-th of a series per party,
 * and the first that was not revoked or expired — revoking a demo token gives the next start a new one.
 * Other active demo tokens of the party (random ones of older versions) are revoked.
 */
export async function demoToken(ctx: AppContext, oin: string, gebruiker: string | null): Promise<string> {
  const sleutel = await demoSleutel(ctx.db);
  for (let n = 0; ; n++) {
    const token = `vva_${createHmac('sha256', sleutel).update(`demo-token:${oin}:${n}`).digest('base64url')}`;
    const bestaand = await findTokenByHash(ctx.db, hashToken(token));
    if (bestaand && (bestaand.oin !== oin || tokenStatus(bestaand, ctx.clock.now()) !== 'actief')) continue;
    await revokeTokens(ctx.db, oin, DEMO_LABEL, ctx.clock.now(), hashToken(token));
    if (!bestaand) await ctx.identity.issueToken(oin, { label: DEMO_LABEL, gebruiker, token });
    return token;
  }
}
