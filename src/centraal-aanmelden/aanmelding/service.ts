import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../shared/hash.ts';
import { v4 as uuidv4 } from 'uuid';
import type { AppContext } from '../../app/context.ts';
import type { AuditEntry } from '../../audit/audit-log.ts';
import type { Actor } from '../../identity/service.ts';
import { amsterdamDate } from '../../shared/clock.ts';
import { VvaError, type InvalidParam } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import * as idempotency from '../../idempotency/idempotency.ts';
import * as catalogus from '../catalogus/store.ts';
import { kiesKoppelpunt } from '../koppelpunt/kies.ts';
import * as koppelpunten from '../koppelpunt/store.ts';
import * as studenten from '../student/store.ts';
import type { DuoBron } from './duo-bron.ts';
import { aanmeldingInvoer, studentInvoer } from './invoer.ts';
import { adresProblemen, DOEL, intrekkenToegestaan, kiesAdres, nieuwKetenId, ouderVereist } from './regels.ts';
import * as store from './store.ts';


/** A toegangscode is kept as a hash bound to its cohort: the same code for two cohorts gives two hashes. */
export function toegangscodeHash(aanbodCode: string, cohort: string, code: string): string {
  return sha256Hex(`${aanbodCode}\u0000${cohort}\u0000${code}`);
}

function gelijk(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** How a registration is shown to the student (and its front end). */
export function alsUitvoer(a: store.Aanmelding) {
  return {
    caKetenId: a.caKetenId, ketenId: a.ketenId, aanmeldingId: `${a.brin}:${a.ketenId}`, brin: a.brin, aanbodCode: a.aanbodCode, cohort: a.cohort,
    status: a.status, statusTijdstip: a.statusTijdstip.toISOString(), ingediendOp: a.ingediendOp.toISOString(),
    ingetrokkenOp: a.ingetrokkenOp?.toISOString() ?? null, intrekkenMogelijk: intrekkenToegestaan(a.status),
  };
}

/**
 * Registrations of Centraal Aanmelden (spec §17): submit, list, withdraw. The caller is the CA front
 * end, which identified the student (DigiD, or the DigiStub locally); persons come from the DUO source.
 */
export class AanmeldService {
  constructor(private readonly ctx: AppContext, private readonly duo: DuoBron) {}

  private audit(actor: Actor, actie: string, resource: string, pgn: string, traceId: string | null, uitkomst = 'ok'): AuditEntry {
    return { actorOin: actor.oin, gebruiker: actor.gebruiker, actie, resource, pgn, doel: DOEL, traceId, uitkomst };
  }

  /** The answer a request with this Idempotency-Key got before; its look at the registration is audited. */
  private async replayed(actor: Actor, key: idempotency.IdempotencyKey | null, bsn: string, traceId: string | null, err?: unknown) {
    const antwoord = err === undefined ? await idempotency.previousAnswer<ReturnType<typeof alsUitvoer>>(this.ctx, key) : await idempotency.afterConflict<ReturnType<typeof alsUitvoer>>(this.ctx, key, err);
    if (antwoord) await this.ctx.audit.record([this.audit(actor, 'ca-aanmelding-ingezien', `ca-aanmelding/${antwoord.caKetenId}`, bsn, traceId, 'herhaald')]);
    return antwoord;
  }

  /** `idempotencyKey`: the request's Idempotency-Key header; a resend with it gets the first answer again. */
  async dienIn(actor: Actor, body: unknown, traceId: string | null, idempotencyKey?: string) {
    const invoer = parseOrThrow(aanmeldingInvoer, body);
    const key = idempotency.keyOf(this.ctx, actor, idempotencyKey, body);
    const eerder = await this.replayed(actor, key, invoer.bsn, traceId);
    if (eerder) return eerder;
    const { db, clock } = this.ctx;
    const nu = clock.now();
    const vandaag = amsterdamDate(nu);
    const persoon = await this.duo.persoon(invoer.bsn);
    await this.ctx.audit.record([this.audit(actor, 'duo-gegevens-opgevraagd', 'duo/persoon', invoer.bsn, traceId, persoon ? 'gevonden' : 'niet-gevonden')]);
    if (!persoon) throw VvaError.notFound('Geen persoonsgegevens bij DUO voor deze student.');

    const problemen: InvalidParam[] = [];
    const opleiding = await catalogus.aangebodenOpleiding(db, invoer.aanbodCode);
    const cohort = opleiding?.cohorten.find((c) => c.cohort === invoer.cohort);
    if (!opleiding) problemen.push({ name: 'aanbodCode', reason: 'deze opleiding wordt (nu) niet aangeboden' });
    else if (!cohort) problemen.push({ name: 'cohort', reason: 'onbekend cohort van deze opleiding' });
    else if (vandaag < cohort.aanmeldenVan || vandaag > cohort.aanmeldenTot) {
      problemen.push({ name: 'cohort', reason: `aanmelden voor dit cohort kan van ${cohort.aanmeldenVan} tot en met ${cohort.aanmeldenTot}` });
    } else if (cohort.toegangscode) {
      const hash = await catalogus.toegangscodeHash(db, invoer.aanbodCode, invoer.cohort);
      if (!invoer.toegangscode || !hash || !gelijk(hash, toegangscodeHash(invoer.aanbodCode, invoer.cohort, invoer.toegangscode))) {
        problemen.push({ name: 'toegangscode', reason: 'dit cohort vraagt een geldige toegangscode (numerus fixus); kies anders uit het reguliere aanbod' });
      }
    }
    const adres = kiesAdres(persoon.adres, invoer.adres);
    if ('problemen' in adres) problemen.push(...adres.problemen);
    else if (invoer.adres) problemen.push(...adresProblemen(invoer.adres));
    if (ouderVereist(persoon.geboortedatum, vandaag) && invoer.ouders.length === 0) {
      problemen.push({ name: 'ouders', reason: 'onder 18 jaar is één contactpersoon (ouder of verzorger) verplicht: naam, e-mail en telefoon' });
    }
    if (problemen.length) throw VvaError.invalid(problemen);

    const dubbel = () => VvaError.conflict('Er is al een lopende aanmelding voor deze opleiding en dit cohort.');
    if (await store.heeftOpenAanmelding(db, invoer.bsn, invoer.aanbodCode, invoer.cohort)) {
      // Perhaps this very request, resent while its first went on: then that one's answer.
      const antwoord = await this.replayed(actor, key, invoer.bsn, traceId);
      if (antwoord) return antwoord;
      throw dubbel();
    }
    const koppelpunt = kiesKoppelpunt(await koppelpunten.koppelpuntenVan(db, opleiding!.brin), opleiding!.brin, opleiding!.onderwijsaanbieder);
    const gegevens: store.AanmeldGegevens = {
      voornamen: persoon.voornamen, achternaam: persoon.achternaam, geboortedatum: persoon.geboortedatum, adres: (adres as { adres: store.AanmeldGegevens['adres'] }).adres,
      email: invoer.email, telefoon: invoer.telefoon ?? null, ouders: invoer.ouders, vooropleiding: persoon.vooropleiding,
      opleiding: {
        wervingsnaam: opleiding!.wervingsnaam, crebo: opleiding!.crebo, leerweg: opleiding!.leerweg, locatie: opleiding!.locatie,
        onderwijsaanbieder: opleiding!.onderwijsaanbieder, instroommoment: cohort!.instroommoment,
      },
    };
    const uitvoer = await db.transaction(async (tx) => {
      // 10 million numbers per instelling: a clash is rare, twenty in a row means something else is wrong.
      for (let poging = 0; ; poging++) {
        if (poging === 20) throw new Error('no free ketenId after 20 draws');
        const a = {
          caKetenId: uuidv4(), ketenId: nieuwKetenId(), brin: opleiding!.brin, aanbodCode: opleiding!.aanbodCode, cohort: invoer.cohort, onderwijsaanbieder: opleiding!.onderwijsaanbieder,
          koppelpuntcode: koppelpunt, pgn: invoer.bsn, status: 'INGEDIEND' as const, statusTijdstip: nu, gegevens, ingediendOp: nu,
        };
        if (!(await store.insertAanmelding(tx, a))) continue; // ketenId taken at this instelling: draw again
        const antwoord = alsUitvoer({ ...a, ingetrokkenOp: null });
        await idempotency.keepAnswer(this.ctx, tx, key, 201, antwoord);
        await koppelpunten.zetKlaar(tx, [{ caKetenId: a.caKetenId, koppelpuntcode: koppelpunt, soort: 'aanmelding' }], nu);
        await studenten.raakAan(tx, a.pgn, nu, invoer.email);
        await this.ctx.audit.append(tx, [this.audit(actor, 'ca-aanmelding-ingediend', `ca-aanmelding/${a.caKetenId}`, a.pgn, traceId)]);
        return antwoord;
      }
    }).catch(async (err: unknown) => {
      // The same request twice at once, with its key: the one that committed answers for both.
      const antwoord = await this.replayed(actor, key, invoer.bsn, traceId, err);
      if (antwoord) return antwoord;
      // Two submissions at once: the partial unique index lets one through.
      throw (err as { code?: string }).code === '23505' ? dubbel() : err;
    });
    await this.ctx.onFeiten();
    return uitvoer;
  }

  /** All own registrations of the student, with status. */
  async vanStudent(actor: Actor, body: unknown, traceId: string | null) {
    const { bsn } = parseOrThrow(studentInvoer, body);
    const lijst = await store.aanmeldingenVan(this.ctx.db, bsn);
    await this.ctx.audit.record(lijst.length ? lijst.map((a) => this.audit(actor, 'ca-aanmelding-ingezien', `ca-aanmelding/${a.caKetenId}`, bsn, traceId))
      : [this.audit(actor, 'ca-aanmelding-ingezien', 'ca-aanmelding', bsn, traceId, 'geen')]);
    return { aanmeldingen: lijst.map(alsUitvoer) };
  }

  /** Withdrawal by the student (spec §17): the SIS then pulls an `intrekking`. */
  async trekIn(actor: Actor, caKetenId: string, body: unknown, traceId: string | null, idempotencyKey?: string) {
    const { bsn } = parseOrThrow(studentInvoer, body);
    // The registration is part of what is asked: the same key for another registration is refused.
    const key = idempotency.keyOf(this.ctx, actor, idempotencyKey, { caKetenId, body });
    const eerder = await this.replayed(actor, key, bsn, traceId);
    if (eerder) return eerder;
    const { db, clock } = this.ctx;
    const a = await store.findAanmelding(db, caKetenId);
    // Another student's registration looks exactly like none at all; its owner's audit trail shows the attempt.
    if (!a || a.pgn !== bsn) {
      if (a?.pgn) await this.ctx.audit.record([this.audit(actor, 'ca-aanmelding-intrekken', `ca-aanmelding/${caKetenId}`, a.pgn, traceId, 'geweigerd:andere-student')]);
      throw VvaError.notFound('Geen aanmelding van deze student met dit caKetenId.');
    }
    const nu = clock.now();
    const gelukt = intrekkenToegestaan(a.status) && await db.transaction(async (tx) => {
      if (!(await store.trekIn(tx, caKetenId, ['INGEDIEND', 'OA'], nu))) return null;
      await koppelpunten.zetKlaar(tx, [{ caKetenId, koppelpuntcode: a.koppelpuntcode, soort: 'intrekking' }], nu);
      await studenten.raakAan(tx, bsn, nu);
      await this.ctx.audit.append(tx, [this.audit(actor, 'ca-aanmelding-ingetrokken', `ca-aanmelding/${caKetenId}`, bsn, traceId)]);
      const antwoord = alsUitvoer((await store.findAanmelding(tx, caKetenId))!);
      await idempotency.keepAnswer(this.ctx, tx, key, 200, antwoord);
      return antwoord;
    }).catch(async (err: unknown) => {
      const antwoord = await this.replayed(actor, key, bsn, traceId, err);
      if (antwoord) return antwoord;
      throw err;
    });
    if (!gelukt) {
      // A resend whose first withdrawal committed while this one read the registration.
      const antwoord = await this.replayed(actor, key, bsn, traceId);
      if (antwoord) return antwoord;
      await this.ctx.audit.record([this.audit(actor, 'ca-aanmelding-intrekken', `ca-aanmelding/${caKetenId}`, bsn, traceId, 'geweigerd')]);
      throw VvaError.conflict(a.status === 'LI'
        ? 'De student is ingeschreven: intrekken kan niet meer hier; neem contact op met de instelling.'
        : `Intrekken kan alleen bij status INGEDIEND of OA; de status is ${a.status}.`);
    }
    await this.ctx.onFeiten();
    return gelukt;
  }
}
