import type { Dispatcher } from 'undici';

/**
 * The clients' side of a fault: a request that a killed process or a cut database connection left
 * without an answer (a broken connection, 502/503), or that a stalled process never read (408), is
 * sent again, as every well-behaved client of the hub does. That is safe for everything the simulator
 * sends within a fault: messages carry their berichtId (a resend is answered DUPLICAAT and changes
 * nothing), a pull repeats its cursor, the clock moves to the same time.
 */
export const HERHAALD = 'x-simulatie-herhaald';
/** 408: the server did not read the request in time (RFC 9110 §15.5.9: the client may repeat it); 502/503: no process answered. */
const OPNIEUW = new Set([408, 502, 503]);

export class Klantfouten {
  /** Per cause (`verbinding`, `408`, `502`, `503`): requests sent again. */
  readonly herhaald = new Map<string, number>();
  /** Wall-clock milliseconds clients waited for a fault to pass (first failure to answer). */
  readonly wachttijdMs: number[] = [];

  constructor(private readonly geduldMs = 180_000) {}

  totaal(): number {
    return [...this.herhaald.values()].reduce((s, n) => s + n, 0);
  }

  /** The retrying fetch of one client: every attempt over `dispatcher` (its connection pool, its client certificate, if any). */
  fetchVia(dispatcher?: Dispatcher): typeof globalThis.fetch {
    return (input, init) => this.verstuur(input, init, dispatcher);
  }

  private async verstuur(input: RequestInfo | URL, init: RequestInit | undefined, dispatcher: Dispatcher | undefined): Promise<Response> {
    const origineel = input instanceof Request ? input : new Request(input, init);
    const body = origineel.body ? await origineel.arrayBuffer() : undefined;
    const start = Date.now();
    let eersteFout: number | null = null;
    for (let poging = 0; ; poging++) {
      let oorzaak: string;
      try {
        // undici's dispatcher option, which the DOM's RequestInit does not name.
        const res = await globalThis.fetch(new Request(origineel, body === undefined ? {} : { body }), (dispatcher ? { dispatcher } : {}) as RequestInit);
        if (!OPNIEUW.has(res.status)) {
          if (eersteFout === null) return res;
          this.wachttijdMs.push(Date.now() - eersteFout);
          // Marked, so the caller knows that a first attempt may have been processed (its answer: DUPLICAAT).
          const headers = new Headers(res.headers);
          headers.set(HERHAALD, String(poging));
          return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
        }
        await res.body?.cancel();
        oorzaak = String(res.status);
      } catch (err) {
        oorzaak = 'verbinding';
        if (Date.now() - start > this.geduldMs) throw err;
      }
      eersteFout ??= Date.now();
      if (Date.now() - start > this.geduldMs) throw new Error(`${origineel.method} ${new URL(origineel.url).pathname}: na ${poging + 1} pogingen nog ${oorzaak}`);
      this.herhaald.set(oorzaak, (this.herhaald.get(oorzaak) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** poging)));
    }
  }
}
