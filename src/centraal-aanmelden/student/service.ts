import type { AppContext } from '../../app/context.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import type { Actor } from '../../identity/service.ts';
import { DOEL } from '../aanmelding/regels.ts';
import * as store from './store.ts';

/**
 * The student's own environment (spec §17): opened at the first login or registration, kept alive by
 * activity, deleted on request. Every touch of it is audited with the student's pseudonym.
 */
export class StudentService {
  constructor(private readonly ctx: AppContext) {}

  private audit(actor: Actor, actie: string, pgn: string, traceId: string | null, uitkomst = 'ok'): AuditEntry {
    return { actorOin: actor.oin, gebruiker: actor.gebruiker, actie, resource: 'ca-student', pgn, doel: DOEL, traceId, uitkomst };
  }

  /** The student logged in: the environment opens (or is found) and its retention clock moves. */
  async open(actor: Actor, pgn: string, traceId: string | null, email?: string | null): Promise<store.Student> {
    return this.ctx.db.transaction(async (tx) => {
      const bestond = await store.findStudent(tx, pgn);
      const student = await store.raakAan(tx, pgn, this.ctx.clock.now(), email);
      await this.ctx.audit.append(tx, [this.audit(actor, bestond ? 'ca-omgeving-geopend' : 'ca-omgeving-aangemaakt', pgn, traceId)]);
      return student;
    });
  }

  async zetTaal(pgn: string, taal: 'nl' | 'en'): Promise<void> {
    await store.zetTaal(this.ctx.db, pgn, taal);
  }

  /** The student deletes the own environment: profile and registrations go at once; the audit says so. */
  async verwijderOpVerzoek(actor: Actor, pgn: string, traceId: string | null): Promise<{ aanmeldingen: number }> {
    const uitkomst = await this.ctx.db.transaction(async (tx) => {
      const weg = await store.verwijderOmgeving(tx, pgn);
      await this.ctx.audit.append(tx, [this.audit(actor, 'ca-omgeving-verwijderd', pgn, traceId, `op-verzoek:${weg.aanmeldingen}-aanmeldingen`)]);
      return weg;
    });
    await this.ctx.onFeiten();
    return { aanmeldingen: uitkomst.aanmeldingen };
  }
}
