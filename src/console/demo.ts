import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.ts';
import { cycleOf } from '../calendar/cycle.ts';
import * as delivery from '../delivery/store.ts';
import { DEMO_PARTIJEN } from '../demo/parties.ts';
import * as outbox from '../outbox/store.ts';
import { Beheerders } from './beheerders.ts';

export interface DemoBeheerder { url: string; gebruikersnaam: string; wachtwoord: string; totpGeheim: string; totpUri: string }

const GEBRUIKERSNAAM = 'demo';
/** Nothing listens on port 2 (and fetch does not refuse it as a "bad port", as it does 9): the demo's failing endpoint. */
const ONBEREIKBAAR = 'http://127.0.0.1:2/vva-demo-webhook';

/**
 * The demo's operator (a fresh password and TOTP secret on every start, like the demo tokens) and,
 * once, something to act on: a party whose webhook cannot be reached, with one dead letter.
 */
export async function setupConsoleDemo(ctx: AppContext, hubUrl: string): Promise<DemoBeheerder> {
  const beheerders = new Beheerders(ctx);
  const wachtwoord = `demo-${randomBytes(9).toString('base64url')}`;
  const opnieuw = await beheerders.zetOpnieuw(GEBRUIKERSNAAM, wachtwoord);
  const totp = opnieuw ?? (await beheerders.voegToe({ gebruikersnaam: GEBRUIKERSNAAM, naam: 'Demo Beheerder', rol: 'beheerder', wachtwoord }, null));
  await deadLetterVoorDemo(ctx);
  return { url: `${hubUrl}/beheer/`, gebruikersnaam: GEBRUIKERSNAAM, wachtwoord, totpGeheim: totp.totpGeheim, totpUri: totp.totpUri };
}

async function deadLetterVoorDemo(ctx: AppContext): Promise<void> {
  // The overstapsysteem: it receives only for identities it registers, so no other demo flow meets this endpoint.
  const partij = DEMO_PARTIJEN.find((p) => p.soort === 'overstapsysteem')!;
  if (await delivery.findWebhook(ctx.db, partij.oin)) return;
  const nu = ctx.clock.now();
  const eventId = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await delivery.upsertWebhook(tx, partij.oin, ONBEREIKBAAR, [ctx.secrets.seal(randomBytes(32).toString('hex'))], nu);
    await outbox.insertEvents(tx, [{ eventId, ontvangerOin: partij.oin, cyclus: cycleOf(nu), type: 'nl.vva.demo.v1', volgordeSleutel: null, tijd: nu, data: { melding: 'demobericht zonder persoonsgegevens' } }], nu);
    const poging = (await delivery.startAttempts(tx, [eventId], nu)).get(eventId)!;
    await delivery.completeAttempts(tx, [{ id: poging, httpStatus: null, duurMs: 3, fout: 'TypeError: ECONNREFUSED' }]);
    await delivery.markFailed(tx, eventId, nu, null, 'TypeError: ECONNREFUSED');
  });
}
