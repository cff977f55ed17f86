import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../shared/hash.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Db } from '../db/db.ts';
import type { Clock } from '../shared/clock.ts';
import { VvaError } from '../shared/errors.ts';
import * as store from './store.ts';
import * as tokens from './token-store.ts';

export const hashToken = sha256Hex;

/** Who acts on a token: beheer through the API or the console; null is the CLI on the hub's own machine. */
export type Door = { oin: string; gebruiker?: string | null; traceId?: string } | null;

export type TokenUitvoer = tokens.TokenInfo & { status: ReturnType<typeof tokens.tokenStatus> };

/**
 * A token's lifecycle (spec §16, issue 12.7): issued, listed, given an end, revoked. Every step is
 * audited like any beheer action; a revoked or expired token no longer authenticates (401).
 */
export class TokenLifecycle {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly audit: AuditLog) {}

  /**
   * Issues a 256-bit bearer token; only its SHA-256 is stored, the token is returned once. A token for
   * another organisation remembers its issuer, and every request made with it is audited with that
   * issuer beside the user (spec §12). `opts.token` is for the demo, whose tokens are derived (stable).
   */
  async issue(oin: string, opts: { label?: string; gebruiker?: string | null; verloopt?: Date | null; token?: string } = {}, door: Door = null): Promise<{ id: string; token: string }> {
    const org = await store.findOrganisatie(this.db, oin);
    if (!org) throw VvaError.notFound(`geen organisatie met OIN ${oin}`);
    const token = opts.token ?? `vva_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const uitgegevenDoor = door && door.oin !== oin && org.soort !== 'beheer' ? naam(door) : null;
    await this.db.transaction(async (tx) => {
      await store.insertToken(tx, { id, oin, hash: hashToken(token), label: opts.label ?? '', gebruiker: opts.gebruiker ?? null, uitgegevenDoor, verloopt: opts.verloopt ?? null });
      await this.audit.append(tx, [this.entry(door, 'token-uitgegeven', `organisatie/${oin}/tokens/${id}`, opts.verloopt ? `verloopt ${opts.verloopt.toISOString()}` : 'ok')]);
    });
    await this.audit.onRecorded();
    return { id, token };
  }

  /** The organisation's tokens, newest first, with their state (never the token or its hash). */
  async list(oin: string, door: Door): Promise<TokenUitvoer[]> {
    if (!(await store.findOrganisatie(this.db, oin))) throw VvaError.notFound(`geen organisatie met OIN ${oin}`);
    const lijst = await tokens.listTokens(this.db, oin);
    await this.audit.record([this.entry(door, 'tokens-bekeken', `organisatie/${oin}/tokens`, String(lijst.length))]);
    return lijst.map((t) => this.uitvoer(t));
  }

  /** Revokes a token at once; revoking it again changes nothing. */
  async revoke(oin: string, id: string, door: Door): Promise<TokenUitvoer> {
    const t = await this.db.transaction(async (tx) => {
      const before = await tokens.findToken(tx, oin, id);
      if (!before) return null;
      const after = await tokens.revokeToken(tx, oin, id, this.clock.now(), door ? naam(door) : 'cli');
      await this.audit.append(tx, [this.entry(door, 'token-ingetrokken', `organisatie/${oin}/tokens/${id}`, before.ingetrokken ? 'was al ingetrokken' : 'ok')]);
      return after;
    });
    // Committed with the change; now linked into the chain (as `record` does for a read).
    await this.audit.onRecorded();
    if (!t) throw VvaError.notFound(`geen token ${id} van organisatie ${oin}`);
    return this.uitvoer(t);
  }

  /** Sets (or with null removes) the moment a token stops working; a moment now or past ends it at once. */
  async expire(oin: string, id: string, verloopt: Date | null, door: Door): Promise<TokenUitvoer> {
    const t = await this.db.transaction(async (tx) => {
      const before = await tokens.findToken(tx, oin, id);
      if (!before) return null;
      if (before.ingetrokken) throw VvaError.conflict(`token ${id} is ingetrokken; een ingetrokken token komt niet terug`);
      const after = await tokens.setExpiry(tx, oin, id, verloopt);
      await this.audit.append(tx, [this.entry(door, 'token-verloopdatum', `organisatie/${oin}/tokens/${id}`, verloopt ? verloopt.toISOString() : 'geen')]);
      return after;
    });
    // Committed with the change; now linked into the chain (as `record` does for a read).
    await this.audit.onRecorded();
    if (!t) throw VvaError.notFound(`geen token ${id} van organisatie ${oin}`);
    return this.uitvoer(t);
  }

  private uitvoer(t: tokens.TokenInfo): TokenUitvoer {
    return { ...t, status: tokens.tokenStatus(t, this.clock.now()) };
  }

  private entry(door: Door, actie: string, resource: string, uitkomst: string) {
    return { actorOin: door?.oin ?? null, gebruiker: door?.gebruiker ?? null, traceId: door?.traceId ?? null, actie, resource, doel: 'beheer', uitkomst };
  }
}

const naam = (door: NonNullable<Door>) => (door.gebruiker ? `${door.oin} (${door.gebruiker})` : door.oin);
