import { valtOnderDeWet } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';
import { woontInNederlandseGemeente, type LeerlingToestand } from '../leerling/derive.ts';

/** Prior education that makes the sending vo-school the latende school (spec §6). */
const VO_VOOROPLEIDINGEN = new Set(['VMBO', 'PRO', 'VSO', 'VAVO']);

export interface RoutedStatus {
  brinVo?: string | null;
  vooropleiding: string;
  leertraject: string;
  startkwalificatie: boolean;
  leeftijdscategorie: string;
}

export interface SchoolMelding {
  brinVo: string;
  mboGanger: boolean;
}

export interface RoutingContext {
  /** Every vo-school report of this PGN in this cycle (latest per school). */
  meldingen: SchoolMelding[];
  /** vo-schools that are known and active (and connected), by BRIN. */
  actieveVoScholen: ReadonlySet<string>;
  /** The pupil's derived state after the message was applied. */
  leerling: Pick<LeerlingToestand, 'woonland' | 'woongemeente'>;
  centraalAanmelden: string[];
  overstapsystemen: string[];
}

export interface Routering {
  voScholen: string[];
  /** The woongemeente whose signal engine gets the fact, or null. */
  gemeente: string | null;
  centraalAanmelden: string[];
  overstapsystemen: string[];
}

/**
 * Who receives one accepted aanmeldstatusbericht (spec §6, §12). A pure function of the message and
 * the stored state, so every rule is a line of a test table.
 */
export function routeAanmeldstatus(m: RoutedStatus, ctx: RoutingContext): Routering {
  return {
    centraalAanmelden: [...ctx.centraalAanmelden],
    voScholen: latendeScholen(m, ctx),
    gemeente: naarGemeente(m, ctx) ? ctx.leerling.woongemeente : null,
    // Part-time (ODT) registrations are outside the law: the status pull leaves them out, so no notice either.
    overstapsystemen: valtOnderDeWet(m.leertraject) ? [...ctx.overstapsystemen] : [],
  };
}

function latendeScholen(m: RoutedStatus, ctx: RoutingContext): string[] {
  if (!VO_VOOROPLEIDINGEN.has(m.vooropleiding) || !valtOnderDeWet(m.leertraject)) return [];
  // A vo-school sees only pupils it reported (spec §12): the named latende school if it reported the
  // pupil at all; without a name, every school that reported the pupil as potential mbo-goer.
  const reported = m.brinVo
    ? ctx.meldingen.filter((s) => s.brinVo === m.brinVo)
    : ctx.meldingen.filter((s) => s.mboGanger);
  return [...new Set(reported.map((s) => s.brinVo))].filter((b) => ctx.actieveVoScholen.has(b)).sort();
}

function naarGemeente(m: RoutedStatus, ctx: RoutingContext): boolean {
  return woontInNederlandseGemeente(ctx.leerling) && !m.startkwalificatie && m.leeftijdscategorie !== 'BOVEN_23' && valtOnderDeWet(m.leertraject);
}

/**
 * When a vo-school reports a pupil for the first time this cycle, it receives the current status of
 * the registrations it would have been sent had it reported earlier (same rules as above).
 */
export function inhaalStatussen<T extends RoutedStatus>(brinVo: string, mboGanger: boolean, registraties: T[]): T[] {
  const ctxFor: RoutingContext = {
    meldingen: [{ brinVo, mboGanger }], actieveVoScholen: new Set([brinVo]),
    leerling: { woonland: null, woongemeente: null }, centraalAanmelden: [], overstapsystemen: [],
  };
  return registraties.filter((r) => latendeScholen(r, ctxFor).includes(brinVo));
}
