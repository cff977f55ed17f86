import { createHash } from 'node:crypto';
import type { InvalidParam } from '../shared/errors.ts';

export type UploadSoort = 'mbo-gangerberichten' | 'aanmeldstatusberichten';

const VELDEN: Record<UploadSoort, string[]> = {
  'mbo-gangerberichten': ['tijdstip', 'pgn', 'brinVo', 'vestiging', 'postcode', 'huisnummer', 'huisnummerToevoeging', 'woonland', 'mboGanger', 'redenNee'],
  aanmeldstatusberichten: ['tijdstip', 'aanmeldingId', 'caKetenId', 'pgn', 'postcode', 'huisnummer', 'huisnummerToevoeging', 'woonland', 'brinMbo', 'brinVo', 'vooropleiding', 'leertraject', 'leeftijdscategorie', 'startkwalificatie', 'status', 'crebo'],
};
const VERPLICHT: Record<UploadSoort, string[]> = {
  'mbo-gangerberichten': ['tijdstip', 'pgn', 'brinVo', 'mboGanger'],
  aanmeldstatusberichten: ['tijdstip', 'aanmeldingId', 'pgn', 'brinMbo', 'vooropleiding', 'leertraject', 'leeftijdscategorie', 'startkwalificatie', 'status'],
};
const INTEGERS = new Set(['huisnummer']);

/**
 * How every upload is read, the header as much as the rows (one reading, so the header that is
 * checked is the header that is used). Quotes inside a cell are kept as text (`relax_quotes`); a
 * row that still cannot be read (a quote never closed) is skipped and reported, not fatal.
 */
export const CSV_OPTIES = { delimiter: ';', bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true } as const;

/** The problem of a row the CSV reader could not read (csv-parse error codes), in the words of the report. */
export function leesProbleem(err: { code?: string; lines?: number }): InvalidParam {
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return { name: 'rij', reason: `aanhalingsteken (") op deze regel wordt nergens gesloten; de regels tot het einde van het bestand (regel ${err.lines}) zijn als één cel gelezen en niet verwerkt`, code: 'csv-aanhalingsteken' };
  }
  return { name: 'rij', reason: `regel is geen geldige CSV (${err.code ?? 'onleesbaar'})`, code: 'csv-onleesbaar' };
}
const BOOLEANS = new Set(['mboGanger', 'startkwalificatie']);

/** The kind of file from its header (the fields of spec §4.1 or §4.2), and every problem with the header at once. */
export function checkHeader(header: string[]): { soort: UploadSoort } | { problemen: InvalidParam[] } {
  const soort: UploadSoort = header.includes('aanmeldingId') ? 'aanmeldstatusberichten' : 'mbo-gangerberichten';
  const problemen: InvalidParam[] = [];
  for (const h of header) {
    if (h === 'berichtId') problemen.push({ name: `kolom ${h}`, reason: 'wordt door de hub gemaakt uit bestand en rijnummer; laat deze kolom weg' });
    else if (!VELDEN[soort].includes(h)) problemen.push({ name: `kolom ${h}`, reason: 'onbekende kolom' });
  }
  for (const v of VERPLICHT[soort]) if (!header.includes(v)) problemen.push({ name: `kolom ${v}`, reason: 'verplichte kolom ontbreekt' });
  return problemen.length ? { problemen } : { soort };
}

/**
 * A CSV row as the JSON message the API takes: empty cells are absent, numbers and booleans typed
 * (`true/false`, `ja/nee`, `1/0`); anything else is left as text for the message validation to judge.
 */
export function rowToBericht(header: string[], cells: string[], berichtId: string): Record<string, unknown> {
  const bericht: Record<string, unknown> = { berichtId };
  header.forEach((h, i) => {
    const raw = (cells[i] ?? '').trim();
    if (raw === '') return;
    if (INTEGERS.has(h) && /^\d+$/.test(raw)) bericht[h] = Number(raw);
    else if (BOOLEANS.has(h) && /^(true|ja|1)$/i.test(raw)) bericht[h] = true;
    else if (BOOLEANS.has(h) && /^(false|nee|0)$/i.test(raw)) bericht[h] = false;
    else bericht[h] = raw;
  });
  return bericht;
}

/** berichtId of a row: a UUID derived from the file's hash and the row number (re-uploads are duplicates). */
export function rowBerichtId(fileSha256: string, rij: number): string {
  const h = createHash('sha256').update(`${fileSha256}:${rij}`).digest('hex');
  // Shaped as a version-8 (custom) UUID with the RFC 4122 variant.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
