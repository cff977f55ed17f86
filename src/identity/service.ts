import type { AuditLog } from '../audit/audit-log.ts';
import type { Db } from '../db/db.ts';
import * as reference from '../reference-data/store.ts';
import { amsterdamDate, type Clock } from '../shared/clock.ts';
import { VvaError, type InvalidParam } from '../shared/errors.ts';
import { parseOrThrow } from '../shared/validation.ts';
import type { Soort } from './oin.ts';
import { mandaatInvoer, organisatieInvoer } from './schemas.ts';
import * as store from './store.ts';
import { hashToken, TokenLifecycle, type Door } from './tokens.ts';

/** The organisation a request acts as, after authentication (spec §2). */
export interface Actor {
  oin: string;
  soort: Soort;
  naam: string;
  brin: string | null;
  gemeentecode: string | null;
  rmcCode: string | null;
  /** Operator name for beheer tokens; audit records carry it. */
  gebruiker: string | null;
  via: 'token' | 'certificaat';
}

export { hashToken };

export class IdentityService {
  /** Tokens: issue, list, expire, revoke (issue 12.7). */
  readonly tokens: TokenLifecycle;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.tokens = new TokenLifecycle(db, clock, audit);
  }

  /** Creates an organisation; schools must exist (active) in the reference data, gemeenten and RMC regions too. */
  async addOrganisation(input: unknown, by: string | null): Promise<store.Organisatie> {
    const o = parseOrThrow(organisatieInvoer, input);
    const problems: InvalidParam[] = [];
    if (o.soort === 'vo-school' && !(await reference.activeVoSchool(this.db, o.brin!))) problems.push({ name: 'brin', reason: 'geen actieve vo-school in de DUO-gegevens' });
    if (o.soort === 'mbo-instelling' && !(await reference.activeMboInstelling(this.db, o.brin!))) problems.push({ name: 'brin', reason: 'geen actieve mbo-instelling in de referentiegegevens' });
    if (o.gemeentecode && !(await reference.findGemeente(this.db, o.gemeentecode))) problems.push({ name: 'gemeentecode', reason: 'onbekende gemeente' });
    if (o.rmcCode && !(await reference.findRmcRegio(this.db, o.rmcCode))) problems.push({ name: 'rmcCode', reason: 'onbekende RMC-regio' });
    if (problems.length) throw VvaError.invalid(problems);
    if (await store.findOrganisatie(this.db, o.oin)) throw VvaError.conflict(`OIN ${o.oin} bestaat al`);
    const org = { oin: o.oin, soort: o.soort, naam: o.naam, brin: o.brin ?? null, gemeentecode: o.gemeentecode ?? null, rmcCode: o.rmcCode ?? null };
    try {
      await this.db.transaction(async (tx) => {
        await store.insertOrganisatie(tx, org);
        await this.audit.append(tx, [{ actorOin: by, actie: 'organisatie-aangemaakt', resource: `organisatie/${o.oin}`, doel: 'beheer', uitkomst: 'ok' }]);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw VvaError.conflict(`er is al een organisatie van soort ${o.soort} voor deze BRIN, gemeente of RMC-regio`);
      throw err;
    }
    return { ...org, actief: true };
  }

  getOrganisation(oin: string) {
    return store.findOrganisatie(this.db, oin);
  }

  listOrganisations(soort?: Soort) {
    return store.listOrganisaties(this.db, soort);
  }

  /** Issues a token (see TokenLifecycle.issue); the console, the CLI and the demo call it here. */
  issueToken(oin: string, opts: Parameters<TokenLifecycle['issue']>[1] = {}, door: Door = null): Promise<{ id: string; token: string }> {
    return this.tokens.issue(oin, opts, door);
  }

  async addMandate(input: unknown, by: string | null): Promise<store.Mandaat> {
    const m = parseOrThrow(mandaatInvoer, input);
    const [leverancier, school] = await Promise.all([store.findOrganisatie(this.db, m.leverancierOin), store.findOrganisatie(this.db, m.schoolOin)]);
    const problems: InvalidParam[] = [];
    if (!leverancier) problems.push({ name: 'leverancierOin', reason: 'onbekende organisatie' });
    else if (!['leverancier', 'overstapsysteem'].includes(leverancier.soort)) problems.push({ name: 'leverancierOin', reason: 'alleen een leverancier of overstapsysteem kan een mandaat krijgen' });
    if (!school) problems.push({ name: 'schoolOin', reason: 'onbekende organisatie' });
    else if (!['vo-school', 'mbo-instelling', 'gemeente'].includes(school.soort)) problems.push({ name: 'schoolOin', reason: 'een mandaat wordt gegeven door een school, instelling of gemeente' });
    if (problems.length) throw VvaError.invalid(problems);
    const van = m.van ?? amsterdamDate(this.clock.now());
    const mandaat = { leverancierOin: m.leverancierOin, schoolOin: m.schoolOin, van, tot: m.tot ?? null };
    const id = await this.db.transaction(async (tx) => {
      const newId = await store.insertMandaat(tx, mandaat);
      await this.audit.append(tx, [{ actorOin: by, actie: 'mandaat-vastgelegd', resource: `mandaat/${newId}`, doel: 'beheer', uitkomst: 'ok' }]);
      return newId;
    });
    return { id, ...mandaat };
  }

  listMandates(leverancierOin?: string) {
    return store.listMandaten(this.db, leverancierOin);
  }

  async authenticateToken(token: string): Promise<Actor | null> {
    const org = await store.findByTokenHash(this.db, hashToken(token), this.clock.now());
    if (!org) return null;
    // The audit records of every request made with the token carry its issuer (the `gebruiker` field).
    const gebruiker = org.uitgegevenDoor ? `${org.gebruiker ? `${org.gebruiker}; ` : ''}token uitgegeven door ${org.uitgegevenDoor}` : org.gebruiker;
    return { ...toActor(org, 'token'), gebruiker };
  }

  async authenticateCertificate(oin: string): Promise<Actor | null> {
    const org = await store.findOrganisatie(this.db, oin);
    return org?.actief ? toActor(org, 'certificaat') : null;
  }

  /**
   * The BRINs this actor may send messages for on a date: its own, or (a supplier) those it holds a
   * valid mandate for. One query per batch instead of one per message.
   */
  async allowedBrins(actor: Actor, soort: 'vo-school' | 'mbo-instelling', on: Date = this.clock.now()): Promise<ReadonlySet<string>> {
    if (actor.soort === soort) return new Set(actor.brin ? [actor.brin] : []);
    if (actor.soort !== 'leverancier') return new Set();
    return new Set(await store.mandatedBrins(this.db, actor.oin, soort, amsterdamDate(on)));
  }

  /** Spec §2: a message about BRIN X comes from X itself or from a supplier with a valid mandate for X on that date. */
  async mayActFor(actor: Actor, soort: 'vo-school' | 'mbo-instelling', brin: string, on: Date = this.clock.now()): Promise<boolean> {
    return (await this.allowedBrins(actor, soort, on)).has(brin);
  }

}

function toActor(org: store.Organisatie, via: Actor['via']): Actor {
  return { oin: org.oin, soort: org.soort, naam: org.naam, brin: org.brin, gemeentecode: org.gemeentecode, rmcCode: org.rmcCode, gebruiker: null, via };
}
