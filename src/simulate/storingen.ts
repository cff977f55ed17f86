import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { SimHub } from './hub.ts';

/** One fault the simulator injected into the hub, and what it took to recover. */
export interface Ingreep {
  dag: string;
  soort: 'SIGKILL' | 'pg_terminate_backend';
  /** The process killed, or how many connections were cut. */
  doel: string;
  /** Wall-clock milliseconds until the killed process answered /health again. */
  herstartMs?: number;
}

/** The round of Centraal Aanmelden's registrations and withdrawals (src/simulate/centraal.ts), as `tijdens` knows it. */
export const CA_RONDE = 'centraal-aanmelden';

/**
 * Faults in the hub itself, at random moments while the parties send: a process killed with SIGKILL
 * and started again (its clock where the others' are), or every database connection cut. The days
 * are spread over the cycle; the moment within the day's traffic is drawn.
 */
export class HubStoringen {
  readonly ingrepen: Ingreep[] = [];
  private readonly opDag = new Map<string, Ingreep['soort']>();
  private volgende = 0;
  private readonly rng: ReturnType<typeof xoroshiro128plus>;

  constructor(private readonly hub: SimHub | null, seed: number, readonly aantal: { kills: number; verbrekingen: number }) {
    this.rng = xoroshiro128plus(seed + 1);
  }

  private kans(): number {
    return uniformFloat64(this.rng);
  }

  /**
   * Chooses `kills` and `verbrekingen` of the rounds of traffic, evenly spread (cuts only on PostgreSQL).
   * The first kill strikes Centraal Aanmelden's registrations instead (`CA_RONDE`): its front end
   * resends what lost its answer, with the same Idempotency-Key.
   */
  plan(dagen: string[], kills: number, verbrekingen: number): void {
    if (!this.hub) return;
    if (kills > 0) this.opDag.set(CA_RONDE, 'SIGKILL');
    const soorten: Ingreep['soort'][] = [...Array(Math.max(0, kills - 1)).fill('SIGKILL'), ...(this.hub.verbrekVerbindingen ? Array(verbrekingen).fill('pg_terminate_backend') : [])];
    // Shuffled (Fisher–Yates), so that both kinds hit every phase of the cycle.
    for (let i = soorten.length - 1; i > 0; i--) {
      const j = Math.floor(this.kans() * (i + 1));
      [soorten[i], soorten[j]] = [soorten[j]!, soorten[i]!];
    }
    soorten.forEach((s, i) => {
      const d = dagen[Math.floor(((i + 0.5) / soorten.length) * dagen.length)];
      if (d !== undefined) this.opDag.set(d, s);
    });
  }

  /** Runs a round of traffic; in a planned one the fault strikes during it, and the hub is whole again before this returns. */
  async tijdens<T>(ronde: string, datum: string, nu: string, verkeer: () => Promise<T>): Promise<T> {
    const soort = this.opDag.get(ronde);
    if (!soort || !this.hub) return verkeer();
    const hub = this.hub;
    const bezig = verkeer();
    await new Promise((r) => setTimeout(r, 10 + this.kans() * 200));
    if (soort === 'SIGKILL') {
      const i = this.volgende++ % hub.processen.length;
      const t0 = performance.now();
      await hub.herstart(i, nu);
      this.ingrepen.push({ dag: datum, soort, doel: hub.processen[i]!.naam, herstartMs: Math.round(performance.now() - t0) });
    } else {
      const n = await hub.verbrekVerbindingen!();
      this.ingrepen.push({ dag: datum, soort, doel: `${n} verbindingen` });
    }
    return bezig;
  }
}
