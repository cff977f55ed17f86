import type { AppContext } from '../../app/context.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import type { Actor } from '../../identity/service.ts';
import { activeMboInstelling } from '../../reference-data/store.ts';
import { VvaError, type InvalidParam } from '../../shared/errors.ts';
import { DOEL } from '../aanmelding/regels.ts';
import { kiesKoppelpunt, sisStaat, type Koppelpunt } from './kies.ts';
import * as store from './store.ts';

/** Spec §17: "any registration of the last year can be queued again". */
const OPNIEUW_TERMIJN_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The SIS link (spec §17): koppelpunten per instelling; the SIS, or its supplier under mandate, pulls
 * new registrations and withdrawals by koppelpuntcode, acknowledges them and reports errors.
 */
export class KoppelpuntService {
  constructor(private readonly ctx: AppContext) {}

  private regel(actor: Actor, actie: string, caKetenId: string, pgn: string | null, traceId: string | null, uitkomst = 'ok'): AuditEntry {
    return { actorOin: actor.oin, gebruiker: actor.gebruiker, actie, resource: `ca-aanmelding/${caKetenId}`, pgn, doel: DOEL, traceId, uitkomst };
  }

  /**
   * The koppelpunt behind a code, if the actor may use it. An unknown, inactive or wrongly-cased code
   * is a 404 that says so — never an empty list a SIS would take for "nothing new".
   */
  async koppelpuntVoor(actor: Actor, code: string, ook: 'beheer' | null = null): Promise<Koppelpunt> {
    const k = await store.findKoppelpunt(this.ctx.db, code);
    if (!k || !k.actief) {
      throw VvaError.notFound(`geen actieve school gevonden voor koppelpuntcode ${JSON.stringify(code)} (de code is hoofdlettergevoelig)`);
    }
    if (ook === 'beheer' && actor.soort === 'beheer') return k;
    if (!(await this.ctx.identity.mayActFor(actor, 'mbo-instelling', k.brin))) {
      throw VvaError.forbidden(`Koppelpunt ${code} hoort bij instelling ${k.brin}; u treedt niet voor haar op (eigen BRIN of geldig mandaat).`);
    }
    return k;
  }

  /** New registrations and withdrawals not yet acknowledged, oldest first. */
  async haalOp(actor: Actor, code: string, limit: number, traceId: string | null) {
    const k = await this.koppelpuntVoor(actor, code);
    const nu = this.ctx.clock.now();
    const berichten = await this.ctx.db.transaction(async (tx) => {
      const b = await store.haalOp(tx, k.koppelpuntcode, nu, limit);
      await this.ctx.audit.append(tx, b.map((x) => this.regel(actor, 'ca-aanmelding-opgehaald', x.aanmelding.caKetenId, x.aanmelding.pgn, traceId, x.soort)));
      return b;
    });
    if (berichten.length) await this.ctx.onFeiten();
    return {
      aanmeldingen: berichten.map(({ berichtId, soort, klaargezet, aanmelding: a }) => {
        const { opleiding: o, ...student } = a.gegevens;
        const basis = { berichtId, soort, klaargezet: klaargezet.toISOString(), caKetenId: a.caKetenId, aanmeldingId: `${a.brin}:${a.ketenId}`, status: a.status };
        if (soort === 'intrekking') return { ...basis, ingetrokkenOp: a.ingetrokkenOp?.toISOString() ?? null };
        return {
          ...basis, ingediendOp: a.ingediendOp.toISOString(),
          opleiding: { aanbodCode: a.aanbodCode, cohort: a.cohort, ...o },
          // A registration message always has its student: a deleted student's remainder carries only a withdrawal.
          student: { bsn: a.pgn!, ...student },
        };
      }),
    };
  }

  async bevestig(actor: Actor, code: string, berichtIds: string[], traceId: string | null) {
    const k = await this.koppelpuntVoor(actor, code);
    const nu = this.ctx.clock.now();
    const bevestigd = await this.ctx.db.transaction(async (tx) => {
      const b = await store.bevestig(tx, k.koppelpuntcode, berichtIds, nu);
      await this.ctx.audit.append(tx, b.map((x) => this.regel(actor, 'ca-aanmelding-bevestigd', x.caKetenId, x.pgn, traceId)));
      return b;
    });
    if (bevestigd.length) await this.ctx.onFeiten();
    const ok = new Set(bevestigd.map((b) => b.berichtId));
    // Unknown or already acknowledged ids are reported, not an error: an acknowledgement may be resent.
    return { bevestigd: bevestigd.length, nietOpen: berichtIds.filter((id) => !ok.has(id)) };
  }

  /** Errors per registration, all checked first: one unknown caKetenId refuses the whole request, listing each. */
  async meldFouten(actor: Actor, code: string, fouten: { caKetenId: string; melding: string }[], traceId: string | null) {
    const k = await this.koppelpuntVoor(actor, code);
    const bekend = await store.aanmeldingenVanKoppelpunt(this.ctx.db, k, fouten.map((f) => f.caKetenId));
    const problemen: InvalidParam[] = fouten.flatMap((f, i) => (bekend.has(f.caKetenId) ? [] : [{ name: `foutmeldingen[${i}].caKetenId`, reason: `geen aanmelding van koppelpunt ${code}` }]));
    if (problemen.length) throw VvaError.invalid(problemen);
    const nu = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      await store.insertFouten(tx, k.koppelpuntcode, fouten, nu);
      await this.ctx.audit.append(tx, fouten.map((f) => this.regel(actor, 'ca-sis-foutmelding', f.caKetenId, bekend.get(f.caKetenId)!.pgn, traceId)));
    });
    await this.ctx.onFeiten();
    return { geregistreerd: fouten.length };
  }

  /** Queues registrations of the last year again (the SIS lost them, or fixed an error); available at once. */
  async opnieuw(actor: Actor, code: string, caKetenIds: string[], traceId: string | null) {
    const k = await this.koppelpuntVoor(actor, code, 'beheer');
    const nu = this.ctx.clock.now();
    const ids = [...new Set(caKetenIds)];
    const bekend = await store.aanmeldingenVanKoppelpunt(this.ctx.db, k, ids, new Date(nu.getTime() - OPNIEUW_TERMIJN_MS));
    const problemen: InvalidParam[] = caKetenIds.flatMap((id, i) => (bekend.has(id) ? [] : [{ name: `caKetenIds[${i}]`, reason: `geen aanmelding van koppelpunt ${code} uit het afgelopen jaar` }]));
    if (problemen.length) throw VvaError.invalid(problemen);
    await this.ctx.db.transaction(async (tx) => {
      await store.wijsToe(tx, k.koppelpuntcode, ids);
      await store.zetKlaar(tx, ids.map((caKetenId) => ({ caKetenId, koppelpuntcode: k.koppelpuntcode, soort: 'aanmelding' as const })), nu);
      await this.ctx.audit.append(tx, ids.map((id) => this.regel(actor, 'ca-aanmelding-opnieuw-klaargezet', id, bekend.get(id)!.pgn, traceId)));
    });
    await this.ctx.onFeiten();
    return { klaargezet: ids.length };
  }

  /**
   * Per registration of the last year: opgehaald / niet opgehaald / heeft foutmeldingen. No student
   * data in the answer, but it is about each student's registration, so each look is audited (inzage).
   */
  async overzicht(actor: Actor, code: string, traceId: string | null = null) {
    const k = await this.koppelpuntVoor(actor, code, 'beheer');
    const nu = this.ctx.clock.now();
    const rijen = await store.sisOverzicht(this.ctx.db, k.koppelpuntcode, new Date(nu.getTime() - OPNIEUW_TERMIJN_MS));
    const gezien = rijen.filter((r) => r.pgn !== null);
    if (gezien.length) await this.ctx.audit.record(gezien.map((r) => this.regel(actor, 'ca-sis-stand-ingezien', r.caKetenId, r.pgn, traceId)));
    return {
      aanmeldingen: rijen.map((r) => ({
        caKetenId: r.caKetenId, aanmeldingId: r.aanmeldingId, ingediendOp: r.ingediendOp.toISOString(),
        staat: sisStaat({ bevestigd: r.bevestigd, foutmeldingen: r.foutmeldingen.length }),
        foutmeldingen: r.foutmeldingen.map((f) => ({ melding: f.melding, tijdstip: f.tijdstip.toISOString() })),
      })),
    };
  }

  /** Beheer sets up a koppelpunt (instelling administrators, later, do it for their own instelling). */
  async zetKoppelpunt(actor: Actor, code: string, k: { brin: string; onderwijsaanbieders: string[]; actief: boolean }, traceId: string | null) {
    if (!(await activeMboInstelling(this.ctx.db, k.brin))) throw VvaError.invalid([{ name: 'brin', reason: 'geen actieve mbo-instelling in de referentiegegevens' }]);
    const koppelpunt = { koppelpuntcode: code, ...k, onderwijsaanbieders: [...new Set(k.onderwijsaanbieders)].sort() };
    await this.ctx.db.transaction(async (tx) => {
      await store.zetKoppelpunt(tx, koppelpunt);
      // Registrations of the instelling that had nowhere to go now may: routed, and their open messages with them.
      const alle = await store.koppelpuntenVan(tx, k.brin);
      const toewijzing = (await store.ongerouteerd(tx, k.brin))
        .map((a) => ({ caKetenId: a.caKetenId, pgn: a.pgn, koppelpuntcode: kiesKoppelpunt(alle, k.brin, a.onderwijsaanbieder) }))
        .filter((a): a is { caKetenId: string; pgn: string | null; koppelpuntcode: string } => a.koppelpuntcode !== null);
      await store.routeer(tx, toewijzing);
      // Which SIS gets a student's registration is a change to it: each student's trail shows it.
      await this.ctx.audit.append(tx, [
        { actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'ca-koppelpunt-vastgelegd', resource: `ca-koppelpunt/${code}`, doel: 'beheer', traceId, uitkomst: 'ok' },
        ...toewijzing.map((t) => this.regel(actor, 'ca-aanmelding-toegewezen', t.caKetenId, t.pgn, traceId, t.koppelpuntcode)),
      ]);
    });
    await this.ctx.onFeiten();
    return koppelpunt;
  }
}
