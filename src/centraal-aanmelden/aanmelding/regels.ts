import { randomInt } from 'node:crypto';
import { NEDERLAND } from '../../domain/bericht-velden.ts';
import type { InvalidParam } from '../../shared/errors.ts';

/** Purpose of processing recorded in the audit log for everything Centraal Aanmelden does. */
export const DOEL = 'centraal-aanmelden';

/** A registration's status in Centraal Aanmelden: submitted, then the koppelpunt's statuses (spec §4.2, §17). */
export const CA_STATUSSEN = ['INGEDIEND', 'AO', 'OA', 'LI', 'LNI', 'AI'] as const;
export type CaStatus = (typeof CA_STATUSSEN)[number];

/** Final for the student: afgewezen (LNI), ingetrokken (AI). LI (ingeschreven) is no longer the student's to withdraw. */
export const CA_TERMINAL: ReadonlySet<CaStatus> = new Set(['LNI', 'AI']);

/**
 * Spec §17: a student may withdraw while the registration is `INGEDIEND` or `OA` (an offer made),
 * not when enrolled (LI) or final (LNI, AI). AO ("ontvangen") is not in the spec's list: the
 * instelling is verifying it; the spec's wording is followed literally.
 */
export function intrekkenToegestaan(status: CaStatus): boolean {
  return status === 'INGEDIEND' || status === 'OA';
}

/** Legacy ketenId: 8 digits starting with 9 (the number of the aanmeldingId `BRIN:ketenId`). */
export const KETEN_ID = /^9[0-9]{7}$/;

export function isKetenId(s: string): boolean {
  return KETEN_ID.test(s);
}

/** A fresh random ketenId; uniqueness per instelling is the database's (the caller retries on a clash). */
export function nieuwKetenId(random: (max: number) => number = randomInt): string {
  return `9${String(random(10_000_000)).padStart(7, '0')}`;
}

/** The ketenId inside an aanmeldingId (`25LJ:90355557`), or null when it is no CA ketenId. */
export function ketenIdUitAanmeldingId(aanmeldingId: string): { brin: string; ketenId: string } | null {
  const m = /^([0-9]{2}[A-Z]{2}):(9[0-9]{7})$/.exec(aanmeldingId);
  return m ? { brin: m[1]!, ketenId: m[2]! } : null;
}

/** Whole years between a birth date and a day (both `YYYY-MM-DD`, Europe/Amsterdam dates). */
export function leeftijdOp(geboortedatum: string, dag: string): number {
  const [gy, gm, gd] = geboortedatum.split('-').map(Number) as [number, number, number];
  const [y, m, d] = dag.split('-').map(Number) as [number, number, number];
  return y - gy - (m < gm || (m === gm && d < gd) ? 1 : 0);
}

/** Spec §17: under 18 one parent/guardian contact is required; from 18 it is optional. */
export function ouderVereist(geboortedatum: string, dag: string): boolean {
  return leeftijdOp(geboortedatum, dag) < 18;
}

/** The address shared with the school: the FAQ's address set, `regel1..3` only abroad. */
export interface Adres {
  woonland: string;
  postcode?: string;
  huisnummer?: number;
  huisnummerToevoeging?: string;
  regel1?: string;
  regel2?: string;
  regel3?: string;
}

/** An address as DUO (BRP) gives it, with the secrecy indication of the BRP (7: geheim). */
export interface DuoAdres extends Adres {
  indicatieGeheim?: number;
}

/** BRP indicatie geheim: 0 is none; 1–7 restrict; 7 is "geheim" and is never passed on (spec §17). */
export const INDICATIE_GEHEIM = 7;

/**
 * Which address a registration carries (spec §17): the one the student entered; else the DUO address,
 * unless that is secret (indicatie 7) — then the student must enter one. Returns the address or the problems.
 */
export function kiesAdres(duo: DuoAdres | null, opgegeven: Adres | undefined): { adres: Adres } | { problemen: InvalidParam[] } {
  if (opgegeven) return { adres: opgegeven };
  if (!duo) return { problemen: [{ name: 'adres', reason: 'geen adres bekend bij DUO: vul het adres in dat u met de school deelt' }] };
  if (duo.indicatieGeheim === INDICATIE_GEHEIM) {
    return { problemen: [{ name: 'adres', reason: 'uw adres is geheim en wordt niet gebruikt: vul een adres in dat u met de school wilt delen' }] };
  }
  const { indicatieGeheim: _geheim, ...adres } = duo;
  return { adres };
}

/** The rules of the FAQ's address set: in NL postcode and huisnummer, abroad regel1 (regel1..3 only there). */
export function adresProblemen(a: Adres, prefix = 'adres'): InvalidParam[] {
  const p: InvalidParam[] = [];
  if (a.woonland === NEDERLAND) {
    if (!a.postcode) p.push({ name: `${prefix}.postcode`, reason: 'verplicht bij woonland 6030 (Nederland)' });
    if (a.huisnummer === undefined) p.push({ name: `${prefix}.huisnummer`, reason: 'verplicht bij een Nederlands adres' });
    for (const r of ['regel1', 'regel2', 'regel3'] as const) {
      if (a[r] !== undefined) p.push({ name: `${prefix}.${r}`, reason: 'alleen bij een adres in het buitenland' });
    }
  } else {
    if (!a.regel1) p.push({ name: `${prefix}.regel1`, reason: 'verplicht bij een adres in het buitenland' });
    for (const v of ['postcode', 'huisnummer', 'huisnummerToevoeging'] as const) {
      if (a[v] !== undefined) p.push({ name: `${prefix}.${v}`, reason: 'niet bij een adres in het buitenland: gebruik regel1..3' });
    }
  }
  return p;
}
