import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.ts';
import type { Actor } from '../../identity/service.ts';
import { INACTIEF_MS, MAX_DUUR_MS, moetBijwerken, sessieGeldig } from '../../console/sessie.ts';
import { sha256Hex } from '../../shared/hash.ts';
import type { DuoBron, DuoPersoon } from '../aanmelding/duo-bron.ts';
import { DOEL } from '../aanmelding/regels.ts';
import { AanmeldService } from '../aanmelding/service.ts';
import { StudentService } from '../student/service.ts';
import * as studentStore from '../student/store.ts';
import { Inlogcodes } from './inlogcode.ts';
import { inzageRegel, statusVerloop, type InzageRegel } from './inzage.ts';
import type { Taal } from './layout.ts';
import type { DigidClient } from './oidc.ts';
import * as store from './store.ts';

/** How many audit records of one student the pages read (a year of activity is far fewer). */
const AUDIT_LIMIET = 2000;

/**
 * The student portal's use of Centraal Aanmelden (spec §17): DigiD login and the portal session,
 * and the student's own data through the existing services (AanmeldService, StudentService), which
 * hold the rules and audit every read and change. Session times run on the wall clock (as the
 * console's): a test that moves the cycle forward must not log anyone out.
 */
export class PortaalService {
  readonly aanmelden: AanmeldService;
  readonly studenten: StudentService;
  readonly inlogcodes: Inlogcodes;

  constructor(private readonly ctx: AppContext, readonly duo: DuoBron, readonly digid: DigidClient, private readonly nu: () => Date = () => new Date()) {
    this.aanmelden = new AanmeldService(ctx, duo);
    this.studenten = new StudentService(ctx);
    this.inlogcodes = new Inlogcodes(ctx, duo);
  }

  /** The portal acts as Centraal Aanmelden, which the hub runs itself (spec §17: beside the koppelpunt). */
  get actor(): Actor {
    return { oin: this.ctx.config.hubOin, soort: 'centraal-aanmelden', naam: 'Centraal Aanmelden', brin: null, gemeentecode: null, rmcCode: null, gebruiker: null, via: 'token' };
  }

  /** Starts a DigiD login: a pre-session holds state, nonce and PKCE verifier; its cookie is returned. */
  async beginInlog(terug: string): Promise<{ url: string; token: string }> {
    const { url, inlog } = await this.digid.begin(terug);
    const token = randomBytes(32).toString('base64url');
    await store.insertSessie(this.ctx.db, { idHash: sha256Hex(token), pgn: null, csrfGeheim: randomBytes(32).toString('hex'), inlog, terugUrl: null, nu: this.nu() });
    return { url, token };
  }

  /**
   * The callback: the pre-session is used up, the code exchanged, and a fresh session (a new random
   * id: one planted before login is worthless) holds the BSN. The environment opens (audited).
   */
  async rondInlog(preToken: string | undefined, query: string, traceId: string): Promise<{ token: string; terug: string } | null> {
    const pre = preToken ? await store.neemSessie(this.ctx.db, sha256Hex(preToken)) : null;
    if (!pre?.inlog) return null;
    const bsn = await this.digid.rond(query, pre.inlog);
    const nu = this.nu();
    await store.deleteVerlopenSessies(this.ctx.db, new Date(nu.getTime() - INACTIEF_MS), new Date(nu.getTime() - MAX_DUUR_MS));
    await this.studenten.open(this.actor, bsn, traceId);
    await this.ctx.onFeiten();
    const token = randomBytes(32).toString('base64url');
    await store.insertSessie(this.ctx.db, { idHash: sha256Hex(token), pgn: bsn, csrfGeheim: randomBytes(32).toString('hex'), inlog: null, terugUrl: pre.terugUrl, nu });
    return { token, terug: pre.inlog.terug };
  }

  /** A session without a student yet: it binds the CSRF token of the access-code form (against login CSRF). */
  async beginAnoniem(): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await store.insertSessie(this.ctx.db, { idHash: sha256Hex(token), pgn: null, csrfGeheim: randomBytes(32).toString('hex'), inlog: null, terugUrl: null, nu: this.nu() });
    return token;
  }

  /** Login without DigiD, with an access code an instelling issued (Inlogcodes); a fresh session as after DigiD. */
  async meldAanMetCode(preToken: string | undefined, code: string, traceId: string): Promise<string | null> {
    const bsn = await this.inlogcodes.student(code);
    if (!bsn) {
      await this.ctx.audit.record([{ actorOin: this.actor.oin, actie: 'ca-inlog-met-code', resource: 'ca-student/inlogcode', doel: DOEL, traceId, uitkomst: 'onbekende-of-verlopen-code' }]);
      return null;
    }
    if (preToken) await store.neemSessie(this.ctx.db, sha256Hex(preToken));
    await this.studenten.open(this.actor, bsn, traceId);
    await this.ctx.audit.record([{ actorOin: this.actor.oin, actie: 'ca-inlog-met-code', resource: 'ca-student/inlogcode', pgn: bsn, doel: DOEL, traceId, uitkomst: 'ok' }]);
    const token = randomBytes(32).toString('base64url');
    await store.insertSessie(this.ctx.db, { idHash: sha256Hex(token), pgn: bsn, csrfGeheim: randomBytes(32).toString('hex'), inlog: null, terugUrl: null, nu: this.nu() });
    return token;
  }

  /** The live session behind a cookie (a pre-session counts too: it carries the CSRF secret of a deeplink's choice). */
  async sessie(token: string | undefined): Promise<store.PortaalSessieRij | null> {
    if (!token) return null;
    const s = await store.findSessie(this.ctx.db, sha256Hex(token));
    if (!s) return null;
    const nu = this.nu();
    if (!sessieGeldig(s, nu)) {
      await store.deleteSessie(this.ctx.db, s.idHash);
      return null;
    }
    if (moetBijwerken(s, nu)) await store.touchSessie(this.ctx.db, s.idHash, nu);
    return s;
  }

  /** The language the student chose (kept in the environment), or null. */
  async taalVan(pgn: string): Promise<Taal | null> {
    return (await studentStore.findStudent(this.ctx.db, pgn))?.taal ?? null;
  }

  uitloggen(s: store.PortaalSessieRij): Promise<void> {
    return store.deleteSessie(this.ctx.db, s.idHash);
  }

  /** The student's data at DUO, to show before submitting; the read is audited as the submission's own is. */
  async duoGegevens(pgn: string, traceId: string): Promise<DuoPersoon | null> {
    const p = await this.duo.persoon(pgn);
    await this.ctx.audit.record([{ actorOin: this.actor.oin, actie: 'duo-gegevens-opgevraagd', resource: 'duo/persoon', pgn, doel: DOEL, traceId, uitkomst: p ? 'gevonden' : 'niet-gevonden' }]);
    return p;
  }

  /** All own registrations (read through AanmeldService, audited there), each with its status over time. */
  async mijnAanmeldingen(pgn: string, traceId: string) {
    const { aanmeldingen } = await this.aanmelden.vanStudent(this.actor, { bsn: pgn }, traceId);
    const [records, namen] = await Promise.all([this.records(pgn), store.instellingNamen(this.ctx.db)]);
    const opleidingen = await store.wervingsnamen(this.ctx.db, pgn);
    return aanmeldingen.map((a) => ({ ...a, wervingsnaam: opleidingen.get(a.caKetenId) ?? a.aanbodCode, instelling: namen.get(a.brin) ?? a.brin, verloop: statusVerloop(records, a.caKetenId) }));
  }

  private records(pgn: string) {
    return this.ctx.audit.search({ pgnPseudoniem: this.ctx.audit.pseudonym(pgn), limit: AUDIT_LIMIET });
  }

  /**
   * Inzage (spec §17, §13): every audit record under the student's own pseudonym, never another's,
   * newest first, in words. Looking is itself recorded (after reading, so it shows next time).
   */
  async inzage(pgn: string, taal: Taal, traceId: string): Promise<InzageRegel[]> {
    const [records, organisaties, namen, eigen] = await Promise.all([
      this.records(pgn), store.organisatieNamen(this.ctx.db), store.instellingNamen(this.ctx.db), store.brinsVan(this.ctx.db, pgn),
    ]);
    const instellingVan = new Map([...eigen].map(([ca, brin]) => [ca, namen.get(brin) ?? brin]));
    await this.ctx.audit.record([{ actorOin: this.actor.oin, actie: 'ca-inzage-bekeken', resource: 'ca-student/inzage', pgn, doel: DOEL, traceId, uitkomst: `${records.length} regels` }]);
    return records.map((r) => inzageRegel(r, { taal, hubOin: this.ctx.config.hubOin, organisaties, instellingVan }));
  }

  /**
   * Deletes the environment on request (StudentService); the student's sessions and login codes go
   * with it in the same transaction (foreign keys on ca_student), so its report finds nothing left.
   */
  async verwijder(pgn: string, traceId: string): Promise<void> {
    await this.studenten.verwijderOpVerzoek(this.actor, pgn, traceId);
  }
}
