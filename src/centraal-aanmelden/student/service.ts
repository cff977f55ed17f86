import type { AppContext } from '../../app/context.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import type { Actor } from '../../identity/service.ts';
import { DOEL } from '../aanmelding/regels.ts';
import * as bewaar from '../bewaartermijn/store.ts';
import { legVerslagVast, verwijderBinnen } from '../bewaartermijn/verwijder.ts';
import * as store from './store.ts';

/**
 * The student's own environment (spec §17): opened at the first login or registration, kept alive by
 * activity, deleted on request. Every touch of it is audited with the student's pseudonym.
 */
export class StudentService {
  constructor(private readonly ctx: AppContext) {}

  private audit(actor: Actor | null, actie: string, pgn: string, traceId: string | null, uitkomst = 'ok'): AuditEntry {
    return { actorOin: actor?.oin ?? null, gebruiker: actor?.gebruiker ?? null, actie, resource: 'ca-student', pgn, doel: DOEL, traceId, uitkomst };
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

  /** The student's language (a change of the environment, so audited and counted as activity). */
  async zetTaal(pgn: string, taal: 'nl' | 'en', actor: Actor | null = null, traceId: string | null = null): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const gedaan = await store.zetTaal(tx, pgn, taal, this.ctx.clock.now());
      await this.ctx.audit.append(tx, [this.audit(actor, 'ca-taal-gekozen', pgn, traceId, gedaan ? taal : 'geen-omgeving')]);
    });
    await this.ctx.onFeiten();
  }

  /**
   * The student deletes the own environment (spec §17), at once: profile and registrations go in one
   * transaction. A registration the SIS already has and that is still open (INGEDIEND, OA) is
   * withdrawn first, and an anonymous remainder — no PGN, no data — carries that withdrawal to the
   * SIS, so the instelling hears of it (AVG art. 19); the daily retention run removes it once
   * acknowledged. The statistics keep the registrations' counts. A report (the search for the PGN
   * afterwards, its hash in the audit chain) proves it.
   */
  async verwijderOpVerzoek(actor: Actor, pgn: string, traceId: string | null): Promise<{ aanmeldingen: number }> {
    const nu = this.ctx.clock.now();
    const weg = await this.ctx.db.transaction(async (tx) => {
      await bewaar.verwijderOmgeving(tx, pgn);
      return verwijderBinnen(this.ctx, tx, [{ pgn, reden: 'verzoek' }], nu, { actorOin: actor.oin, gebruiker: actor.gebruiker, traceId });
    });
    await legVerslagVast(this.ctx, 'verzoek', nu, { verwijderd: { omgevingen: 1, ...weg } }, [pgn]);
    await this.ctx.onFeiten();
    return { aanmeldingen: weg.aanmeldingen };
  }
}
