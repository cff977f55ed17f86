import type { AppContext } from '../../app/context.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import { amsterdamDate } from '../../shared/clock.ts';
import { activiteitGrenzen, bewaarActie, plusDagen, REST_DAGEN } from './regels.ts';
import * as store from './store.ts';
import { legVerslagVast, verwijderBinnen, type Reden } from './verwijder.ts';
import { waarschuwingsmail } from './waarschuwing.ts';

/** Environments read per page and deleted per transaction: live requests wait at most one short statement. */
const PAGINA = 500;

export interface Bewaaruitkomst {
  waarschuwingen: { verstuurd: number; geenMailer: number; geenAdres: number; mislukt: number };
  verwijderd: { bewaartermijn: number; leegProfiel: number; aanmeldingen: number; restenVoorSis: number; sisBerichten: number; sisFoutmeldingen: number; restenOpgeruimd: number };
  /** Null when the run warned and deleted nothing: then there is nothing to prove (the day's row says it ran). */
  verslag: { id: number; hash: string; schoon: boolean } | null;
}

/**
 * Centraal Aanmelden's retention (spec §17), run daily: warns the students whose environment is due
 * within a month, deletes environments past their term (with their registrations), clears the
 * anonymous remainders the SIS no longer needs, and leaves a verifiable report. The rules are in
 * regels.ts; every step claims its rows, so two runs at once (two hub processes, or beheer's run
 * beside the daily one) warn and delete each student once.
 */
export class BewaartermijnService {
  constructor(private readonly ctx: AppContext) {}

  async voerUit(): Promise<Bewaaruitkomst> {
    const nu = this.ctx.clock.now();
    const grens = activiteitGrenzen(nu);
    const uit: Omit<Bewaaruitkomst, 'verslag'> = {
      waarschuwingen: { verstuurd: 0, geenMailer: 0, geenAdres: 0, mislukt: 0 },
      verwijderd: { bewaartermijn: 0, leegProfiel: 0, aanmeldingen: 0, restenVoorSis: 0, sisBerichten: 0, sisFoutmeldingen: 0, restenOpgeruimd: 0 },
    };
    const verwijderdePgns: string[] = [];
    for (let na: { laatste: Date; pgn: string } | null = null; ;) {
      const pagina = await store.kandidaten(this.ctx.db, grens, na, PAGINA);
      if (pagina.length === 0) break;
      na = { laatste: pagina.at(-1)!.laatsteActiviteit, pgn: pagina.at(-1)!.pgn };
      const waarschuwen: (store.Kandidaat & { verwijderOp: Date })[] = [];
      const weg: (store.Kandidaat & { reden: Reden })[] = [];
      for (const k of pagina) {
        const a = bewaarActie(k, nu);
        if (a.actie === 'waarschuwen') waarschuwen.push({ ...k, verwijderOp: a.verwijderOp });
        if (a.actie === 'verwijderen') weg.push({ ...k, reden: a.reden });
      }
      await this.waarschuw(waarschuwen, nu, uit.waarschuwingen);
      verwijderdePgns.push(...await this.verwijder(weg, nu, uit.verwijderd));
      if (pagina.length < PAGINA) break;
      await new Promise((resolve) => setImmediate(resolve)); // let live requests in between pages
    }
    uit.verwijderd.restenOpgeruimd = await this.ctx.db.transaction((tx) => store.ruimRestenOp(tx, plusDagen(nu, -REST_DAGEN)));
    const gedaan = [...Object.values(uit.waarschuwingen), ...Object.values(uit.verwijderd)].some((n) => n > 0);
    const verslag = gedaan ? await legVerslagVast(this.ctx, 'bewaartermijn', nu, { waarschuwingen: uit.waarschuwingen, verwijderd: uit.verwijderd }, verwijderdePgns) : null;
    await this.ctx.onFeiten();
    return { ...uit, verslag };
  }

  /** What a run would do now, counted, without doing it (beheer's dry run). */
  async vooruitblik(): Promise<{ waarschuwen: number; verwijderenBewaartermijn: number; verwijderenLeegProfiel: number; resten: number; restenOpTeRuimen: number }> {
    const nu = this.ctx.clock.now();
    const grens = activiteitGrenzen(nu);
    const tel = { waarschuwen: 0, verwijderenBewaartermijn: 0, verwijderenLeegProfiel: 0 };
    for (let na: { laatste: Date; pgn: string } | null = null; ;) {
      const pagina = await store.kandidaten(this.ctx.db, grens, na, PAGINA);
      for (const k of pagina) {
        const a = bewaarActie(k, nu);
        if (a.actie === 'waarschuwen') tel.waarschuwen++;
        if (a.actie === 'verwijderen') tel[a.reden === 'bewaartermijn' ? 'verwijderenBewaartermijn' : 'verwijderenLeegProfiel']++;
      }
      if (pagina.length < PAGINA) break;
      na = { laatste: pagina.at(-1)!.laatsteActiviteit, pgn: pagina.at(-1)!.pgn };
    }
    const resten = await store.restenTelling(this.ctx.db, plusDagen(nu, -REST_DAGEN));
    return { ...tel, resten: resten.resten, restenOpTeRuimen: resten.opTeRuimen };
  }

  /**
   * Claims the warnings first (committed), then sends: a crash between the two leaves a claimed
   * warning unsent rather than a warning sent twice. A failed send is recorded and not retried — the
   * term is the law's, the warning a courtesy; the deletion keeps its date. Without a mailer every
   * warning is recorded as not sent, and the log says how many.
   */
  private async waarschuw(lijst: (store.Kandidaat & { verwijderOp: Date })[], nu: Date, tel: Bewaaruitkomst['waarschuwingen']) {
    if (lijst.length === 0) return;
    const mailer = this.ctx.mailer ?? null;
    const metAdres = lijst.filter((k) => k.email);
    const { geclaimd, zonderAdres } = await this.ctx.db.transaction(async (tx) => ({
      geclaimd: new Set(await store.claimWaarschuwingen(tx, metAdres, nu, mailer ? 'bezig' : 'geen-mailer')),
      zonderAdres: await store.claimWaarschuwingen(tx, lijst.filter((k) => !k.email), nu, 'geen-adres'),
    }));
    const uitkomst: { pgn: string; waarschuwing: string }[] = zonderAdres.map((pgn) => ({ pgn, waarschuwing: 'geen-adres' }));
    for (const k of metAdres.filter((x) => geclaimd.has(x.pgn))) {
      if (!mailer) {
        uitkomst.push({ pgn: k.pgn, waarschuwing: 'geen-mailer' });
        continue;
      }
      try {
        await mailer.verstuur(waarschuwingsmail(k.email!, k.taal, k.verwijderOp, `${this.ctx.config.publicUrl}/aanmelden/`));
        uitkomst.push({ pgn: k.pgn, waarschuwing: 'verstuurd' });
      } catch (err) {
        // Not the message: a mail server's refusal often quotes the address.
        this.ctx.log.warn({ fout: (err as Error).name }, 'Centraal Aanmelden retention: a warning e-mail was not accepted');
        uitkomst.push({ pgn: k.pgn, waarschuwing: 'mislukt' });
      }
    }
    await this.ctx.db.transaction(async (tx) => {
      await store.zetWaarschuwing(tx, uitkomst);
      await this.ctx.audit.append(tx, uitkomst.map((u): AuditEntry => ({
        actorOin: null, actie: 'ca-bewaartermijn-waarschuwing', resource: 'ca-student', pgn: u.pgn, doel: 'bewaartermijn', uitkomst: u.waarschuwing,
      })));
    });
    for (const u of uitkomst) {
      if (u.waarschuwing === 'verstuurd') tel.verstuurd++;
      else if (u.waarschuwing === 'geen-mailer') tel.geenMailer++;
      else if (u.waarschuwing === 'geen-adres') tel.geenAdres++;
      else tel.mislukt++;
    }
    if (!mailer && tel.geenMailer) this.ctx.log.warn({ aantal: uitkomst.filter((u) => u.waarschuwing === 'geen-mailer').length }, 'Centraal Aanmelden retention: no mailer configured, warnings could not be sent');
  }

  /** One transaction per page: the environments it can still claim, their registrations, the audit. */
  private async verwijder(lijst: (store.Kandidaat & { reden: Reden })[], nu: Date, tel: Bewaaruitkomst['verwijderd']): Promise<string[]> {
    if (lijst.length === 0) return [];
    const reden = new Map(lijst.map((k) => [k.pgn, k.reden]));
    return this.ctx.db.transaction(async (tx) => {
      const geclaimd = await store.claimVerwijdering(tx, lijst);
      const weg = await verwijderBinnen(this.ctx, tx, geclaimd.map((pgn) => ({ pgn, reden: reden.get(pgn)! })), nu, { actorOin: null });
      tel.bewaartermijn += geclaimd.filter((p) => reden.get(p) === 'bewaartermijn').length;
      tel.leegProfiel += geclaimd.filter((p) => reden.get(p) === 'leeg-profiel').length;
      tel.aanmeldingen += weg.aanmeldingen;
      tel.restenVoorSis += weg.restenVoorSis;
      tel.sisBerichten += weg.sisBerichten;
      tel.sisFoutmeldingen += weg.sisFoutmeldingen;
      return geclaimd;
    });
  }
}

/**
 * The hub's daily job (called from the scheduler's tick): the first process to claim today runs it,
 * every other process and tick that day does nothing. A run that died halfway is not repeated that
 * day; the next day's run picks up everything still due, as the rules say "due since", not "due today".
 */
export async function bewaartermijnDagelijks(ctx: AppContext): Promise<Bewaaruitkomst | null> {
  const nu = ctx.clock.now();
  const dag = amsterdamDate(nu);
  if (!(await store.claimDag(ctx.db, dag, nu))) return null;
  try {
    const uitkomst = await new BewaartermijnService(ctx).voerUit();
    await store.voltooiDag(ctx.db, dag, ctx.clock.now(), uitkomst);
    ctx.log.info({ caBewaartermijn: uitkomst }, 'Centraal Aanmelden retention: daily run done');
    return uitkomst;
  } catch (err) {
    // The day stays claimed and unfinished (visible in ca_bewaartermijn_run); tomorrow's run takes what is still due.
    ctx.log.error({ err }, 'Centraal Aanmelden retention: daily run failed');
    return null;
  }
}
