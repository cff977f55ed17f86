import { randomUUID } from 'node:crypto';
import type { paths } from '@open-vva/client';
import { VvaApiError } from '@open-vva/client';
import { mapLimit } from '../shared/parallel.ts';
import { HERHAALD } from './klantfouten.ts';
import type { Klant } from './ontvanger.ts';
import type { Partijen } from './partijen.ts';
import type { MeldingBericht, SimBericht, StatusBericht } from './scenario.ts';
import type { Verloop } from './simuleer.ts';
import { tijdstipVan } from './tijd.ts';

const BATCH = 1000;
const PARALLEL = 6;

/**
 * The messages of a week, in rounds: a round holds at most one message per pupil (the k-th of its week),
 * and rounds go one after the other, so each pupil's messages arrive in the order of its story while
 * different pupils' messages share batches. Nothing in the spec orders one pupil's facts against another's.
 */
export function rondes(berichten: SimBericht[]): SimBericht[][] {
  const perPgn = new Map<string, number>();
  const uit: SimBericht[][] = [];
  for (const b of berichten) {
    const k = perPgn.get(b.pgn) ?? 0;
    perPgn.set(b.pgn, k + 1);
    (uit[k] ??= []).push(b);
  }
  return uit;
}

/** One round's messages, each stamped on its own day: per supplier in batches of 1,000; with `herhaal`, one batch is sent twice (a retry after a timeout). */
export async function verstuurRonde(partijen: Partijen, berichten: SimBericht[], verloop: Verloop, seq: () => number, herhaal: boolean) {
  // A LAS sends mbo-gangerberichten and a SIS aanmeldstatusberichten; no supplier sends both.
  const perAfzender = new Map<Klant, SimBericht[]>();
  for (const b of berichten) {
    if (b.soort === 'melding' && partijen.uploadScholen.has(b.brinVo)) continue; // uploaded as a file (uploaden.ts)
    const klant = b.soort === 'melding' ? partijen.lasVoor.get(b.brinVo)!.klant : partijen.sisVoor.get(b.brinMbo)!.klant;
    const lijst = perAfzender.get(klant) ?? [];
    lijst.push(b);
    perAfzender.set(klant, lijst);
  }
  const batches: { stuur: () => Promise<{ resultaten: Resultaat[]; herhaald: boolean }>; berichten: SimBericht[] }[] = [];
  for (const [klant, lijst] of perAfzender) {
    for (let i = 0; i < lijst.length; i += BATCH) {
      const deel = lijst.slice(i, i + BATCH);
      const meldingen = deel.flatMap((b) => (b.soort === 'melding' ? [meldingJson(b, b.dag, seq())] : []));
      const statussen = deel.flatMap((b) => (b.soort === 'status' ? [statusJson(b, b.dag, seq())] : []));
      // The body is made once: a batch sent again carries the same berichtIds.
      const stuur = meldingen.length > 0
        ? () => antwoord(klant.POST('/mbo-gangerberichten', { body: { berichten: meldingen } }))
        : () => antwoord(klant.POST('/aanmeldstatusberichten', { body: { berichten: statussen } }));
      batches.push({ stuur, berichten: deel });
    }
  }
  await mapLimit(batches, PARALLEL, async (batch) => {
    const r = await batch.stuur();
    r.resultaten.forEach((res, i) => verloop.antwoorden.set(batch.berichten[i]!, { ...res, herhaald: r.herhaald }));
    // Now and then one batch again: the hub must answer DUPLICAAT for each and change nothing.
    if (herhaal && batch === batches[0]) {
      const again = await batch.stuur();
      verloop.herhaaldeBatches.berichten += again.resultaten.length;
      verloop.herhaaldeBatches.duplicaat += again.resultaten.filter((x) => x.resultaat === 'DUPLICAAT').length;
    }
  });
}

/** The answers, and whether the client had to send the batch again (then a first attempt may have been processed). */
async function antwoord(call: Promise<{ data?: { resultaten: Resultaat[] }; error?: unknown; response: Response }>) {
  const { data, error, response } = await call;
  if (!response.ok) throw new VvaApiError(response.status, response.url, undefined, JSON.stringify(error ?? ''));
  return { resultaten: data!.resultaten, herhaald: response.headers.has(HERHAALD) };
}

type Resultaat = { resultaat: string; eldersAangemeld?: boolean; problemen?: unknown };
type Melding = paths['/mbo-gangerberichten']['post']['requestBody']['content']['application/json']['berichten'][number];
type Status = paths['/aanmeldstatusberichten']['post']['requestBody']['content']['application/json']['berichten'][number];

const adres = (a: MeldingBericht['adres']) => (a ? { postcode: a.postcode, huisnummer: a.huisnummer } : {});

function meldingJson(b: MeldingBericht, d: number, seq: number): Melding {
  return {
    berichtId: randomUUID(), tijdstip: tijdstipVan(d, seq), pgn: b.pgn, brinVo: b.brinVo, ...adres(b.adres),
    ...(b.woonland !== '6030' ? { woonland: b.woonland } : {}), mboGanger: b.mboGanger, ...(b.redenNee ? { redenNee: b.redenNee } : {}),
  };
}

function statusJson(s: StatusBericht, d: number, seq: number): Status {
  return {
    berichtId: randomUUID(), tijdstip: tijdstipVan(d, seq), pgn: s.pgn, aanmeldingId: s.aanmeldingId, brinMbo: s.brinMbo, ...(s.brinVo ? { brinVo: s.brinVo } : {}), vooropleiding: s.vooropleiding, leertraject: s.leertraject,
    leeftijdscategorie: s.leeftijdscategorie, startkwalificatie: s.startkwalificatie, status: s.status, ...adres(s.adres), ...(s.crebo ? { crebo: s.crebo } : {}),
  };
}
