import { createServer, type Server } from 'node:http';
import { verify } from '../delivery/signing.ts';

export interface Ontvangen {
  id: string;
  type: string;
  /** The hub's (simulated) time of the event. */
  time: string;
  data: Record<string, unknown>;
}

/**
 * What the simulated parties received, per OIN, by push or pull. Events are de-duplicated on their
 * id, as a receiver must (delivery is at-least-once); every push must carry a valid signature.
 */
export class Postbus {
  readonly perOin = new Map<string, Map<string, Ontvangen>>();
  dubbel = 0;
  ongeldigeHandtekening = 0;

  leg(oin: string, e: Ontvangen) {
    let bus = this.perOin.get(oin);
    if (!bus) this.perOin.set(oin, (bus = new Map()));
    if (bus.has(e.id)) this.dubbel++;
    else bus.set(e.id, e);
  }

  van(oin: string): Ontvangen[] {
    return [...(this.perOin.get(oin)?.values() ?? [])];
  }
}

/** One local HTTPS-less webhook endpoint for all pushing parties: `/<oin>`, each with its own secret. */
export class WebhookOntvanger {
  private server!: Server;
  url = '';
  readonly geheimen = new Map<string, string>();
  ontvangen = 0;

  constructor(private readonly postbus: Postbus) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      if (req.method === 'OPTIONS') {
        res.setHeader('WebHook-Allowed-Origin', '*');
        return res.end();
      }
      const oin = (req.url ?? '').slice(1);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const geheim = this.geheimen.get(oin);
        const headers = { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']) };
        if (!geheim || !verify(geheim, headers, body)) {
          this.postbus.ongeldigeHandtekening++;
          res.statusCode = 401;
          return res.end();
        }
        const event = JSON.parse(body) as Ontvangen;
        if (event.type !== 'nl.vva.webhook.test.v1') {
          this.ontvangen++;
          this.postbus.leg(oin, { id: event.id, type: event.type, time: event.time, data: event.data });
        }
        res.statusCode = 204;
        res.end();
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections?.();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A party's API client: bearer token, JSON both ways, any non-2xx is an error with the problem text. */
export class Klant {
  constructor(readonly hub: string, readonly token: string) {}

  async vraag<T>(method: string, pad: string, body?: unknown, ok: number[] = [200, 201]): Promise<T> {
    const res = await fetch(`${this.hub}${pad}`, {
      method, headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!ok.includes(res.status)) throw new Error(`${method} ${pad}: ${res.status} ${text.slice(0, 2000)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
