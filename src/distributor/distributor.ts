import type { AppContext } from '../app/context.ts';
import type { Checkpoint } from '../audit/checkpoint.ts';
import * as journal from '../journal/store.ts';
import { verdeel } from './verdeel.ts';

/** Journal rows per distributor transaction: large enough that each statement does real work. */
const BATCH = 5_000;
/** Safety net for rows written by other processes (and wake-ups lost in a crash). */
const POLL_MS = 200;
/** How long `drain` waits for rows held back by a transaction that is still running. */
const DRAIN_PATIENCE_MS = 30_000;
/**
 * Rows held back behind an older transaction still running are looked at again after 2 ms, doubling
 * up to the poll: an intake transaction ends within milliseconds, and waiting for the next request's
 * wake-up (or the poll) put up to 200 ms on a status's way to its recipients (issue 11, B2).
 */
const OPGEHOUDEN_MS = 2;

type Pass = 'bezet' | 'leeg' | 'opgehouden' | 'klaar' | 'meer';

/**
 * Reads the fact journal in commit order and distributes it (src/distributor/verdeel.ts), one batch
 * per transaction that also moves the mark: a crash repeats or loses nothing. Within a process one
 * pass runs at a time; across processes a transaction lock gives the turn to one of them, and when
 * that process dies the others simply find the lock free.
 */
export class Distributor {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private nogEens: NodeJS.Timeout | null = null;
  private opgehoudenMs = OPGEHOUDEN_MS;
  /** Only a serving process distributes in the background; a CLI command leaves it to the hub. */
  private stopped = true;

  constructor(private readonly ctx: AppContext) {}

  /** Polls in the background; `kick` (after each request's commit) makes it go at once. */
  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.nogEens) clearTimeout(this.nogEens);
    await this.running;
  }

  /** Distributes what is there now, in the background (once started); a kick during a pass gets a pass of its own. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        let pass: Pass;
        do {
          this.again = false;
          do pass = await this.pass(false);
          while (pass === 'meer');
        } while (this.again && !this.stopped);
        this.opnieuwAlsOpgehouden(pass);
      } catch (err) {
        this.ctx.log.error({ err }, 'distribution failed; retrying on the next poll');
      } finally {
        this.running = null;
      }
    })();
  }

  private opnieuwAlsOpgehouden(pass: Pass): void {
    if (pass !== 'opgehouden') {
      this.opgehoudenMs = OPGEHOUDEN_MS;
      return;
    }
    if (this.stopped || this.nogEens) return;
    this.nogEens = setTimeout(() => {
      this.nogEens = null;
      this.kick();
    }, this.opgehoudenMs);
    this.nogEens.unref();
    this.opgehoudenMs = Math.min(POLL_MS, this.opgehoudenMs * 2);
  }

  /**
   * Resolves when everything committed before the call is distributed (milestones, the manual clock,
   * tests): waits for the turn, and for rows that a transaction still running holds back.
   */
  async drain(): Promise<void> {
    const deadline = Date.now() + DRAIN_PATIENCE_MS;
    for (;;) {
      await this.running;
      // Every commit before the call is visible to the pass; 'klaar' or 'leeg': no visible row is left
      // past what it read (a pass writes no journal rows of its own); 'opgehouden': some are (journal/store.ts).
      const pass = await this.pass(true);
      if (pass === 'meer') continue;
      if (pass !== 'opgehouden') return;
      if (Date.now() > deadline) {
        this.ctx.log.warn({}, 'drain: journal rows still held back by a running transaction');
        return;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private async pass(wait: boolean): Promise<Pass> {
    let ontvangers: string[] = [];
    let checkpoint: Checkpoint | null = null;
    let verdeeld = 0;
    let signaalTypen: string[] = [];
    let begin = 0;
    const pass = await this.ctx.db.transaction(async (tx): Promise<Pass> => {
      if (!(await journal.neemBeurt(tx, wait))) return 'bezet';
      begin = performance.now();
      const { feiten, opgehouden } = await journal.volgendeFeiten(tx, BATCH);
      if (feiten.length === 0) return opgehouden ? 'opgehouden' : 'leeg';
      const r = await verdeel(this.ctx, tx, feiten);
      ontvangers = r.ontvangers;
      checkpoint = r.checkpoint;
      signaalTypen = r.signaalTypen;
      verdeeld = feiten.length;
      await journal.zetStand(tx, feiten.at(-1)!, this.ctx.clock.now());
      return feiten.length === BATCH ? 'meer' : opgehouden ? 'opgehouden' : 'klaar';
    });
    // Counted after the commit: a pass that rolled back distributed nothing.
    this.ctx.metrics.distributed.inc(verdeeld);
    if (verdeeld > 0) {
      this.ctx.metrics.distributorPass.observe((performance.now() - begin) / 1000);
      this.opgehoudenMs = OPGEHOUDEN_MS;
    }
    for (const type of signaalTypen) this.ctx.metrics.signalen.inc({ type });
    // Handed straight to this process's delivery workers, after the commit made them visible.
    if (ontvangers.length > 0) this.ctx.onUitgaand(ontvangers);
    this.ctx.audit.publiceer(checkpoint);
    return pass;
  }
}
