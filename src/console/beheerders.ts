import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../shared/hash.ts';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { AuditEntry } from '../audit/audit-log.ts';
import { VvaError } from '../shared/errors.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { besluitAanmelding } from './blokkade.ts';
import { INACTIEF_MS, MAX_DUUR_MS, moetBijwerken, ROLLEN, sessieGeldig, type Rol } from './sessie.ts';
import * as store from './store.ts';
import { nieuwTotpGeheim, totpUri } from './totp.ts';
import { controleerWachtwoord, hashWachtwoord, ONBEKEND_HASH, wachtwoordProblemen } from './wachtwoord.ts';

export const hashSessie = sha256Hex;

const nieuwAccount = z.strictObject({
  gebruikersnaam: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{1,49}$/, 'gebruikersnaam: 2–50 kleine letters, cijfers, punt, streepje'),
  naam: z.string().trim().min(1).max(100),
  rol: z.enum(ROLLEN),
  wachtwoord: z.string().max(200).superRefine((w, c) => wachtwoordProblemen(w).forEach((message) => c.addIssue({ code: 'custom', message }))),
});

export type Aanmelding =
  | { ok: true; sessieToken: string; gebruiker: { gebruikersnaam: string; naam: string; rol: Rol } }
  | { ok: false; reden: 'onjuist' | 'geblokkeerd' };

/**
 * Operator accounts and their sessions (spec §16). Security time (TOTP steps, lock-out, session
 * lifetime) runs on the wall clock, not the hub's domain clock: an authenticator app does too, and a
 * test that moves the cycle forward must not expire a session or a code.
 */
export class Beheerders {
  constructor(private readonly ctx: AppContext, private readonly nu: () => Date = () => new Date()) {}

  private audit(entry: Omit<AuditEntry, 'actorOin' | 'doel'> & { doel?: string }): AuditEntry {
    return { actorOin: this.ctx.config.hubOin, doel: 'beheer', ...entry };
  }

  /** Creates an account; returns the TOTP secret and its otpauth URI, shown once to the new operator. */
  async voegToe(input: unknown, door: string | null): Promise<{ gebruikersnaam: string; totpGeheim: string; totpUri: string }> {
    const a = parseOrThrow(nieuwAccount, input);
    const totpGeheim = nieuwTotpGeheim();
    const wachtwoordHash = await hashWachtwoord(a.wachtwoord);
    try {
      await this.ctx.db.transaction(async (tx) => {
        await store.insertAccount(tx, { gebruikersnaam: a.gebruikersnaam, naam: a.naam, rol: a.rol, wachtwoordHash, totpGeheim: this.ctx.secrets.seal(totpGeheim) });
        await this.ctx.audit.append(tx, [this.audit({ gebruiker: door, actie: 'beheerder-aangemaakt', resource: `beheerders/${a.gebruikersnaam}`, uitkomst: a.rol })]);
      });
      await this.ctx.onFeiten();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw VvaError.conflict(`gebruikersnaam ${a.gebruikersnaam} bestaat al`);
      throw err;
    }
    return { gebruikersnaam: a.gebruikersnaam, totpGeheim, totpUri: totpUri(totpGeheim, a.gebruikersnaam) };
  }

  /** New password and TOTP secret for an existing account (the demo sets its account afresh on each start). */
  async zetOpnieuw(gebruikersnaam: string, wachtwoord: string): Promise<{ totpGeheim: string; totpUri: string } | null> {
    const totpGeheim = nieuwTotpGeheim();
    const ok = await store.updateAccountGeheimen(this.ctx.db, gebruikersnaam, await hashWachtwoord(wachtwoord), this.ctx.secrets.seal(totpGeheim));
    return ok ? { totpGeheim, totpUri: totpUri(totpGeheim, gebruikersnaam) } : null;
  }

  /**
   * Password and TOTP code in one step. The expensive checks run outside the transaction; the
   * transaction then counts the failure or consumes the code's step under a row lock. The answer
   * never says which of the three was wrong, nor whether the name exists.
   */
  async meldAan(gebruikersnaam: string, wachtwoord: string, code: string, traceId: string): Promise<Aanmelding> {
    const nu = this.nu();
    const naam = gebruikersnaam.trim().toLowerCase();
    const gelezen = await store.findAccount(this.ctx.db, naam);
    const wachtwoordOk = await controleerWachtwoord(wachtwoord, gelezen?.wachtwoordHash ?? ONBEKEND_HASH);
    if (!gelezen || !gelezen.actief) {
      await this.ctx.audit.record([this.audit({ actie: 'beheer-aanmelding', resource: 'beheer/inloggen', traceId, uitkomst: 'onbekende-gebruiker' })]);
      return { ok: false, reden: 'onjuist' };
    }
    const uitkomst = await this.ctx.db.transaction(async (tx): Promise<Aanmelding> => {
      const account = (await store.lockAccount(tx, naam))!;
      const log = (uitkomst: string) => this.ctx.audit.append(tx, [this.audit({ gebruiker: naam, actie: 'beheer-aanmelding', resource: 'beheer/inloggen', traceId, uitkomst })]);
      const besluit = besluitAanmelding(account, () => this.ctx.secrets.open(account.totpGeheim), wachtwoordOk, code, nu);
      if (besluit.soort === 'geblokkeerd') {
        await log(besluit.uitkomst);
        return { ok: false, reden: 'geblokkeerd' };
      }
      await store.savePogingen(tx, account.id, besluit.pogingen);
      if (besluit.soort === 'mislukt') {
        await log(besluit.uitkomst);
        return { ok: false, reden: besluit.reden };
      }
      await store.saveTotpStap(tx, account.id, besluit.stap);
      await store.deleteVerlopenSessies(tx, new Date(nu.getTime() - INACTIEF_MS), new Date(nu.getTime() - MAX_DUUR_MS));
      // A fresh random session id at every sign-in: a session id planted before sign-in is worthless.
      const sessieToken = randomBytes(32).toString('base64url');
      await store.insertSessie(tx, { idHash: hashSessie(sessieToken), accountId: account.id, csrfGeheim: randomBytes(32).toString('hex'), nu });
      await log('ok');
      return { ok: true, sessieToken, gebruiker: { gebruikersnaam: account.gebruikersnaam, naam: account.naam, rol: account.rol } };
    });
    // The audit lines went to the journal with the change; the distributor links them into the chain.
    await this.ctx.onFeiten();
    return uitkomst;
  }

  lijst() {
    return store.listAccounts(this.ctx.db);
  }

  /** A beheerder lifts a colleague's lock-out (after checking who asks, outside the console). */
  async ontgrendel(door: string, gebruikersnaam: string, traceId: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      if (!(await store.ontgrendel(tx, gebruikersnaam))) throw VvaError.notFound('Onbekende beheerder.');
      await this.ctx.audit.append(tx, [this.audit({ gebruiker: door, actie: 'beheerder-ontgrendeld', resource: `beheerders/${gebruikersnaam}`, traceId, uitkomst: 'ok' })]);
    });
    await this.ctx.onFeiten();
  }

  /** Deactivating ends the account's sessions; nobody deactivates their own account (there must stay one way in). */
  async zetActief(door: string, gebruikersnaam: string, actief: boolean, traceId: string): Promise<void> {
    if (!actief && door === gebruikersnaam) throw VvaError.invalid([{ name: 'gebruikersnaam', reason: 'u kunt uw eigen account niet uitschakelen' }]);
    await this.ctx.db.transaction(async (tx) => {
      if (!(await store.zetActief(tx, gebruikersnaam, actief))) throw VvaError.notFound('Onbekende beheerder.');
      await this.ctx.audit.append(tx, [this.audit({ gebruiker: door, actie: actief ? 'beheerder-ingeschakeld' : 'beheerder-uitgeschakeld', resource: `beheerders/${gebruikersnaam}`, traceId, uitkomst: 'ok' })]);
    });
    await this.ctx.onFeiten();
  }

  /** The live session behind a cookie value, or null (unknown, expired, or account deactivated). */
  async sessie(token: string | undefined): Promise<store.SessieRij | null> {
    if (!token) return null;
    const s = await store.findSessie(this.ctx.db, hashSessie(token));
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
      await this.ctx.audit.append(tx, [this.audit({ gebruiker: s.gebruikersnaam, actie: 'beheer-afmelding', resource: 'beheer/uitloggen', traceId, uitkomst: 'ok' })]);
    });
    await this.ctx.onFeiten();
  }
}
