import { unwrap } from '@open-vva/client';
import { mapLimit } from '../shared/parallel.ts';
import type { Klant } from './ontvanger.ts';
import type { Partijen } from './partijen.ts';
import type { MeldingBericht } from './scenario.ts';
import type { Verloop } from './simuleer.ts';
import { tijdstipVan } from './tijd.ts';

/** What the uploading schools sent and what the hub made of it (spec §11). */
export interface UploadVerloop {
  bestanden: number;
  rijen: number;
  /** Rows the simulator spoiled on purpose (a PGN that fails the elfproef), and those the hub rejected. */
  bedorven: number;
  afgewezen: number;
  correcties: number;
  /** A file sent a second time: the hub must answer with the first upload and do nothing. */
  herhaald: number;
  herhaaldGelijk: number;
  afwijkingen: string[];
}

const KOP = 'tijdstip;pgn;brinVo;postcode;huisnummer;woonland;mboGanger;redenNee';

/** One file of a school's messages; `bederf` spoils the PGN of that row (the last digit moved: the elfproef fails). */
function csv(berichten: MeldingBericht[], seq: () => number, bederf: number | null): string {
  const regels = berichten.map((b, i) => {
    const pgn = i === bederf ? b.pgn.slice(0, 8) + String((Number(b.pgn[8]) + 1) % 10) : b.pgn;
    return [tijdstipVan(b.dag, seq()), pgn, b.brinVo, b.adres?.postcode ?? '', b.adres?.huisnummer ?? '', b.woonland === '6030' ? '' : b.woonland, b.mboGanger ? 'ja' : 'nee', b.redenNee ?? ''].join(';');
  });
  return [KOP, ...regels].join('\n') + '\n';
}

async function stuur(klant: Klant, inhoud: string) {
  const u = await unwrap(klant.POST('/uploads', { body: inhoud as never, bodySerializer: (b: unknown) => b as string, headers: { 'content-type': 'text/csv' } }));
  for (let wacht = 20; ; wacht = Math.min(500, wacht * 2)) {
    const stand = await unwrap(klant.GET('/uploads/{id}', { params: { path: { id: u.id }, query: { formaat: 'json' } } }));
    if (stand.status !== 'verwerken') return stand;
    await new Promise((r) => setTimeout(r, wacht));
  }
}

/**
 * The schools without an API link upload their round as a CSV file; every third file has one
 * spoiled row, which the school corrects in a second file once it has read the rejection. Now and
 * then a file goes twice. Each message ends with the answer of the row that carried it.
 */
export async function uploadRonde(partijen: Partijen, berichten: MeldingBericht[], verloop: Verloop, seq: () => number) {
  const perSchool = new Map<string, MeldingBericht[]>();
  for (const b of berichten) perSchool.set(b.brinVo, [...(perSchool.get(b.brinVo) ?? []), b]);
  const u = verloop.uploads;
  await mapLimit([...perSchool], 4, async ([brin, lijst]) => {
    const klant = partijen.scholen.get(brin)!.klant;
    const bederf = u.bestanden++ % 3 === 1 ? lijst.length - 1 : null;
    const inhoud = csv(lijst, seq, bederf);
    const stand = await stuur(klant, inhoud);
    u.rijen += stand.rijen;
    u.afgewezen += stand.afgewezen;
    const afgewezenRijen = stand.afwijzingen.map((a) => a.rij);
    const verwacht = bederf === null ? [] : [bederf + 2]; // line numbers: the header is line 1
    if (afgewezenRijen.join() !== verwacht.join()) u.afwijkingen.push(`upload ${stand.id} van ${brin}: afgewezen regels ${afgewezenRijen.join(',') || 'geen'}, verwacht ${verwacht.join(',') || 'geen'}`);
    if (stand.verwerkt !== lijst.length - verwacht.length) u.afwijkingen.push(`upload ${stand.id} van ${brin}: ${stand.verwerkt} verwerkt, verwacht ${lijst.length - verwacht.length}`);
    lijst.forEach((b, i) => {
      if (i !== bederf) verloop.antwoorden.set(b, { resultaat: 'VERWERKT', herhaald: false });
    });
    if (bederf !== null) {
      u.bedorven++;
      const correctie = await stuur(klant, csv([lijst[bederf]!], seq, null));
      u.correcties++;
      verloop.antwoorden.set(lijst[bederf]!, { resultaat: correctie.verwerkt === 1 ? 'VERWERKT' : `correctie: ${correctie.verwerkt} verwerkt, ${correctie.afgewezen} afgewezen`, herhaald: false });
    }
    if (u.bestanden % 7 === 0) {
      const nogEens = await stuur(klant, inhoud);
      u.herhaald++;
      if (nogEens.id === stand.id && nogEens.verwerkt === stand.verwerkt) u.herhaaldGelijk++;
    }
  });
}
