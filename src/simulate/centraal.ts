import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { unwrap } from '@open-vva/client';
import { TestDuoBron } from '../centraal-aanmelden/aanmelding/duo-bron.ts';
import { readCsv } from '../reference-data/csv.ts';
import { HERHAALD } from './klantfouten.ts';
import type { Klant } from './ontvanger.ts';
import type { SimAdres } from './bronnen.ts';
import type { Partijen } from './partijen.ts';
import { tijdstipVan } from './tijd.ts';

type Status = 'AO' | 'OA' | 'LI' | 'LNI';

interface CaAanmelding {
  bsn: string;
  brin: string;
  caKetenId: string;
  aanmeldingId: string;
  /** The student withdraws it before the SIS made an offer (spec §17: allowed at INGEDIEND). */
  ingetrokken: boolean;
  /** What the SIS sends back, one per step; the registration must end with the last (or AI when withdrawn). */
  statussen: Status[];
}

/** What the SIS of each koppelpunt pulled, what every registration ended with, and what differs from the truth. */
export interface CaVerloop {
  koppelpunten: string[];
  aanmeldingen: number;
  opgehaald: Map<string, Set<string>>;
  intrekkingenOpgehaald: Map<string, Set<string>>;
  eindstatus: Map<string, string>;
  afwijkingen: string[];
  verwacht: number;
  /** Registrations and withdrawals sent again after a fault took their answer (the Idempotency-Key gave it back). */
  herhaald: number;
}

/**
 * Centraal Aanmelden (spec §17), played as its front end and the SIS suppliers of three instellingen:
 * students of the hub's test DUO source register (some at two instellingen), the SIS pulls them by
 * koppelpuntcode and acknowledges, a few students withdraw, the SIS pulls the withdrawals, and the
 * statuses it sends back (AO, OA, LI or LNI, with the caKetenId) land on the registrations.
 */
export class CentraalAanmelden {
  readonly verloop: CaVerloop = { koppelpunten: [], aanmeldingen: 0, opgehaald: new Map(), intrekkingenOpgehaald: new Map(), eindstatus: new Map(), afwijkingen: [], verwacht: 0, herhaald: 0 };
  private readonly aanmeldingen: CaAanmelding[] = [];
  private opleidingen = new Map<string, string>();
  private stap = 0;

  /** `adres`: a real address (CBS) the SIS knows for its students: the DUO test persons' postcodes are invented. */
  constructor(private readonly ca: Klant, private readonly beheer: Klant, private readonly partijen: Partijen, private readonly adres: SimAdres) {}

  /** The koppelpunten (code = BRIN) of three instellingen that offer a cohort starting Aug 2027. */
  async zetOp(referenceDir: string, stil: Set<string>) {
    const aanbod = new Map<string, string>();
    for await (const r of readCsv(path.join(referenceDir, 'synthetic/ca-catalogus-synthetisch.csv'))) {
      if (r.COHORTCODE === '2027-08' && r.BEGIN_AANMELDPERIODE! <= '2027-02-01' && r.EINDE_AANMELDPERIODE! >= '2027-03-01' && !stil.has(r.INSTELLINGSCODE!) && !aanbod.has(r.INSTELLINGSCODE!)) aanbod.set(r.INSTELLINGSCODE!, r.AANGEBODENOPLEIDINGCODE!);
    }
    this.opleidingen = new Map([...aanbod].filter(([b]) => this.partijen.sisVoor.has(b)).sort().slice(0, 3));
    for (const brin of this.opleidingen.keys()) {
      await unwrap(this.beheer.PUT('/beheer/centraal-aanmelden/koppelpunten/{code}', { params: { path: { code: brin } }, body: { brin } }));
      this.verloop.koppelpunten.push(brin);
    }
  }

  private sis(brin: string) {
    return this.partijen.sisVoor.get(brin)!.klant;
  }

  /** The answer of a call with an Idempotency-Key, counting it when it came after a resend. */
  private async geteld<D, E>(call: Promise<{ data?: D; error?: E; response: Response }>): Promise<D> {
    const res = await call;
    if (res.response.headers.has(HERHAALD)) this.verloop.herhaald++;
    return unwrap(Promise.resolve(res));
  }

  /** Whether the next step is the one that registers (and withdraws). */
  registreertNu(): boolean {
    return this.stap === 0 && this.opleidingen.size > 0;
  }

  /** One step per interval of the cycle from February: submit and pull; offers; enrolment or rejection. */
  async volgendeStap(d: number, seq: () => number) {
    const brins = [...this.opleidingen.keys()];
    if (brins.length === 0) return;
    const stap = this.stap++;
    if (stap === 0) {
      const duo = new TestDuoBron();
      // The ordinary persons of the test source (index 5 on: under 18, an address in NL, vmbo).
      const personen = [...duo.personen.values()].slice(5);
      for (const [i, p] of personen.entries()) {
        const bij = [brins[i % brins.length]!, ...(i % 5 === 0 ? [brins[(i + 1) % brins.length]!] : [])];
        for (const brin of bij) {
          // With a key of its own: a registration whose answer a fault lost is sent again (klantfouten.ts) and gets that answer.
          const r = await this.geteld(this.ca.POST('/centraal-aanmelden/aanmeldingen', {
            params: { header: { 'idempotency-key': `"${randomUUID()}"` } },
            body: { bsn: p.bsn, aanbodCode: this.opleidingen.get(brin)!, cohort: '2027-08', email: `student${i}@example.org`, ouders: [{ naam: `Ouder ${i}`, email: `ouder${i}@example.org`, telefoon: '0612345678' }] },
          }));
          if (r.status !== 'INGEDIEND') this.verloop.afwijkingen.push(`${r.caKetenId}: status ${r.status} na indienen, verwacht INGEDIEND`);
          const n = this.aanmeldingen.length;
          this.aanmeldingen.push({ bsn: p.bsn, brin, caKetenId: r.caKetenId, aanmeldingId: r.aanmeldingId, ingetrokken: n % 7 === 3, statussen: ['AO', 'OA', n % 4 === 1 ? 'LNI' : 'LI'] });
        }
      }
      this.verloop.aanmeldingen = this.aanmeldingen.length;
      await this.haalOp();
      for (const a of this.aanmeldingen.filter((x) => x.ingetrokken)) {
        await this.geteld(this.ca.POST('/centraal-aanmelden/aanmeldingen/{caKetenId}/intrekking', { params: { path: { caKetenId: a.caKetenId }, header: { 'idempotency-key': `"${randomUUID()}"` } }, body: { bsn: a.bsn } }));
      }
      await this.haalOp();
    }
    if (stap <= 2) await this.stuurStatussen(stap, d, seq);
  }

  /** Every koppelpunt's SIS pulls what is open and acknowledges it. */
  private async haalOp() {
    for (const code of this.verloop.koppelpunten) {
      for (;;) {
        const r = await unwrap(this.sis(code).GET('/centraal-aanmelden/koppelpunten/{code}/aanmeldingen', { params: { path: { code }, query: { limit: 100 } } }));
        if (r.aanmeldingen.length === 0) break;
        for (const m of r.aanmeldingen) {
          const doel = m.soort === 'aanmelding' ? this.verloop.opgehaald : this.verloop.intrekkingenOpgehaald;
          doel.set(code, (doel.get(code) ?? new Set()).add(m.caKetenId));
        }
        await unwrap(this.sis(code).POST('/centraal-aanmelden/koppelpunten/{code}/aanmeldingen/bevestigingen', { params: { path: { code } }, body: { berichtIds: r.aanmeldingen.map((m) => m.berichtId) } }));
      }
    }
  }

  private async stuurStatussen(stap: number, d: number, seq: () => number) {
    for (const brin of this.verloop.koppelpunten) {
      const berichten = this.aanmeldingen.filter((a) => a.brin === brin && !a.ingetrokken).map((a) => ({
        berichtId: randomUUID(), tijdstip: tijdstipVan(d, seq()), pgn: a.bsn, aanmeldingId: a.aanmeldingId, caKetenId: a.caKetenId, brinMbo: brin,
        vooropleiding: 'VMBO' as const, leertraject: 'BOL' as const, leeftijdscategorie: 'TUSSEN_16_18' as const, startkwalificatie: false,
        status: a.statussen[stap]!, postcode: this.adres.postcode, huisnummer: this.adres.huisnummer,
      }));
      if (berichten.length === 0) continue;
      const r = await unwrap(this.sis(brin).POST('/aanmeldstatusberichten', { body: { berichten } }));
      r.resultaten.forEach((x, i) => {
        if (x.resultaat !== 'VERWERKT') this.verloop.afwijkingen.push(`${berichten[i]!.caKetenId} ${berichten[i]!.status}: ${x.resultaat} ${JSON.stringify(x.problemen ?? '')}`);
      });
    }
  }

  /** At the end: per student the registrations as Centraal Aanmelden shows them, against the truth. */
  async controleer() {
    const v = this.verloop;
    for (const bsn of new Set(this.aanmeldingen.map((a) => a.bsn))) {
      const r = await unwrap(this.ca.POST('/centraal-aanmelden/aanmeldingen/zoeken', { body: { bsn } }));
      for (const a of r.aanmeldingen) v.eindstatus.set(a.caKetenId, a.status);
    }
    for (const a of this.aanmeldingen) {
      v.verwacht++;
      const verwacht = a.ingetrokken ? 'AI' : a.statussen.at(-1)!;
      if (v.eindstatus.get(a.caKetenId) !== verwacht) v.afwijkingen.push(`${a.caKetenId} (${a.brin}): eindstatus ${v.eindstatus.get(a.caKetenId) ?? 'geen'}, verwacht ${verwacht}`);
      if (!v.opgehaald.get(a.brin)?.has(a.caKetenId)) v.afwijkingen.push(`${a.caKetenId}: niet opgehaald door de SIS van koppelpunt ${a.brin}`);
      if (a.ingetrokken && !v.intrekkingenOpgehaald.get(a.brin)?.has(a.caKetenId)) v.afwijkingen.push(`${a.caKetenId}: intrekking niet opgehaald door koppelpunt ${a.brin}`);
    }
    const bekend = new Set(this.aanmeldingen.map((a) => `${a.brin}|${a.caKetenId}`));
    for (const [code, ids] of v.opgehaald) for (const id of ids) if (!bekend.has(`${code}|${id}`)) v.afwijkingen.push(`koppelpunt ${code}: onbekende aanmelding ${id} opgehaald`);
  }
}
