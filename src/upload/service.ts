import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { uuidv7 } from '../shared/uuid.ts';
import { isTransientDbError } from '../db/errors.ts';
import type { AppContext } from '../app/context.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Actor } from '../identity/service.ts';
import { processAanmeldstatusberichten } from '../intake/aanmeldstatus-intake.ts';
import { processMboGangerberichten } from '../intake/mbo-ganger-intake.ts';
import { MAX_BATCH } from '../intake/resultaat.ts';
import { VvaError, type InvalidParam } from '../shared/errors.ts';
import { Utf8Lines } from '../shared/utf8.ts';
import { CSV_OPTIES, checkHeader, leesProbleem, rowBerichtId, rowToBericht, type UploadSoort } from './csv-rows.ts';
import * as store from './store.ts';

/** Larger files are refused while they stream in: ~1 KB per row, so ten times the 100,000 rows of spec §11. */
const MAX_BYTES = 100 * 1024 * 1024;

export const uploadDir = (ctx: AppContext) => path.join(ctx.config.dataDir, 'uploads');

/**
 * Receives a CSV upload (spec §11): spooled to disk while hashed — never held in memory whole —
 * then checked on its header and processed in the background. The same file from the same sender
 * is the same upload: nothing happens the second time.
 */
export async function receiveUpload(ctx: AppContext, actor: Actor, body: Readable, traceId: string): Promise<{ upload: store.Upload; nieuw: boolean }> {
  const dir = uploadDir(ctx);
  await mkdir(dir, { recursive: true });
  const spool = path.join(dir, `ontvangst-${uuidv7()}.csv`);
  const hash = createHash('sha256');
  let bytes = 0;
  // Spec §11: the file is UTF-8; bad bytes are refused with their line, not read as U+FFFD.
  const utf8 = new Utf8Lines();
  try {
    await pipeline(body, async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        utf8.push(chunk);
        if (bytes > MAX_BYTES) throw new VvaError(413, 'bestand-te-groot', 'Bestand te groot', `Hoogstens ${MAX_BYTES / 1024 / 1024} MB per upload; splits het bestand.`);
        hash.update(chunk);
        yield chunk;
      }
    }, createWriteStream(spool));
    utf8.end();
    const sha256 = hash.digest('hex');
    const checked = checkHeader(await readHeader(spool));
    if ('problemen' in checked) throw VvaError.invalid(checked.problemen, 'De kopregel van het bestand klopt niet.');
    const existing = await store.findBySha(ctx.db, actor.oin, sha256);
    if (existing) {
      await rm(spool, { force: true });
      ctx.metrics.uploads.inc({ uitkomst: 'duplicaat' });
      return { upload: existing, nieuw: false };
    }
    const id = uuidv7();
    const now = ctx.clock.now();
    const file = path.join(dir, `${id}.csv`);
    await rename(spool, file);
    if (!(await store.insert(ctx.db, { id, afzenderOin: actor.oin, soort: checked.soort, sha256, cyclus: cycleOf(now), ontvangen: now }))) {
      await rm(file, { force: true });
      ctx.metrics.uploads.inc({ uitkomst: 'duplicaat' });
      return { upload: (await store.findBySha(ctx.db, actor.oin, sha256))!, nieuw: false };
    }
    await ctx.audit.record([{ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'upload-ontvangen', resource: `uploads/${id}`, doel: 'vva-uitwisseling', traceId, uitkomst: `${bytes} bytes` }]);
    ctx.metrics.uploads.inc({ uitkomst: 'ontvangen' });
    void processUpload(ctx, actor, id, checked.soort, sha256, file, traceId);
    return { upload: (await store.find(ctx.db, id))!, nieuw: true };
  } catch (err) {
    await rm(spool, { force: true });
    if (err instanceof VvaError) ctx.metrics.uploads.inc({ uitkomst: 'geweigerd' });
    throw err;
  }
}

/** The header row; a header the CSV reader cannot read is a 400 naming it, never a 500. */
async function readHeader(file: string): Promise<string[]> {
  const parser = createReadStream(file).pipe(parse({ ...CSV_OPTIES, to_line: 1 }));
  try {
    for await (const record of parser) return (record as string[]).map((h) => h.trim());
  } catch (err) {
    throw VvaError.invalid([{ name: 'kopregel', reason: `geen geldige CSV (${(err as { code?: string }).code ?? 'onleesbaar'}): controleer de aanhalingstekens`, code: 'csv-onleesbaar' }], 'De kopregel van het bestand klopt niet.');
  } finally {
    parser.destroy();
  }
  return [];
}

/**
 * Rows go through the API's own intake in batches of 1,000; between batches the event loop is
 * free, so a 100,000-row file does not hold up other requests. Row numbers are the file's line numbers.
 */
async function processUpload(ctx: AppContext, actor: Actor, id: string, soort: UploadSoort, sha256: string, file: string, traceId: string) {
  const intake = soort === 'mbo-gangerberichten' ? processMboGangerberichten : processAanmeldstatusberichten;
  let header: string[] | null = null;
  let batch: { rij: number; bericht: Record<string, unknown> | null; probleem?: InvalidParam }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    // Taken whole before the first await: rows the reader reports meanwhile go to the next batch.
    const current = batch;
    batch = [];
    const valid = current.filter((b) => b.bericht);
    const results = valid.length ? await intake(ctx, actor, valid.map((b) => b.bericht), traceId) : [];
    const counts = { rijen: current.length, verwerkt: 0, verouderd: 0, duplicaat: 0, afgewezen: 0 };
    const afwijzingen: { rij: number; problemen: InvalidParam[] }[] = current.filter((b) => b.probleem).map((b) => ({ rij: b.rij, problemen: [b.probleem!] }));
    valid.forEach((b, i) => {
      const r = results[i]!;
      if (r.resultaat === 'AFGEWEZEN') afwijzingen.push({ rij: b.rij, problemen: r.problemen ?? [] });
      else counts[r.resultaat === 'VERWERKT' ? 'verwerkt' : r.resultaat === 'VEROUDERD' ? 'verouderd' : 'duplicaat']++;
    });
    counts.afgewezen = afwijzingen.length;
    await store.addCounts(ctx.db, id, counts, afwijzingen);
    for (const resultaat of ['verwerkt', 'verouderd', 'duplicaat', 'afgewezen'] as const) ctx.metrics.uploadRijen.inc({ resultaat }, counts[resultaat]);
    await new Promise((resolve) => setImmediate(resolve));
  };
  let laatsteRij = 1;
  let eersteRij = 2;
  try {
    // A row the reader cannot read is reported on its own line; an unclosed quote swallows the rest
    // of the file, so it is reported at the line after the last row read.
    const onleesbaar: { code?: string; lines?: number }[] = [];
    const parser = createReadStream(file).pipe(parse({
      ...CSV_OPTIES, info: true, skip_records_with_error: true, on_skip: (err) => { if (err) onleesbaar.push(err as { code?: string; lines?: number }); },
    }));
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        continue;
      }
      const rij = info.lines;
      laatsteRij = rij;
      if (batch.length === 0) eersteRij = rij;
      // The reader may run ahead of this loop: an unclosed quote (only known at the end) waits for it.
      while (onleesbaar.length && onleesbaar[0]!.code !== 'CSV_QUOTE_NOT_CLOSED') {
        const err = onleesbaar.shift()!;
        batch.push({ rij: err.lines ?? rij, bericht: null, probleem: leesProbleem(err) });
      }
      if (record.length !== header.length) {
        batch.push({ rij, bericht: null, probleem: { name: 'rij', reason: `${record.length} kolommen, de kopregel heeft er ${header.length}` } });
      } else {
        batch.push({ rij, bericht: rowToBericht(header, record, rowBerichtId(sha256, rij)) });
      }
      if (batch.length >= MAX_BATCH) await flush();
    }
    for (const err of onleesbaar.splice(0)) {
      const rij = err.code === 'CSV_QUOTE_NOT_CLOSED' ? laatsteRij + 1 : err.lines ?? laatsteRij + 1;
      batch.push({ rij, bericht: null, probleem: leesProbleem(err) });
    }
    await flush();
    await store.finish(ctx.db, id, 'klaar', ctx.clock.now());
  } catch (err) {
    // Not a client's fault (every input is a per-row problem): the report still says where it stopped.
    ctx.log.error({ err, upload: id }, 'upload failed');
    const probleem = { name: 'bestand', reason: `verwerking afgebroken bij regels ${eersteRij}–${laatsteRij} door een fout in de hub; deze en de volgende regels zijn niet verwerkt. Stuur het bestand later opnieuw.`, code: 'interne-fout' };
    await store.addCounts(ctx.db, id, { rijen: 0, verwerkt: 0, verouderd: 0, duplicaat: 0, afgewezen: 0 }, [{ rij: eersteRij, problemen: [probleem] }]).catch(() => undefined);
    await store.finish(ctx.db, id, 'mislukt', ctx.clock.now()).catch(() => undefined);
  }
}

export async function uploadResultaat(ctx: AppContext, actor: Actor, id: string) {
  const upload = await store.find(ctx.db, id);
  // Someone else's upload is as unknown as a missing one: its existence is not confirmed.
  if (!upload || upload.afzenderOin !== actor.oin) throw VvaError.notFound('Onbekende upload.');
  return { ...upload, afwijzingen: await store.afwijzingen(ctx.db, id) };
}

/** The rejected rows as CSV (`rij;veld;reden`), for a school administration to work through. */
export function afwijzingenAlsCsv(afwijzingen: { rij: number; problemen: InvalidParam[] }[]): string {
  const quote = (v: string) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = ['rij;veld;reden'];
  for (const a of afwijzingen) for (const p of a.problemen) lines.push([String(a.rij), quote(p.name), quote(p.reason)].join(';'));
  return lines.join('\n') + '\n';
}

/**
 * Uploads cut off by a stop or crash are processed again from their spooled file at start-up. Rows
 * that had been applied come back as DUPLICAAT (their berichtIds derive from file and line), so
 * nothing is applied twice; the counts are those of the resumed run.
 */
export async function resumeUploads(ctx: AppContext): Promise<number> {
  // It runs after the port opened, where a database connection lost (a restart, a cut:
  // test/connection-loss.test.ts) must not end the hub, and those uploads were acknowledged: on a
  // transient error it looks again a second later, each upload resumed once.
  const hervat = new Set<string>();
  for (let poging = 1; ; poging++) {
    try {
      for (const u of await store.unfinished(ctx.db)) {
        if (hervat.has(u.id)) continue;
        const actor = await ctx.identity.authenticateCertificate(u.afzenderOin);
        if (!actor) {
          await store.finish(ctx.db, u.id, 'mislukt', ctx.clock.now());
          continue;
        }
        await store.resetCounts(ctx.db, u.id);
        hervat.add(u.id);
        void processUpload(ctx, actor, u.id, u.soort as UploadSoort, u.sha256, path.join(uploadDir(ctx), `${u.id}.csv`), 'hervat');
      }
      return hervat.size;
    } catch (err) {
      if (!isTransientDbError(err) || poging >= RESUME_ATTEMPTS) throw err;
      ctx.log.warn({ err }, 'resuming unfinished uploads: database not reachable; trying again in 1 s');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** A minute of tries, one a second: a server restart or failover is over by then. */
const RESUME_ATTEMPTS = 60;
