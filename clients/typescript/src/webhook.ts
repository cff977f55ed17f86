import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { Bericht } from './inbox.ts';

export { WebhookVerificationError };

/** Headers as Node's `req.headers` or a Fetch `Headers` give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Verifies the hub's pushes (spec §10: Standard Webhooks, HMAC-SHA256 over `id.timestamp.body`) with
 * the reference `standardwebhooks` library. Several secrets while one is rotated: a push signed with any
 * of them is accepted. Secrets in Standard Webhooks form, `whsec_` + base64 of the key, as the hub issues them.
 */
export class WebhookVerifier {
  private readonly webhooks: Webhook[];

  constructor(secrets: string | string[]) {
    this.webhooks = (Array.isArray(secrets) ? secrets : [secrets]).map((s) => new Webhook(s));
    if (this.webhooks.length === 0) throw new Error('WebhookVerifier: at least one secret');
  }

  /**
   * The pushed event, parsed, once its signature and timestamp (within 5 minutes) hold; otherwise throws
   * WebhookVerificationError. `body` must be the raw request body: re-serialised JSON would not verify.
   */
  verify(body: string | Buffer, headers: WebhookHeaders): Bericht {
    const h = plain(headers);
    let last: unknown;
    for (const w of this.webhooks) {
      try {
        // The push carries the same CloudEvent as the inbox (spec §10), so it has the inbox's type.
        return w.verify(body, h) as Bericht;
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }
}

function plain(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [k, v] of entries) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
