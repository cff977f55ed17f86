import type { Db, Queryable } from '../db/db.ts';
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

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly pseudonymKey: string,
  ) {}

  pseudonym(pgn: string): string {
    return pseudonymise(this.pseudonymKey, pgn);
  }

  /**
   * Appends entries inside the caller's transaction, so that a change of personal data and its
   * audit record commit or roll back together. Appends are serialised by a transaction lock.
   */
  async append(tx: Queryable, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const head = (await store.lockChainHead(tx)) ?? { seq: 0, hash: GENESIS_HASH };
    const tijdstip = this.clock.now();
    let prev = head;
    const records: AuditRecord[] = entries.map((e) => {
      const base = {
        seq: prev.seq + 1, tijdstip, actorOin: e.actorOin, gebruiker: e.gebruiker ?? null, actie: e.actie,
        resource: e.resource, pgnPseudoniem: e.pgn ? this.pseudonym(e.pgn) : null, doel: e.doel,
        traceId: e.traceId ?? null, uitkomst: e.uitkomst,
      };
      const record = { ...base, vorigeHash: prev.hash, hash: chainHash(prev.hash, base) };
      prev = { seq: record.seq, hash: record.hash };
      return record;
    });
    await store.insertRecords(tx, records);
  }

  /** Appends in a transaction of its own (for reads, refusals and other events without a data change). */
  async record(entries: AuditEntry[]): Promise<void> {
    await this.db.transaction((tx) => this.append(tx, entries));
  }

  /** Walks the whole chain in pages; reports every break, and a head that does not match the last record. */
  async verify(pageSize = 5000): Promise<{ ok: boolean; records: number; problems: ChainProblem[] }> {
    const problems: ChainProblem[] = [];
    let position = { seq: 0, hash: GENESIS_HASH };
    let count = 0;
    for (;;) {
      const page = await store.readPage(this.db, position.seq, pageSize);
      if (page.length === 0) break;
      const run = verifyRun(page, position);
      problems.push(...run.problems);
      position = run.end;
      count += page.length;
    }
    const head = await store.readHead(this.db);
    if ((head?.seq ?? 0) !== position.seq || (head?.hash ?? GENESIS_HASH) !== position.hash) {
      problems.push({ seq: position.seq, problem: 'kop-wijkt-af', detail: `kop van de keten wijst naar seq ${head?.seq ?? 0}, laatste record is ${position.seq}` });
    }
    return { ok: problems.length === 0, records: count, problems };
  }

  search(s: store.AuditSearch): Promise<AuditRecord[]> {
    return store.search(this.db, s);
  }
}
