import type { AppContext } from '../../app/context.ts';
import type { Actor } from '../../identity/service.ts';
import { VvaError } from '../../shared/errors.ts';
import { toegangscodeHash } from '../aanmelding/service.ts';
import { deeplink } from './deeplink.ts';
import * as store from './store.ts';

/** The catalogue as students see it, and the settings an instelling keeps on it (spec §17). */
export class CatalogusService {
  constructor(private readonly ctx: AppContext) {}

  async aanbod(brin: string) {
    return { opleidingen: await store.aanbodVan(this.ctx.db, brin) };
  }

  /** Search across instellingen (name, crebo, instelling, place); at most `limit` results. */
  async zoek(zoek: string, plaats: string, limit = 50) {
    return { opleidingen: await store.zoekAanbod(this.ctx.db, zoek, plaats, limit) };
  }

  /** One offered opleiding as students see it (null: not offered now, or outside the whitelist). */
  opleiding(aanbodCode: string) {
    return store.aangebodenOpleiding(this.ctx.db, aanbodCode);
  }

  /** Only the instelling itself (or beheer) manages its whitelist and toegangscodes. */
  private magBeheren(actor: Actor, brin: string) {
    if (actor.soort !== 'beheer' && actor.brin !== brin) throw VvaError.forbidden(`Alleen instelling ${brin} zelf (of beheer) beheert dit.`);
  }

  async zetWhitelist(actor: Actor, brin: string, w: { actief: boolean; aanbodCodes: string[] }, traceId: string | null) {
    this.magBeheren(actor, brin);
    const codes = [...new Set(w.aanbodCodes)].sort();
    const eigen = await store.eigenOpleidingen(this.ctx.db, brin, codes);
    const vreemd = codes.filter((c) => !eigen.has(c));
    if (vreemd.length) throw VvaError.invalid(vreemd.map((c) => ({ name: `aanbodCodes[${w.aanbodCodes.indexOf(c)}]`, reason: `geen actieve opleiding van ${brin}` })));
    await this.ctx.db.transaction(async (tx) => {
      await store.zetWhitelist(tx, brin, w.actief, codes);
      await this.ctx.audit.append(tx, [{ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'ca-whitelist-vastgelegd', resource: `ca-instelling/${brin}`, doel: 'centraal-aanmelden', traceId, uitkomst: w.actief ? `aan (${codes.length})` : 'uit' }]);
    });
    await this.ctx.onFeiten();
    return { actief: w.actief, aanbodCodes: codes };
  }

  async zetToegangscode(actor: Actor, aanbodCode: string, cohort: string, code: string | null, traceId: string | null) {
    const opleiding = await store.opleidingMetCohort(this.ctx.db, aanbodCode, cohort);
    if (!opleiding) throw VvaError.notFound(`Geen cohort ${cohort} van opleiding ${aanbodCode}.`);
    this.magBeheren(actor, opleiding.brin);
    await this.ctx.db.transaction(async (tx) => {
      await store.zetToegangscode(tx, aanbodCode, cohort, code === null ? null : toegangscodeHash(aanbodCode, cohort, code));
      await this.ctx.audit.append(tx, [{ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'ca-toegangscode-vastgelegd', resource: `ca-cohort/${aanbodCode}/${cohort}`, doel: 'centraal-aanmelden', traceId, uitkomst: code === null ? 'weg' : 'gezet' }]);
    });
    await this.ctx.onFeiten();
    return { toegangscode: code !== null };
  }

  async zetDomeinen(actor: Actor, brin: string, domeinen: string[], traceId: string | null) {
    this.magBeheren(actor, brin);
    const lijst = [...new Set(domeinen.map((d) => d.toLowerCase()))].sort();
    await this.ctx.db.transaction(async (tx) => {
      await store.zetToegestaneDomeinen(tx, brin, lijst);
      await this.ctx.audit.append(tx, [{ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'ca-domeinen-vastgelegd', resource: `ca-instelling/${brin}`, doel: 'centraal-aanmelden', traceId, uitkomst: lijst.join(',') || 'geen' }]);
    });
    await this.ctx.onFeiten();
    return { domeinen: lijst };
  }

  /** The deeplink to an offered opleiding, with its returnUrl only when the instelling allows that domain. */
  async deeplink(aanbodCode: string, returnUrl: string | undefined) {
    const opleiding = await store.aangebodenOpleiding(this.ctx.db, aanbodCode);
    if (!opleiding) throw VvaError.notFound(`Opleiding ${aanbodCode} wordt niet aangeboden.`);
    return deeplink(aanbodCode, returnUrl, await store.toegestaneDomeinen(this.ctx.db, opleiding.brin));
  }
}
