import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import { besluitAanmelding } from '../../console/blokkade.ts';
import { INACTIEF_MS, MAX_DUUR_MS, moetBijwerken, sessieGeldig } from '../../console/sessie.ts';
import { nieuwTotpGeheim, totpUri } from '../../console/totp.ts';
import { controleerWachtwoord, hashWachtwoord, ONBEKEND_HASH, wachtwoordProblemen } from '../../console/wachtwoord.ts';
import { activeMboInstelling } from '../../reference-data/store.ts';
import { VvaError } from '../../shared/errors.ts';
import { sha256Hex } from '../../shared/hash.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import * as store from './store.ts';

const nieuwAccount = z.strictObject({
  gebruikersnaam: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{1,49}$/, 'gebruikersnaam: 2–50 kleine letters, cijfers, punt, streepje'),
  naam: z.string().trim().min(1).max(100),
  wachtwoord: z.string().max(200).superRefine((w, c) => wachtwoordProblemen(w).forEach((message) => c.addIssue({ code: 'custom', message }))),
});

export const VOL = 'Een instelling heeft ten hoogste twee beheerders: verwijder eerst een account.';

export type Aanmelding = { ok: true; sessieToken: string } | { ok: false; reden: 'onjuist' | 'geblokkeerd' };

/**
 * The administrators of an instelling in Centraal Aanmelden (spec §17): at most two personal
 * accounts per instelling (the database holds two places), each with password and TOTP, as the
 * beheer console's operators (the same password, code, lock-out and session rules, reused from
 * src/console). Every change and every sign-in is audited with the person.
 */
export class Instellingsbeheerders {
  constructor(private readonly ctx: AppContext, private readonly nu: () => Date = () => new Date()) {}

  private audit(brin: string, gebruiker: string | null, actie: string, traceId: string | null, uitkomst: string, resource = `ca-instelling/${brin}/beheerders`): AuditEntry {
    return { actorOin: this.ctx.config.hubOin, gebruiker: gebruiker ? `${brin}/${gebruiker}` : null, actie, resource, doel: 'centraal-aanmelden', traceId, uitkomst };
  }

  /** Adds an account for the instelling (by beheer, or by its other administrator); the TOTP secret is shown once. */
  async voegToe(brin: string, input: unknown, door: string | null, traceId: string | null = null): Promise<{ gebruikersnaam: string; totpGeheim: string; totpUri: string }> {
    const a = parseOrThrow(nieuwAccount, input);
    if (!(await activeMboInstelling(this.ctx.db, brin))) throw VvaError.invalid([{ name: 'brin', reason: 'geen actieve mbo-instelling in de referentiegegevens' }]);
    const totpGeheim = nieuwTotpGeheim();
    const wachtwoordHash = await hashWachtwoord(a.wachtwoord);
    const vol = () => VvaError.conflict(VOL);
    try {
      await this.ctx.db.transaction(async (tx) => {
        const id = await store.insertBeheerder(tx, { brin, gebruikersnaam: a.gebruikersnaam, naam: a.naam, wachtwoordHash, totpGeheim: this.ctx.secrets.seal(totpGeheim), nu: this.nu() });
        if (id === null) throw vol();
        await this.ctx.audit.append(tx, [this.audit(brin, door, 'ca-instellingsbeheerder-aangemaakt', traceId, a.gebruikersnaam)]);
      });
    } catch (err) {
      if ((err as { code?: string; constraint?: string }).code === '23505') {
        if (await store.findBeheerder(this.ctx.db, a.gebruikersnaam)) throw VvaError.conflict(`gebruikersnaam ${a.gebruikersnaam} bestaat al`);
        throw vol();
      }
      if (err instanceof VvaError && err.status === 409) await this.ctx.audit.record([this.audit(brin, door, 'ca-instellingsbeheerder-aangemaakt', traceId, 'geweigerd: al twee beheerders')]);
      throw err;
    }
    await this.ctx.onFeiten();
    return { gebruikersnaam: a.gebruikersnaam, totpGeheim, totpUri: totpUri(totpGeheim, a.gebruikersnaam) };
  }

  /** New password and TOTP secret (the demo sets its account afresh on each start). */
  async zetOpnieuw(gebruikersnaam: string, wachtwoord: string): Promise<{ totpGeheim: string } | null> {
    const totpGeheim = nieuwTotpGeheim();
    return (await store.updateGeheimen(this.ctx.db, gebruikersnaam, await hashWachtwoord(wachtwoord), this.ctx.secrets.seal(totpGeheim))) ? { totpGeheim } : null;
  }

  lijst(brin: string) {
    return store.listBeheerders(this.ctx.db, brin);
  }

  /** Removes a colleague's account (never the own: there must stay a way in); its place is free again. */
  async verwijder(brin: string, door: string, gebruikersnaam: string, traceId: string): Promise<void> {
    if (door === gebruikersnaam) throw VvaError.invalid([{ name: 'gebruikersnaam', reason: 'u kunt uw eigen account niet verwijderen' }]);
    await this.ctx.db.transaction(async (tx) => {
      if (!(await store.deleteBeheerder(tx, brin, gebruikersnaam))) throw VvaError.notFound('Onbekende beheerder van deze instelling.');
      await this.ctx.audit.append(tx, [this.audit(brin, door, 'ca-instellingsbeheerder-verwijderd', traceId, gebruikersnaam)]);
    });
    await this.ctx.onFeiten();
  }

  /** Password and TOTP in one step, as the console's sign-in: the answer never says which was wrong. */
  async meldAan(gebruikersnaam: string, wachtwoord: string, code: string, traceId: string): Promise<Aanmelding> {
    const nu = this.nu();
    const naam = gebruikersnaam.trim().toLowerCase();
    const gelezen = await store.findBeheerder(this.ctx.db, naam);
    const wachtwoordOk = await controleerWachtwoord(wachtwoord, gelezen?.wachtwoordHash ?? ONBEKEND_HASH);
    if (!gelezen) {
      await this.ctx.audit.record([this.audit('----', null, 'ca-instellingsbeheer-aanmelding', traceId, 'onbekende-gebruiker', 'instelling/inloggen')]);
      return { ok: false, reden: 'onjuist' };
    }
    const uitkomst = await this.ctx.db.transaction(async (tx): Promise<Aanmelding> => {
      const b = (await store.lockBeheerder(tx, naam))!;
      const log = (u: string) => this.ctx.audit.append(tx, [this.audit(b.brin, naam, 'ca-instellingsbeheer-aanmelding', traceId, u, 'instelling/inloggen')]);
      const besluit = besluitAanmelding(b, () => this.ctx.secrets.open(b.totpGeheim), wachtwoordOk, code, nu);
      if (besluit.soort === 'geblokkeerd') {
        await log(besluit.uitkomst);
        return { ok: false, reden: 'geblokkeerd' };
      }
      await store.savePogingen(tx, b.id, besluit.pogingen);
      if (besluit.soort === 'mislukt') {
        await log(besluit.uitkomst);
        return { ok: false, reden: besluit.reden };
      }
      await store.saveTotpStap(tx, b.id, besluit.stap);
      await store.deleteVerlopenSessies(tx, new Date(nu.getTime() - INACTIEF_MS), new Date(nu.getTime() - MAX_DUUR_MS));
      const sessieToken = randomBytes(32).toString('base64url');
      await store.insertSessie(tx, { idHash: sha256Hex(sessieToken), beheerderId: b.id, csrfGeheim: randomBytes(32).toString('hex'), nu });
      await log('ok');
      return { ok: true, sessieToken };
    });
    await this.ctx.onFeiten();
    return uitkomst;
  }

  async sessie(token: string | undefined): Promise<store.SessieRij | null> {
    if (!token) return null;
    const s = await store.findSessie(this.ctx.db, sha256Hex(token));
    const nu = this.nu();
    if (!s) return null;
    if (!sessieGeldig(s, nu)) {
      await store.deleteSessie(this.ctx.db, s.idHash);
      return null;
    }
    if (moetBijwerken(s, nu)) await store.touchSessie(this.ctx.db, s.idHash, nu);
    return s;
  }

  async meldAf(s: store.SessieRij, traceId: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      await store.deleteSessie(tx, s.idHash);
      await this.ctx.audit.append(tx, [this.audit(s.brin, s.gebruikersnaam, 'ca-instellingsbeheer-afmelding', traceId, 'ok', 'instelling/uitloggen')]);
    });
    await this.ctx.onFeiten();
  }
}
