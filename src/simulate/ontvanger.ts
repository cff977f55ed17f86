import { createServer, type Server } from 'node:http';
import { createVvaClient, WebhookVerifier, type VvaClient } from '@open-vva/client';

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
  /** Per OIN the verifier of its secret: the client's Standard Webhooks helper, as a vendor would verify. */
  readonly verifiers = new Map<string, WebhookVerifier>();
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
        let event: Ontvangen;
        try {
          const verifier = this.verifiers.get(oin);
          if (!verifier) throw new Error(`geen geheim voor ${oin}`);
          event = verifier.verify(body, req.headers);
        } catch {
          this.postbus.ongeldigeHandtekening++;
          res.statusCode = 401;
          return res.end();
        }
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

/** A party's API client: the typed client package (clients/typescript), so every simulation exercises it. */
export type Klant = VvaClient;

export const klant = (hub: string, token: string): Klant => createVvaClient({ hub, token });
