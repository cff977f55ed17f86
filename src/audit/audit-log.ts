import type { Db, Queryable } from '../db/db.ts';
import { cycleOf } from '../calendar/cycle.ts';
import * as journal from '../journal/store.ts';
import type { Clock } from '../shared/clock.ts';
import { chainHash, GENESIS_HASH, pseudonymise, verifyRun, type AuditRecord, type ChainProblem } from './chain.ts';
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

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly pseudonymKey: string,
  ) {}

  pseudonym(pgn: string): string {
    return pseudonymise(this.pseudonymKey, pgn);
  }

  /** The record as it will be chained: the moment of the action, the PGN only as its pseudonym. */
  regel(e: AuditEntry, tijdstip = this.clock.now()): AuditRegel {
    return {
      tijdstip, actorOin: e.actorOin, gebruiker: e.gebruiker ?? null, actie: e.actie, resource: e.resource,
      pgnPseudoniem: e.pgn ? this.pseudonym(e.pgn) : null, doel: e.doel, traceId: e.traceId ?? null, uitkomst: e.uitkomst,
    };
  }

  /** The journal row that carries a request's audit entries (written with the data they describe). */
  feit(entries: AuditEntry[], traceId: string | null = null): journal.NieuwFeit {
    const now = this.clock.now();
    const regels: AuditRegelJson[] = entries.map((e) => ({ ...this.regel(e, now), tijdstip: now.toISOString() }));
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
   */
  async chain(tx: Queryable, regels: AuditRegel[]): Promise<void> {
    if (regels.length === 0) return;
    let prev = (await store.lockChainHead(tx)) ?? { seq: 0, hash: GENESIS_HASH };
    const records: AuditRecord[] = regels.map((base0) => {
      const base = { seq: prev.seq + 1, ...base0 };
      const record = { ...base, vorigeHash: prev.hash, hash: chainHash(prev.hash, base) };
      prev = { seq: record.seq, hash: record.hash };
      return record;
    });
    await store.insertRecords(tx, records);
  }

  /** The audit lines a journal row of kind `audit` carries. */
  static regelsVan(data: Record<string, unknown>): AuditRegel[] {
    return ((data.regels ?? []) as AuditRegelJson[]).map((r) => ({ ...r, tijdstip: new Date(r.tijdstip) }));
  }

  /**
   * Walks the whole chain in pages, in one snapshot (a distributor committing meanwhile cannot make
   * the head and the last page disagree); reports every break, and a head that does not match.
   */
  async verify(pageSize = 5000): Promise<{ ok: boolean; records: number; problems: ChainProblem[] }> {
    return this.db.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read, read only');
      const problems: ChainProblem[] = [];
      let position = { seq: 0, hash: GENESIS_HASH };
      let count = 0;
      for (;;) {
        const page = await store.readPage(tx, position.seq, pageSize);
        if (page.length === 0) break;
        const run = verifyRun(page, position);
        problems.push(...run.problems);
        position = run.end;
        count += page.length;
      }
      const head = await store.readHead(tx);
      if ((head?.seq ?? 0) !== position.seq || (head?.hash ?? GENESIS_HASH) !== position.hash) {
        problems.push({ seq: position.seq, problem: 'kop-wijkt-af', detail: `kop van de keten wijst naar seq ${head?.seq ?? 0}, laatste record is ${position.seq}` });
      }
      return { ok: problems.length === 0, records: count, problems };
    });
  }

  countPerResource(actie: string, van: Date, tot: Date): Promise<Map<string, number>> {
    return store.countPerResource(this.db, actie, van, tot);
  }

  search(s: store.AuditSearch): Promise<AuditRecord[]> {
    return store.search(this.db, s);
  }
}
