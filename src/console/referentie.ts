import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppContext } from '../app/context.ts';
import type { ImportResult } from '../reference-data/importers.ts';
import { importerFor } from '../reference-data/importers.ts';
import { importFile } from '../reference-data/service.ts';
import { VvaError } from '../shared/errors.ts';
import type { Beheersessie } from './plugin.ts';
import { door } from './service.ts';

/** An uploaded file waits this long for its "apply"; after that it is removed and must be uploaded again. */
const BEWAAR_MS = 30 * 60_000;

interface Voorstel { id: string; kind: string; bestand: string; sha256: string; pad: string; accountId: number; diff: ImportResult; verloopt: number }

/**
 * Upload → diff → apply for reference files (spec §16). The diff is the importer's own dry run (the
 * whole import in a transaction that is rolled back); apply runs the same file for real, all or
 * nothing. Uploads wait in this process's memory and a temporary file: apply them on the hub that
 * showed the diff (one console process, or sticky sessions behind a load balancer).
 */
export class Referentievoorstellen {
  private readonly voorstellen = new Map<string, Voorstel>();
  constructor(private readonly ctx: AppContext) {}

  async stelVoor(b: Beheersessie, kind: string, bestand: string, inhoud: Buffer): Promise<Voorstel> {
    if (!importerFor(kind)) throw VvaError.invalid([{ name: 'soort', reason: 'onbekende soort referentiebestand' }]);
    if (inhoud.length === 0) throw VvaError.invalid([{ name: 'bestand', reason: 'kies een bestand' }]);
    await this.ruimOp();
    const dir = await mkdtemp(path.join(tmpdir(), 'vva-referentie-'));
    const pad = path.join(dir, path.basename(bestand).replace(/[^A-Za-z0-9._-]/g, '_') || 'upload.csv');
    await writeFile(pad, inhoud, { mode: 0o600 });
    try {
      const diff = await importFile(this.ctx.db, kind, pad, { dryRun: true });
      const v: Voorstel = { id: randomUUID(), kind, bestand: path.basename(bestand), sha256: createHash('sha256').update(inhoud).digest('hex'), pad, accountId: b.sessie.accountId, diff, verloopt: Date.now() + BEWAAR_MS };
      this.voorstellen.set(v.id, v);
      return v;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      if (err instanceof VvaError) throw err;
      throw VvaError.invalid([{ name: 'bestand', reason: `het bestand kon niet worden gelezen als ${kind}: ${(err as Error).message}` }]);
    }
  }

  /** Applies an upload of this operator; audited with the person and the file's hash. */
  async pasToe(b: Beheersessie, traceId: string, id: string): Promise<{ v: Voorstel; resultaat: ImportResult }> {
    const v = this.voorstellen.get(id);
    if (!v || v.accountId !== b.sessie.accountId || v.verloopt < Date.now()) throw VvaError.notFound('Deze upload is verlopen of niet van u; upload het bestand opnieuw.');
    this.voorstellen.delete(id);
    try {
      const resultaat = await importFile(this.ctx.db, v.kind, v.pad);
      const som = (k: 'toegevoegd' | 'gewijzigd' | 'gedeactiveerd') => Object.values(resultaat).reduce((n, c) => n + c[k], 0);
      await this.ctx.audit.record([door(this.ctx, b, traceId, { actie: 'referentiegegevens-geimporteerd', resource: `referentiegegevens/${v.kind}`, uitkomst: `${v.bestand} sha256 ${v.sha256.slice(0, 16)}: +${som('toegevoegd')} ~${som('gewijzigd')} -${som('gedeactiveerd')}` })]);
      return { v, resultaat };
    } finally {
      await rm(path.dirname(v.pad), { recursive: true, force: true });
    }
  }

  private async ruimOp() {
    for (const [id, v] of this.voorstellen) {
      if (v.verloopt >= Date.now()) continue;
      this.voorstellen.delete(id);
      await rm(path.dirname(v.pad), { recursive: true, force: true });
    }
  }
}
