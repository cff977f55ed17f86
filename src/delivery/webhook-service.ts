import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../app/context.ts';
import type { Actor } from '../identity/service.ts';
import { VvaError } from '../shared/errors.ts';
import { sign } from './signing.ts';
import * as store from './store.ts';
import { dataschemaUrl } from '../outbox/cloudevent.ts';

const HANDSHAKE_TIMEOUT_MS = 5_000;

function checkUrl(ctx: AppContext, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw VvaError.invalid([{ name: 'url', reason: 'geen geldige URL' }]);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.username || url.password) throw VvaError.invalid([{ name: 'url', reason: 'geen inloggegevens in de URL; gebruik de handtekening' }]);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && ctx.config.delivery.allowLoopbackHttp)) {
    throw VvaError.invalid([{ name: 'url', reason: 'alleen https://' }]);
  }
  return url;
}

/**
 * The endpoint must agree to receive: the OPTIONS handshake of the NL GOV / CloudEvents webhook
 * guideline (WebHook-Request-Origin → WebHook-Allowed-Origin), or else a signed test POST that it
 * answers with 2xx. Without either, nothing is registered.
 */
async function confirm(ctx: AppContext, url: URL, secrets: string[]): Promise<boolean> {
  const origin = `vva.${ctx.config.hubOin}`;
  try {
    const res = await fetch(url, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': origin }, redirect: 'manual', signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) });
    const allowed = res.headers.get('webhook-allowed-origin');
    if (res.ok && (allowed === '*' || allowed === origin)) return true;
  } catch {
    // fall through to the test POST
  }
  const id = uuidv7();
  const body = JSON.stringify({ specversion: '1.0', id, source: `urn:nld:oin:${ctx.config.hubOin}:systeem:vva`, type: 'nl.vva.webhook.test.v1', time: new Date().toISOString(), datacontenttype: 'application/json', dataschema: dataschemaUrl(ctx.config.publicUrl, 'nl.vva.webhook.test.v1'), data: {} });
  const ts = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS),
      headers: { 'content-type': 'application/cloudevents+json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(secrets, id, ts, body) },
    });
    return res.ok;
  } catch {
    return false;
  }
}

export async function registerWebhook(ctx: AppContext, actor: Actor, url: string | null, geheimen: string[] | undefined) {
  if (url === null) {
    await ctx.db.transaction(async (tx) => {
      await store.deleteWebhook(tx, actor.oin);
      await ctx.audit.append(tx, [{ actorOin: actor.oin, actie: 'webhook-verwijderd', resource: 'webhook', doel: 'levering', uitkomst: 'ok' }]);
    });
    return webhookStatus(ctx, actor);
  }
  const parsed = checkUrl(ctx, url);
  if (!geheimen?.length) throw VvaError.invalid([{ name: 'geheimen', reason: 'minstens één geheim om de berichten mee te ondertekenen' }]);
  if (!(await confirm(ctx, parsed, geheimen))) {
    throw VvaError.invalid([{ name: 'url', reason: 'het eindpunt bevestigde niet (OPTIONS-handshake met WebHook-Allowed-Origin, of 2xx op een test-POST)' }]);
  }
  await ctx.db.transaction(async (tx) => {
    await store.upsertWebhook(tx, actor.oin, parsed.toString(), geheimen.map((g) => ctx.secrets.seal(g)), ctx.clock.now());
    await ctx.audit.append(tx, [{ actorOin: actor.oin, actie: 'webhook-geregistreerd', resource: 'webhook', doel: 'levering', uitkomst: parsed.origin }]);
  });
  return webhookStatus(ctx, actor);
}

export async function webhookStatus(ctx: AppContext, actor: Actor) {
  const w = await store.findWebhook(ctx.db, actor.oin);
  const b = (await store.backlog(ctx.db)).find((r) => r.oin === actor.oin);
  return {
    url: w?.url ?? null, actief: w?.actief ?? false, geheimen: w?.geheimen.length ?? 0, reden: w?.reden ?? null,
    wachtend: b?.wacht ?? 0, dodeLetters: b?.dood ?? 0,
  };
}
