import type { Db, Queryable } from '../db/db.ts';
import { cycleOf } from '../calendar/cycle.ts';
import * as journal from '../journal/store.ts';
import type { Clock } from '../shared/clock.ts';
import { memoBounded } from '../shared/collections.ts';
import { chainHash, GENESIS_HASH, keyFor, pseudonymise, type AuditRecord } from './chain.ts';
import { checkpointNodig, CheckpointSigner, type Checkpoint } from './checkpoint.ts';
import { verifyChain, type VerifyOptions, type VerifyResult } from './verify.ts';
import * as store from './store.ts';

/** What a caller tells the audit log; the PGN is pseudonymised here and never stored. */
export interface AuditEntry {
  actorOin: string | null;
  gebruiker?: string | null;
  actie: string;
  resource: string;
  pgn?: string | null;
  doel: string;
  traceId?: string | null;
  uitkomst: string;
}

/** An audit record before it has a place in the chain: what the journal carries to the distributor. */
export type AuditRegel = Omit<AuditRecord, 'seq' | 'vorigeHash' | 'hash'>;
type AuditRegelJson = Omit<AuditRegel, 'tijdstip'> & { tijdstip: string };

export class AuditLog {
  /** Told after an audited action committed on its own (`record`), so that it is chained soon. */
  onRecorded: () => Promise<void> | void = () => undefined;
  /** Told after a transaction that wrote a checkpoint committed: `serve` logs it (an anchor outside the table). */
  onCheckpoint: (c: Checkpoint) => void = () => undefined;
  readonly signer: CheckpointSigner;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly pseudonymKey: string,
    private readonly auditKey: string,
  ) {
    this.signer = new CheckpointSigner(auditKey);
  }

  /**
   * A distributor pass asks for one pupil's pseudonym several times (the receipt's audit line, each
   * event's ordering key, each hand-over's audit line); an HMAC is microseconds, so the last pupils'
   * are remembered. Bounded: at most 20,000 (about 2 MB), emptied when full.
   */
  readonly pseudonym = memoBounded(20_000, (pgn: string) => pseudonymise(this.pseudonymKey, pgn));

  /**
   * A keyed hash of a text that may hold personal data (a request body with a BSN), with the pseudonym
   * key: comparable, not reversible by trying every BSN. Not remembered, unlike `pseudonym`.
   */
  digest(tekst: string): string {
    return pseudonymise(this.pseudonymKey, tekst);
  }

  /** The record as it will be chained: the moment of the action, the PGN only as its pseudonym. */
  regel(e: AuditEntry, tijdstip?: Date): AuditRegel;
  /** The same with the moment as its ISO text, as the journal carries it. */
  regel(e: AuditEntry, tijdstip: string): AuditRegelJson;
  regel(e: AuditEntry, tijdstip: Date | string = this.clock.now()): Omit<AuditRegel, 'tijdstip'> & { tijdstip: Date | string } {
    return {
      tijdstip, actorOin: e.actorOin, gebruiker: e.gebruiker ?? null, actie: e.actie, resource: e.resource,
      pgnPseudoniem: e.pgn ? this.pseudonym(e.pgn) : null, doel: e.doel, traceId: e.traceId ?? null, uitkomst: e.uitkomst,
    };
  }

  /** The journal row that carries a request's audit entries (written with the data they describe). */
  feit(entries: AuditEntry[], traceId: string | null = null): journal.NieuwFeit {
    const now = this.clock.now();
    const tijdstip = now.toISOString();
    const regels: AuditRegelJson[] = entries.map((e) => this.regel(e, tijdstip));
    return {
      soort: 'audit', afzenderOin: null, berichtId: null, cyclus: cycleOf(now), pgn: null, resultaat: null,
      eldersAangemeld: null, traceId, tijdstip: now, data: { regels },
    };
  }

  /**
   * Records entries in the caller's transaction, so that a change of personal data and its audit
   * record commit or roll back together. They go to the journal, which takes no lock; the
   * distributor, the only writer of the chain, links them into it in commit order.
   */
  async append(tx: Queryable, entries: AuditEntry[]): Promise<void> {
    if (entries.length > 0) await journal.insertFeiten(tx, [this.feit(entries)]);
  }

  /** Records entries on their own (reads, refusals and other events without a data change). */
  async record(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await journal.insertFeiten(this.db, [this.feit(entries)]);
    await this.onRecorded();
  }

  /**
   * Links records into the chain. Only the distributor (and the migration of old data) calls this,
   * inside its transaction; the head lock keeps the chain one line even if another process runs one.
   * Returns the checkpoint it signed when one was due, to be published once the transaction commits.
   */
  async chain(tx: Queryable, regels: AuditRegel[]): Promise<Checkpoint | null> {
    if (regels.length === 0) return null;
    const head = await store.lockChainHead(tx);
    const chainKey = { key: this.auditKey, gesleuteldVanaf: head.gesleuteldVanaf };
    let prev = { seq: head.seq, hash: head.hash };
    // Each record built once as a literal of one shape: spreading a line into a record with its seq
    // in front takes V8's slow path (5,000 records: 35–45 ms that way, 22–25 ms so; docs/benchmarks.md).
    const records = new Array<AuditRecord>(regels.length);
    for (let i = 0; i < regels.length; i++) {
      const r = regels[i]!;
      const record: AuditRecord = {
        seq: prev.seq + 1, tijdstip: r.tijdstip, actorOin: r.actorOin, gebruiker: r.gebruiker, actie: r.actie, resource: r.resource,
        pgnPseudoniem: r.pgnPseudoniem, doel: r.doel, traceId: r.traceId, uitkomst: r.uitkomst, vorigeHash: prev.hash, hash: '',
      };
      record.hash = chainHash(keyFor(chainKey, record.seq), prev.hash, record);
      records[i] = record;
      prev = { seq: record.seq, hash: record.hash };
    }
    await store.insertRecords(tx, records);
    const nu = this.clock.now();
    if (!checkpointNodig(head.checkpoint, prev, nu)) return null;
    const checkpoint = this.signer.sign({ seq: prev.seq, hash: prev.hash, tijdstip: nu });
    await store.insertCheckpoint(tx, checkpoint);
    return checkpoint;
  }

  /** Publishes a committed checkpoint outside the table (the log; the metrics read the latest). */
  publiceer(c: Checkpoint | null): void {
    if (c) this.onCheckpoint(c);
  }

  checkpoints(sinds?: number): Promise<Checkpoint[]> {
    return store.listCheckpoints(this.db, sinds);
  }

  /** The audit lines a journal row of kind `audit` carries. */
  static regelsVan(data: Record<string, unknown>): AuditRegel[] {
    return ((data.regels ?? []) as AuditRegelJson[]).map((r) => ({ ...r, tijdstip: new Date(r.tijdstip) }));
  }

  /** Verifies the chain (src/audit/verify.ts): from the last good checkpoint, or from the start. */
  verify(opts: VerifyOptions = {}): Promise<VerifyResult> {
    return verifyChain(this.db, { key: this.auditKey, publicKey: this.signer.publicKey }, opts);
  }

  countPerResource(actie: string, van: Date, tot: Date): Promise<Map<string, number>> {
    return store.countPerResource(this.db, actie, van, tot);
  }

  exportPage(p: { na: number; van?: Date; tot?: Date; limit: number }): Promise<AuditRecord[]> {
    return store.exportPage(this.db, p);
  }

  latestOf(actie: string, resource: string): Promise<AuditRecord | null> {
    return store.latestOf(this.db, actie, resource);
  }

  search(s: store.AuditSearch): Promise<AuditRecord[]> {
    return store.search(this.db, s);
  }
}
