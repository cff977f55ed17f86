import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';

export interface FileProgress {
  start(totalBytes: number, label: string): void;
  update(bytesRead: number): void;
  stop(): void;
}

/**
 * Streams a CSV file as records keyed by header name, so files of millions of rows (the CBS
 * postcode table) never sit in memory whole. The delimiter is taken from the header line.
 */
export async function* readCsv(file: string, progress?: FileProgress, label = file): AsyncGenerator<Record<string, string>> {
  const { size } = await stat(file);
  const firstLine = await readFirstLine(file);
  const delimiter = [';', ',', '\t'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
  // Created only now: a 'data' listener starts the flow, and nothing may pass before the parser is piped.
  const stream = createReadStream(file);
  let bytes = 0;
  progress?.start(size, label);
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    progress?.update(bytes);
  });
  const parser = stream.pipe(parse({ delimiter, columns: (h: string[]) => h.map((c) => c.trim()), bom: true, relax_quotes: true, trim: true, skip_empty_lines: true }));
  try {
    for await (const record of parser) yield record as Record<string, string>;
  } finally {
    progress?.stop();
  }
}

async function readFirstLine(file: string): Promise<string> {
  const stream = createReadStream(file, { start: 0, end: 4095, encoding: 'utf8' });
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text.split(/\r?\n/)[0] ?? '';
}

/** Finds a column by exact name or, for year-suffixed CBS headers (`Gemeente2023`), by prefix. */
export function column(record: Record<string, string>, name: string): string | undefined {
  if (name in record) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase().startsWith(name.toLowerCase()));
  return key === undefined ? undefined : record[key];
}

export const normalisePostcode = (pc: string | undefined): string | null => {
  const v = (pc ?? '').replace(/\s+/g, '').toUpperCase();
  return /^[1-9][0-9]{3}[A-Z]{2}$/.test(v) ? v : null;
};

export const padGemeentecode = (code: string | undefined): string | null => {
  const v = (code ?? '').replace(/^GM/i, '').trim();
  return /^[0-9]{1,4}$/.test(v) ? v.padStart(4, '0') : null;
};
