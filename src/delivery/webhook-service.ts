import { type Agent, fetch } from 'undici';
import { uuidv7 } from '../shared/uuid.ts';
import type { AppContext } from '../app/context.ts';
import type { Actor } from '../identity/service.ts';
import { VvaError } from '../shared/errors.ts';
import { sign, standardSecret } from './signing.ts';
import { USER_AGENT } from '../shared/version.ts';
import * as store from './store.ts';
import { targetProblem } from './target-guard.ts';
import { webhookAgent } from './webhook-agent.ts';
import { dataschemaUrl } from '../outbox/cloudevent.ts';

const HANDSHAKE_TIMEOUT_MS = 5_000;

/**
 * Why a webhook URL is refused before anyone is asked, or `null`. Also the route schema's check, so that
 * a wrong URL is reported beside wrong secrets in one answer.
 */
export function urlProbleem(raw: string, allowLoopbackHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'geen geldige URL';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.username || url.password) return 'geen inloggegevens in de URL; gebruik de handtekening';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && allowLoopbackHttp)) return 'alleen https://';
  return null;
}

async function checkUrl(ctx: AppContext, raw: string): Promise<URL> {
  const probleem = urlProbleem(raw, ctx.config.delivery.allowLoopbackHttp);
  if (probleem) throw VvaError.invalid([{ name: 'url', reason: probleem }]);
  const url = new URL(raw);
  const intern = ctx.config.delivery.publicTargetsOnly ? await targetProblem(url.hostname) : null;
  if (intern) throw VvaError.invalid([{ name: 'url', reason: intern }]);
  return url;
}

/**
 * The endpoint must agree to receive: the OPTIONS handshake of the NL GOV / CloudEvents webhook
 * guideline (WebHook-Request-Origin → WebHook-Allowed-Origin), or else a signed test POST that it
 * answers with 2xx. Without either, nothing is registered.
 */
async function confirm(ctx: AppContext, url: URL, secrets: string[], traceparent: string | undefined): Promise<boolean> {
  // The pushes' own client (undici, with its guard against internal addresses in production).
  const dispatcher = webhookAgent(ctx);
  try {
    return await handshake(ctx, url, secrets, dispatcher, traceparent ? { traceparent } : {});
  } finally {
    await dispatcher.close();
  }
}

async function handshake(ctx: AppContext, url: URL, secrets: string[], dispatcher: Agent, trace: Record<string, string>): Promise<boolean> {
  const origin = `vva.${ctx.config.hubOin}`;
  try {
    const res = await fetch(url, { dispatcher, method: 'OPTIONS', headers: { 'WebHook-Request-Origin': origin, 'user-agent': USER_AGENT, ...trace }, redirect: 'manual', signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) });
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
      dispatcher, method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS),
      headers: { 'content-type': 'application/cloudevents+json', 'user-agent': USER_AGENT, ...trace, 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(secrets, id, ts, body) },
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * `traceparent`: the hub's span of the registering request (as answered to the caller); the handshake
 * carries it, so the receiver's logs join the caller's trace.
 */
export async function registerWebhook(ctx: AppContext, actor: Actor, url: string | null, geheimen: string[] | undefined, traceparent?: string) {
  if (url === null) {
    await ctx.db.transaction(async (tx) => {
      await store.deleteWebhook(tx, actor.oin);
      await ctx.audit.append(tx, [{ actorOin: actor.oin, actie: 'webhook-verwijderd', resource: 'webhook', doel: 'levering', uitkomst: 'ok' }]);
    });
    return webhookStatus(ctx, actor);
  }
  const parsed = await checkUrl(ctx, url);
  if (!geheimen?.length) throw VvaError.invalid([{ name: 'geheimen', reason: 'minstens één geheim om de berichten mee te ondertekenen' }]);
  // Kept in Standard Webhooks form; an older plain-text secret keeps its key bytes (and so its signatures).
  const secrets = geheimen.map(standardSecret);
  if (!(await confirm(ctx, parsed, secrets, traceparent))) {
    throw VvaError.invalid([{ name: 'url', reason: 'het eindpunt bevestigde niet (OPTIONS-handshake met WebHook-Allowed-Origin, of 2xx op een test-POST)' }]);
  }
  await ctx.db.transaction(async (tx) => {
    await store.upsertWebhook(tx, actor.oin, parsed.toString(), secrets.map((g) => ctx.secrets.seal(g)), ctx.clock.now());
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
