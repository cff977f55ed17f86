import type { FastifyInstance } from 'fastify';
import { html } from '../../console/html.ts';
import { csrfVeld, keuzeveld, knop, rij, tabel, veld } from '../../console/layout.ts';
import { VvaError } from '../../shared/errors.ts';
import { DOMEIN } from '../catalogus/deeplink.ts';
import { koppelpuntcode } from '../schemas.ts';
import { StatistiekService, type Meervoudig } from '../statistiek/service.ts';
import * as koppelpuntStore from '../koppelpunt/store.ts';
import * as overzicht from './overzicht-store.ts';
import { OPENBAAR_VOOR_API, okMelding, PAGINAS, PREFIX, toon, type Instellingsbeheer } from './plugin.ts';

const terug = (pad: string, ok: string) => `${PREFIX}${pad}?${new URLSearchParams({ ok })}`;
const lijstUit = (v: unknown) => [v ?? []].flat().map(String);

/** Overview, catalogue (whitelist, toegangscodes), deeplinks and domains, koppelpunten, statistics. */
export function registerBeheerPaginas(app: FastifyInstance, c: Instellingsbeheer) {
  const statistiek = new StatistiekService(c.ctx);
  app.get('/', OPENBAAR_VOOR_API, async (req, reply) => {
    const s = req.instelling.sessie!;
    const org = await overzicht.instellingOrganisatie(c.ctx.db, s.brin);
    const v = req.instelling.v;
    return toon(req, reply, v('Overzicht'), `${PREFIX}/`, html`<p class="utrecht-paragraph">${v('U beheert Centraal Aanmelden voor {0} (BRIN {1}).', org?.naam ?? s.brin, s.brin)}</p>
      <ul class="utrecht-unordered-list">${PAGINAS.slice(1).map((p) => html`<li class="utrecht-unordered-list__item"><a class="utrecht-link" href="${p.pad}">${v(p.titel)}</a></li>`)}</ul>`);
  });

  app.get('/catalogus', OPENBAAR_VOOR_API, async (req, reply) => {
    const { brin } = req.instelling.sessie!;
    const csrf = req.instelling.csrf;
    const v = req.instelling.v;
    const [aanbod, inst] = await Promise.all([overzicht.eigenAanbod(c.ctx.db, brin), overzicht.instellingInstellingen(c.ctx.db, brin)]);
    const inhoud = html`<p class="utrecht-paragraph">${v('Met een whitelist ziet een student alleen de aangevinkte opleidingen. Een import van de catalogus verandert deze keuze niet.')}</p>
      <form method="post" action="${PREFIX}/catalogus/whitelist">${csrfVeld(csrf)}
        <p class="utrecht-paragraph"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" id="whitelist-actief" name="actief" value="ja" ${inst.whitelistActief ? html`checked` : ''}>
          <label class="utrecht-form-label utrecht-form-label--checkbox" for="whitelist-actief">${v('Whitelist gebruiken')}</label></p>
        ${tabel(v('Opleidingen van de instelling'), [v('Op de whitelist'), v('Opleiding'), 'Crebo', v('Locatie'), v('Cohorten')], aanbod.map((o) => rij(
          html`<input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" id="wl-${o.aanbodCode}" name="aanbodCodes" value="${o.aanbodCode}" ${o.opWhitelist ? html`checked` : ''} aria-label="${v('{0} ({1}) op de whitelist', o.wervingsnaam, o.aanbodCode)}">`,
          html`${o.wervingsnaam} <span class="vva-sub">${o.aanbodCode}</span>`, o.crebo, o.locatie, o.cohorten.map((k) => `${k.cohort}${k.toegangscode ? v(' (toegangscode)') : ''}`).join(', '))))}
        ${knop(v('Whitelist opslaan'))}</form>
      <h2 class="utrecht-heading-2">${v('Toegangscode (numerus fixus)')}</h2>
      <form class="vva-rij-formulier" method="post" action="${PREFIX}/catalogus/toegangscode">${csrfVeld(csrf)}
        ${keuzeveld({ naam: 'cohort', label: v('Opleiding en cohort'), opties: aanbod.flatMap((o) => o.cohorten.map((k) => ({ waarde: `${o.aanbodCode}|${k.cohort}`, tekst: `${o.wervingsnaam} — ${k.cohort}` }))) })}
        ${veld({ naam: 'toegangscode', label: v('Toegangscode (leeg: geen)'), autocomplete: 'off' })}${knop(v('Toegangscode opslaan'))}</form>`;
    return toon(req, reply, v('Catalogus en whitelist'), `${PREFIX}/catalogus`, inhoud, okMelding(req));
  });

  app.post('/catalogus/whitelist', OPENBAAR_VOOR_API, async (req, reply) => {
    const body = req.body as Record<string, unknown>;
    const w = await c.catalogus.zetWhitelist(req.instelling.actor!, req.instelling.sessie!.brin, { actief: body.actief === 'ja', aanbodCodes: lijstUit(body.aanbodCodes) }, req.traceId);
    const v = req.instelling.v;
    return reply.redirect(terug('/catalogus', w.actief ? v('De whitelist staat aan met {0} opleiding(en).', w.aanbodCodes.length) : v('De whitelist staat uit: alle opleidingen zijn zichtbaar.')), 303);
  });

  app.post('/catalogus/toegangscode', OPENBAAR_VOOR_API, async (req, reply) => {
    const body = req.body as Record<string, unknown>;
    const [aanbodCode, cohort] = String(body.cohort ?? '').split('|');
    const code = String(body.toegangscode ?? '').trim();
    if (code && (code.length < 6 || code.length > 64)) throw VvaError.invalid([{ name: 'toegangscode', reason: '6 tot 64 tekens' }]);
    await c.catalogus.zetToegangscode(req.instelling.actor!, aanbodCode ?? '', cohort ?? '', code || null, req.traceId);
    return reply.redirect(terug('/catalogus', req.instelling.v(code ? 'Cohort {0} vraagt nu een toegangscode.' : 'Cohort {0} vraagt geen toegangscode meer.', cohort ?? '')), 303);
  });

  app.get('/deeplinks', OPENBAAR_VOOR_API, async (req, reply) => {
    const { brin } = req.instelling.sessie!;
    const q = req.query as { aanbodCode?: string; returnUrl?: string };
    const [aanbod, inst] = await Promise.all([overzicht.eigenAanbod(c.ctx.db, brin), overzicht.instellingInstellingen(c.ctx.db, brin)]);
    const gekozen = aanbod.find((o) => o.aanbodCode === q.aanbodCode);
    const link = gekozen ? await c.catalogus.deeplink(gekozen.aanbodCode, q.returnUrl ? String(q.returnUrl).slice(0, 2000) : undefined) : null;
    const basis = c.ctx.config.publicUrl;
    const v = req.instelling.v;
    const inhoud = html`<h2 class="utrecht-heading-2">${v('Toegestane domeinen')}</h2>
      <p class="utrecht-paragraph">${v('Een deeplink stuurt de student na het aanmelden alleen terug naar een https-adres op deze domeinen (of een subdomein ervan).')}</p>
      <form class="utrecht-form vva-formulier" method="post" action="${PREFIX}/deeplinks/domeinen">${csrfVeld(req.instelling.csrf)}
        ${veld({ naam: 'domeinen', label: v('Domeinen, gescheiden door komma\'s of spaties'), waarde: inst.domeinen.join(', '), omschrijving: v('Bijvoorbeeld roc.nl — zonder https:// of pad.') })}
        ${knop(v('Domeinen opslaan'))}</form>
      <h2 class="utrecht-heading-2">${v('Deeplink maken')}</h2>
      <form class="vva-rij-formulier" method="get" action="${PREFIX}/deeplinks">
        ${keuzeveld({ naam: 'aanbodCode', label: v('Opleiding'), opties: aanbod.map((o) => ({ waarde: o.aanbodCode, tekst: `${o.wervingsnaam} (${o.aanbodCode})`, gekozen: o.aanbodCode === q.aanbodCode })) })}
        ${veld({ naam: 'returnUrl', label: v('Terugkeerlink (optioneel)'), type: 'url', waarde: q.returnUrl ?? '' })}${knop(v('Deeplink maken'))}</form>
      ${link ? html`<p class="utrecht-paragraph" role="status">${v('Deeplink')}: <code>${basis}${link.deeplink}</code>${q.returnUrl ? v(link.returnUrlGehonoreerd ? ' — de terugkeerlink wordt gevolgd.' : ' — de terugkeerlink valt buiten uw toegestane domeinen en wordt niet gevolgd.') : ''}</p>` : ''}`;
    return toon(req, reply, v('Deeplinks en domeinen'), `${PREFIX}/deeplinks`, inhoud, okMelding(req));
  });

  app.post('/deeplinks/domeinen', OPENBAAR_VOOR_API, async (req, reply) => {
    const tekst = String((req.body as Record<string, unknown>).domeinen ?? '');
    const domeinen = tekst.split(/[\s,]+/).map((d) => d.trim().toLowerCase()).filter(Boolean);
    const fout = domeinen.flatMap((d, i) => (DOMEIN.test(d) ? [] : [{ name: `domeinen[${i}]`, reason: `${d}: een domeinnaam zoals roc.nl, zonder https:// of pad` }]));
    if (fout.length || domeinen.length > 20) throw VvaError.invalid(fout.length ? fout : [{ name: 'domeinen', reason: 'ten hoogste 20' }]);
    const r = await c.catalogus.zetDomeinen(req.instelling.actor!, req.instelling.sessie!.brin, domeinen, req.traceId);
    return reply.redirect(terug('/deeplinks', req.instelling.v('Toegestane domeinen: {0}.', r.domeinen.join(', ') || req.instelling.v('geen'))), 303);
  });

  app.get('/koppelpunten', OPENBAAR_VOOR_API, async (req, reply) => {
    const { brin } = req.instelling.sessie!;
    const lijst = await koppelpuntStore.koppelpuntenVan(c.ctx.db, brin);
    const v = req.instelling.v;
    const inhoud = html`<p class="utrecht-paragraph">${v('Het SIS haalt aanmeldingen op bij een koppelpunt, met de koppelpuntcode (hoofdlettergevoelig). Een koppelpunt zonder onderwijsaanbieders neemt alle aanbieders die geen ander koppelpunt noemt.')}</p>
      ${tabel(v('Koppelpunten van de instelling'), [v('Koppelpuntcode'), v('Onderwijsaanbieders'), v('Actief'), v('Ophaaladres voor het SIS')], lijst.map((k) => rij(
        k.koppelpuntcode, k.onderwijsaanbieders.join(', ') || v('alle overige'), v(k.actief ? 'ja' : 'nee'), html`<code>/api/v1/centraal-aanmelden/koppelpunten/${encodeURIComponent(k.koppelpuntcode)}/aanmeldingen</code>`)))}
      <h2 class="utrecht-heading-2">${v('Koppelpunt vastleggen')}</h2>
      <form class="utrecht-form vva-formulier" method="post" action="${PREFIX}/koppelpunten">${csrfVeld(req.instelling.csrf)}
        ${veld({ naam: 'koppelpuntcode', label: v('Koppelpuntcode'), verplicht: true, waarde: brin })}
        ${veld({ naam: 'onderwijsaanbieders', label: v('Onderwijsaanbieders (codes, gescheiden door komma\'s; leeg: alle overige)') })}
        ${keuzeveld({ naam: 'actief', label: v('Actief'), opties: [{ waarde: 'ja', tekst: v('ja') }, { waarde: 'nee', tekst: v('nee') }] })}
        ${knop(v('Koppelpunt opslaan'))}</form>`;
    return toon(req, reply, v('Koppelpunten'), `${PREFIX}/koppelpunten`, inhoud, okMelding(req));
  });

  app.post('/koppelpunten', OPENBAAR_VOOR_API, async (req, reply) => {
    const { brin } = req.instelling.sessie!;
    const body = req.body as Record<string, unknown>;
    const code = koppelpuntcode.safeParse(String(body.koppelpuntcode ?? '').trim());
    if (!code.success) throw VvaError.invalid([{ name: 'koppelpuntcode', reason: 'letters, cijfers, _ . - (hoofdlettergevoelig), 1–32 tekens' }]);
    // A code is one instelling's: an administrator never takes over another instelling's koppelpunt.
    const bestaand = await koppelpuntStore.findKoppelpunt(c.ctx.db, code.data);
    if (bestaand && bestaand.brin !== brin) throw VvaError.conflict(`Koppelpuntcode ${code.data} hoort bij een andere instelling; kies een andere code.`);
    const aanbieders = String(body.onderwijsaanbieders ?? '').split(/[\s,]+/).filter(Boolean).slice(0, 100);
    await c.koppelpunten.zetKoppelpunt(req.instelling.actor!, code.data, { brin, onderwijsaanbieders: aanbieders, actief: body.actief !== 'nee' }, req.traceId);
    return reply.redirect(terug('/koppelpunten', req.instelling.v('Koppelpunt {0} is opgeslagen.', code.data)), 303);
  });

  // The statistics are StatistiekService's (statistiek/): the signed-in administrator's own instelling only.
  app.get('/statistiek', OPENBAAR_VOOR_API, async (req, reply) => {
    const { brin } = req.instelling.sessie!;
    const { reeks } = await statistiek.vanInstelling(brin);
    const v = req.instelling.v;
    const cellen = (m: Meervoudig) => [String(m.aanmeldingen), String(m.meervoudigAangemeld), String(m.meervoudigElders)];
    const koppen = [v('Aanmeldingen'), v('Waarvan één van meerdere van dezelfde student'), v('Waarvan de student ook elders aangemeld is')];
    return toon(req, reply, v('Meervoudige aanmeldingen'), `${PREFIX}/statistiek`, html`<p class="utrecht-paragraph">${v('Aanmeldingen bij uw instelling per instroomjaar, en hoeveel daarvan één van meerdere aanmeldingen van dezelfde student zijn (bij uw of een andere instelling). Alleen aantallen, nooit per student; minder dan 5 staat als <5.')}</p>
      ${reeks.length ? reeks.map((r) => html`<section aria-labelledby="jaar-${r.cyclus}"><h2 class="utrecht-heading-2" id="jaar-${r.cyclus}">${v('Instroomjaar {0}', r.cyclus)}</h2>
        ${tabel(v('Instelling, instroomjaar {0}', r.cyclus), koppen, [rij(...cellen(r.instelling))])}
        ${tabel(v('Per opleiding, instroomjaar {0}', r.cyclus), [v('Opleiding'), ...koppen], r.opleidingen.map((o) => rij(o.wervingsnaam ?? o.aanbodCode, ...cellen(o))))}</section>`)
        : html`<p class="utrecht-paragraph vva-leeg">${v('Nog geen aanmeldingen.')}</p>`}`);
  });
}
