import { createServer, type Server } from 'node:http';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { createVvaClient, WebhookVerifier, type VvaClient } from '@open-vva/client';
import type { Dispatcher } from 'undici';
import type { Klantfouten } from './klantfouten.ts';

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

/**
 * How a webhook endpoint misbehaves: `half` answers 500 to every other request (at random), `traag`
 * sometimes takes an event but answers after the hub's timeout, `druk` answers 429 with Retry-After, `weg` answers 410
 * Gone once it has taken a few events (the party then pulls; spec §10).
 */
export type Gedrag = 'goed' | 'half' | 'traag' | 'druk' | 'weg';
export const STORENDE_GEDRAGINGEN: Exclude<Gedrag, 'goed'>[] = ['half', 'traag', 'druk', 'weg'];

/** Per kind of endpoint: requests, the faults it answered with, and what they cost the events (retries, delay). */
export interface Storingsstatistiek {
  eindpunten: number;
  verzoeken: number;
  storingen: number;
  /** Events that arrived after at least one failed attempt. */
  geraakt: number;
  /** Attempts beyond the first, over all events. */
  herhalingen: number;
  /** Wall-clock milliseconds from an event's first attempt to its delivery, for events that were hit. */
  vertragingMs: number[];
}

const TRAAG_MS = 2_000; // past the hub's delivery timeout in the simulation (AFLEVERING in hub.ts)
const WEG_NA = 20;

/** One local webhook endpoint for all pushing parties: `/<oin>`, each with its own secret and behaviour. */
export class WebhookOntvanger {
  private server!: Server;
  url = '';
  /** Per OIN the verifier of its secret: the client's Standard Webhooks helper, as a vendor would verify. */
  readonly verifiers = new Map<string, WebhookVerifier>();
  readonly gedrag = new Map<string, Gedrag>();
  /** Parties whose endpoint answered 410: they have to pull what is left. */
  readonly weg = new Set<string>();
  ontvangen = 0;
  private readonly pogingen = new Map<string, { eerste: number; aantal: number; mislukt: number }>();
  readonly statistiek = new Map<Gedrag, Storingsstatistiek>();
  private readonly genomen = new Map<string, number>();
  /** Seeded like the scenario: the same seed draws the same faults, request by request. */
  private rng = xoroshiro128plus(0);

  constructor(private readonly postbus: Postbus) {}

  private kans(): number {
    return uniformFloat64(this.rng);
  }

  seed(n: number) {
    this.rng = xoroshiro128plus(n);
  }

  stat(g: Gedrag): Storingsstatistiek {
    let s = this.statistiek.get(g);
    if (!s) this.statistiek.set(g, (s = { eindpunten: 0, verzoeken: 0, storingen: 0, geraakt: 0, herhalingen: 0, vertragingMs: [] }));
    return s;
  }

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
        if (event.type === 'nl.vva.webhook.test.v1') {
          res.statusCode = 204;
          return res.end();
        }
        const gedrag = this.gedrag.get(oin) ?? 'goed';
        const s = this.stat(gedrag);
        s.verzoeken++;
        const p = this.pogingen.get(event.id) ?? { eerste: Date.now(), aantal: 0, mislukt: 0 };
        p.aantal++;
        if (p.aantal > 1) s.herhalingen++;
        this.pogingen.set(event.id, p);
        const storing = (status: number, headers: Record<string, string> = {}) => {
          s.storingen++;
          p.mislukt++;
          res.writeHead(status, headers);
          res.end();
        };
        if (gedrag === 'half' && this.kans() < 0.5) return storing(500);
        if (gedrag === 'traag' && this.kans() < 0.2) {
          // Slow, not broken: it takes the event and answers late. Only when the hub gave up first (its
          // timeout closed the connection) is it a fault; then the hub sends it again (a duplicate by id).
          let beantwoord = false;
          res.once('close', () => {
            if (beantwoord) return;
            s.storingen++;
            p.mislukt++;
          });
          this.ontvangen++;
          this.postbus.leg(oin, { id: event.id, type: event.type, time: event.time, data: event.data });
          setTimeout(() => {
            beantwoord = true;
            if (res.destroyed) return;
            res.statusCode = 204;
            res.end();
          }, TRAAG_MS).unref();
          return;
        }
        if (gedrag === 'druk' && this.kans() < 0.3) return storing(429, { 'retry-after': '1' });
        if (gedrag === 'weg') {
          const n = (this.genomen.get(oin) ?? 0) + 1;
          this.genomen.set(oin, n);
          if (n > WEG_NA) {
            this.weg.add(oin);
            return storing(410);
          }
        }
        this.ontvangen++;
        this.postbus.leg(oin, { id: event.id, type: event.type, time: event.time, data: event.data });
        if (p.mislukt > 0 && p.aantal === p.mislukt + 1) {
          s.geraakt++;
          s.vertragingMs.push(Date.now() - p.eerste);
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

/**
 * A party's client: with a token, or (`null`) by its client certificate alone, which then lives in
 * `dispatcher` (src/simulate/tls.ts); over a hub of its own every client's dispatcher trusts the run's CA.
 */
export const klant = (hub: string, token: string | null, fouten: Klantfouten, dispatcher?: Dispatcher): Klant =>
  createVvaClient({ hub, ...(token === null ? {} : { token }), fetch: fouten.fetchVia(dispatcher) });
