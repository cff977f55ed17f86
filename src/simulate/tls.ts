import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { DevCa } from '../certs/dev-ca.ts';

/** Requests the parties made over the API, by how they authenticated (health checks not counted). */
export interface Verzoeken {
  token: number;
  certificaat: number;
  /** TLS connections (handshakes) all of them took, token and certificate clients together. */
  verbindingen: number;
}

/** One refusal the simulator asked for during setup: both must be 401 with problem+json (spec §2, §18). */
export interface Weigering {
  naam: string;
  status: number;
  problem: boolean;
}

/** What the run saw of mutual TLS: filled in during setup (the refusals) and at the end (the counts). */
export interface MtlsVerloop {
  /** Per party that authenticated by certificate alone (OIN): the API requests its certificate carried. */
  perPartij: Map<string, number>;
  weigeringen: Weigering[];
  verzoeken: Verzoeken;
}

/** An Agent that counts the API requests it carried: a field per dispatch, no cost worth measuring. */
class TellendeAgent extends Agent {
  verzoeken = 0;
  /** TLS connections it opened: each a handshake, the cost of TLS that keep-alive avoids. */
  verbindingen = 0;

  constructor(opts: Agent.Options) {
    super(opts);
    this.on('connect', () => this.verbindingen++);
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (opts.path.startsWith('/api/')) this.verzoeken++;
    return super.dispatch(opts, handler);
  }
}

/**
 * An Agent's TLS settings as one secure context, made once: given as `ca`/`cert`/`key`, undici hands them to
 * tls.connect, which parses the PEMs again for every new connection (0.8 ms of CPU each, measured).
 */
const verbinding = (pem: SecureContextOptions) => ({ connect: { secureContext: createSecureContext(pem) } });

/**
 * The mutual TLS of a simulation on a hub of its own: a dev CA for this run only, the hub's server
 * certificate in the hub's data dir, one connection pool trusting the CA for every token client, and one
 * per certificate party presenting its client certificate (OIN in the Subject serialNumber). The pools
 * keep connections alive as long as the hub's Keep-Alive allows (60 s idle in the simulation, hub.ts): TLS costs a handshake per
 * new connection (about 2.5 ms), not per request.
 */
export class SimTls {
  /** Every token client (and beheer) shares it: one pool of kept-alive connections, as the global fetch had. */
  readonly tokenAgent: TellendeAgent;
  /** For the health checks: trusts the CA, counts nothing. */
  readonly gezondheid: Agent;
  private readonly perOin = new Map<string, Promise<TellendeAgent>>();

  private constructor(private readonly ca: DevCa, readonly env: { VVA_TLS_CERT: string; VVA_TLS_KEY: string; VVA_TLS_CA: string }) {
    this.tokenAgent = new TellendeAgent(verbinding({ ca: ca.caPem }));
    this.gezondheid = new Agent(verbinding({ ca: ca.caPem }));
  }

  /** A new CA and server certificate (for 127.0.0.1, where the processes and the proxy listen), written into `dir`. */
  static async maak(dir: string): Promise<SimTls> {
    const ca = await DevCa.create();
    const server = await ca.issueServer(['127.0.0.1', 'localhost']);
    const bestand = (naam: string, inhoud: string, mode = 0o644) => {
      const p = path.join(dir, naam);
      writeFileSync(p, inhoud, { mode });
      return p;
    };
    return new SimTls(ca, { VVA_TLS_CA: bestand('ca.pem', ca.caPem), VVA_TLS_CERT: bestand('server.pem', server.cert), VVA_TLS_KEY: bestand('server-key.pem', server.key, 0o600) });
  }

  /** The pool of one party that authenticates by its certificate alone; issued once per OIN. */
  certificaat(oin: string, naam: string): Promise<Dispatcher> {
    let agent = this.perOin.get(oin);
    if (!agent) this.perOin.set(oin, (agent = this.ca.issueClient(oin, naam).then(({ cert, key }) => new TellendeAgent(verbinding({ ca: this.ca.caPem, cert, key })))));
    return agent;
  }

  /** The certificate parties (OIN) with how many API requests each made. */
  async perPartij(): Promise<Map<string, number>> {
    return new Map(await Promise.all([...this.perOin].map(async ([oin, a]) => [oin, (await a).verzoeken] as const)));
  }

  async verzoeken(): Promise<Verzoeken> {
    const certificaten = await Promise.all([...this.perOin.values()]);
    const som = (f: (a: TellendeAgent) => number) => certificaten.reduce((s, a) => s + f(a), 0);
    return { token: this.tokenAgent.verzoeken, certificaat: som((a) => a.verzoeken), verbindingen: this.tokenAgent.verbindingen + som((a) => a.verbindingen) };
  }

  /**
   * The two certificates the hub must refuse: one for a real party's OIN from another CA (not verified,
   * so no identity), and one of this CA for an OIN the hub does not know. Sent without a token.
   */
  async weigeringen(hub: string, bekendeOin: string): Promise<Weigering[]> {
    const ander = await DevCa.create();
    const gevallen: [string, Promise<{ cert: string; key: string }>][] = [
      [`certificaat van een andere CA voor ${bekendeOin}`, ander.issueClient(bekendeOin, 'Vreemde CA')],
      ['certificaat van de CA voor een onbekende OIN', this.ca.issueClient('00000099900000000999', 'Onbekend')],
    ];
    return Promise.all(gevallen.map(async ([naam, paar]) => {
      const { cert, key } = await paar;
      const agent = new Agent(verbinding({ ca: this.ca.caPem, cert, key }));
      try {
        const res = await fetch(`${hub}/api/v1/berichten`, { dispatcher: agent } as RequestInit);
        const problem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json') && (await res.json() as { status?: number }).status === res.status;
        return { naam, status: res.status, problem };
      } finally {
        await agent.close();
      }
    }));
  }

  async sluit(): Promise<void> {
    await Promise.all([this.tokenAgent.close(), this.gezondheid.close(), ...[...this.perOin.values()].map(async (a) => (await a).close())]);
  }
}
