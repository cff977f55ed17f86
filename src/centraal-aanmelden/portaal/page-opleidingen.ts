import type { FastifyInstance } from 'fastify';
import { html } from '../../console/html.ts';
import { knop, rij, tabel, veld } from '../../console/layout.ts';
import type { AangebodenOpleiding } from '../catalogus/store.ts';
import { OPENBAAR_VOOR_API, PREFIX, toon, type Portaal } from './plugin.ts';
import * as store from './store.ts';
import { datum } from './teksten.ts';

const tekstVan = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : '');

/** Choosing an opleiding: search the catalogue, or arrive by an instelling's deeplink. */
export function registerOpleidingPaginas(app: FastifyInstance, p: Portaal) {
  app.get('/opleidingen', OPENBAAR_VOOR_API, async (req, reply) => {
    const { t } = req.portaal;
    const q = req.query as Record<string, unknown>;
    const zoek = tekstVan(q.zoek);
    const plaats = tekstVan(q.plaats);
    const gezocht = zoek !== '' || plaats !== '';
    const [{ opleidingen }, namen] = await Promise.all([gezocht ? p.catalogus.zoek(zoek, plaats) : Promise.resolve({ opleidingen: [] as AangebodenOpleiding[] }), store.instellingNamen(p.ctx.db)]);
    const inhoud = html`<form class="vva-rij-formulier" method="get" action="${PREFIX}/opleidingen" role="search">
      ${veld({ naam: 'zoek', label: t.zoekLabel, waarde: zoek })}${veld({ naam: 'plaats', label: t.plaatsLabel, waarde: plaats })}${knop(t.zoekKnop)}</form>
      ${gezocht ? tabel(t.gevonden, [t.opleiding, 'Crebo', t.instelling, t.leerweg, t.locatie, t.acties], opleidingen.map((o) => rij(
        o.wervingsnaam, o.crebo, namen.get(o.brin) ?? o.brin, o.leerweg, o.locatie,
        html`<a class="utrecht-link" href="${PREFIX}/opleidingen/${encodeURIComponent(o.aanbodCode)}" aria-label="${t.bekijk}: ${o.wervingsnaam}, ${o.locatie}">${t.bekijk}</a>`,
      )), t.geenResultaat) : ''}`;
    return toon(req, reply, t.zoeken, `${PREFIX}/opleidingen`, inhoud);
  });

  // The deeplink of spec §17: its returnUrl is honoured only for the instelling's allowed domains.
  app.get('/opleidingen/:aanbodCode', OPENBAAR_VOOR_API, async (req, reply) => {
    const { t, taal } = req.portaal;
    const aanbodCode = tekstVan((req.params as { aanbodCode: string }).aanbodCode);
    const returnUrl = (req.query as { returnUrl?: unknown }).returnUrl;
    const o = await p.catalogus.opleiding(aanbodCode);
    if (!o) return toon(req, reply, t.nietAangeboden, '', html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${PREFIX}/opleidingen">${t.kiesOpleiding}</a></p>`, { status: 404 });
    const zonder = `${PREFIX}/opleidingen/${encodeURIComponent(aanbodCode)}`;
    if (returnUrl !== undefined) {
      const link = typeof returnUrl === 'string' && returnUrl.length <= 2000 ? await p.catalogus.deeplink(aanbodCode, returnUrl) : { returnUrlGehonoreerd: false };
      if (!link.returnUrlGehonoreerd) {
        return toon(req, reply, o.wervingsnaam, '', html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${zonder}">${t.returnGeweigerdVerder}</a></p>`,
          { status: 400, melding: { soort: 'fout', tekst: t.returnGeweigerd } });
      }
    }
    const naam = (await store.instellingNamen(p.ctx.db)).get(o.brin) ?? o.brin;
    const extra = typeof returnUrl === 'string' ? `&${new URLSearchParams({ returnUrl })}` : '';
    const inhoud = html`<dl class="utrecht-data-list">
      <div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t.instelling}</dt><dd class="utrecht-data-list__item-value">${naam}</dd></div>
      <div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">Crebo</dt><dd class="utrecht-data-list__item-value">${o.crebo ?? '—'}</dd></div>
      <div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t.leerweg}</dt><dd class="utrecht-data-list__item-value">${o.leerweg}</dd></div>
      <div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t.locatie}</dt><dd class="utrecht-data-list__item-value">${o.locatie}</dd></div></dl>
      ${tabel(t.cohort, [t.cohort, t.aanmeldperiode, t.acties], o.cohorten.map((c) => rij(
        html`${datum(taal, c.instroommoment)}${c.toegangscode ? html` (${t.toegangscodeNodig})` : ''}`,
        `${datum(taal, c.aanmeldenVan)} ${t.tot} ${datum(taal, c.aanmeldenTot)}`,
        html`<a class="utrecht-link" href="${PREFIX}/opleidingen/${encodeURIComponent(o.aanbodCode)}/aanmelden?cohort=${encodeURIComponent(c.cohort)}${extra}" aria-label="${t.aanmeldenVoor}: ${o.wervingsnaam}, ${datum(taal, c.instroommoment)}">${t.aanmeldenVoor}</a>`,
      )))}`;
    return toon(req, reply, o.wervingsnaam, '', inhoud);
  });
}
