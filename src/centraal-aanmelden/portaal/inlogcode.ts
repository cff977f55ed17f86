import { randomInt } from 'node:crypto';
import type { AppContext } from '../../app/context.ts';
import type { Actor } from '../../identity/service.ts';
import { VvaError } from '../../shared/errors.ts';
import { sha256Hex } from '../../shared/hash.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import type { DuoBron } from '../aanmelding/duo-bron.ts';
import { studentInvoer } from '../aanmelding/invoer.ts';
import { DOEL } from '../aanmelding/regels.ts';
import * as studentStore from '../student/store.ts';
import * as store from './store.ts';

/** No 0/O, 1/I: a code read over the phone or copied from paper comes through. 32 signs, 5 bits each. */
const TEKENS = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 16 signs = 80 bits: not guessable online, whatever the number of tries the rate limits allow. */
const LENGTE = 16;
/** A student without DigiD gets a month to register; then a new code. */
export const GELDIG_MS = 30 * 86_400_000;

export function nieuweCode(random: (max: number) => number = randomInt): string {
  const tekens = Array.from({ length: LENGTE }, () => TEKENS[random(TEKENS.length)]!).join('');
  return tekens.match(/.{4}/g)!.join('-');
}

/** As typed: case, spaces and dashes do not matter. */
export const normaliseer = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
export const codeHash = (code: string) => sha256Hex(`ca-inlogcode\n${normaliseer(code)}`);

/**
 * Login without DigiD (spec §17: only behind an access code). An instelling's administrator checks
 * who the student is (outside this system, as at a desk) and issues a code bound to the BSN; the
 * student logs in with it. Issuing is audited with the student's pseudonym and the person who did it.
 */
export class Inlogcodes {
  constructor(private readonly ctx: AppContext, private readonly duo: DuoBron) {}

  async geefUit(actor: Actor, bsn: string, traceId: string): Promise<{ code: string; geldigTot: Date }> {
    const { bsn: pgn } = parseOrThrow(studentInvoer, { bsn });
    if (!actor.brin) throw VvaError.forbidden('Alleen een instelling geeft inlogcodes uit.');
    const persoon = await this.duo.persoon(pgn);
    if (!persoon) throw VvaError.invalid([{ name: 'bsn', reason: 'geen persoon met dit BSN bij DUO' }]);
    const nu = this.ctx.clock.now();
    const code = nieuweCode();
    const geldigTot = new Date(nu.getTime() + GELDIG_MS);
    await this.ctx.db.transaction(async (tx) => {
      // The code lives in the student's environment and goes with it (retention, or deletion on request).
      await studentStore.zorgVoorOmgeving(tx, pgn, nu);
      await store.insertInlogcode(tx, { codeHash: codeHash(code), pgn, brin: actor.brin!, door: actor.gebruiker ?? actor.oin, nu, geldigTot });
      await this.ctx.audit.append(tx, [{ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'ca-inlogcode-uitgegeven', resource: 'ca-student/inlogcode', pgn, doel: DOEL, traceId, uitkomst: `geldig tot ${geldigTot.toISOString()}` }]);
    });
    await this.ctx.onFeiten();
    return { code, geldigTot };
  }

  /** The BSN a valid code logs in as, or null. */
  async student(code: string): Promise<string | null> {
    const schoon = normaliseer(code);
    if (schoon.length !== LENGTE) return null;
    return (await store.inlogcodeVan(this.ctx.db, codeHash(schoon), this.ctx.clock.now()))?.pgn.trim() ?? null;
  }
}
