import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type Html } from '../../console/html.ts';
import { csrfVeld, knop, veld } from '../../console/layout.ts';
import { VvaError, type InvalidParam } from '../../shared/errors.ts';
import type { DuoPersoon } from '../aanmelding/duo-bron.ts';
import { INDICATIE_GEHEIM, kiesAdres, ouderVereist, type Adres } from '../aanmelding/regels.ts';
import { amsterdamDate } from '../../shared/clock.ts';
import type { AangebodenOpleiding } from '../catalogus/store.ts';
import { OPENBAAR_VOOR_API, PREFIX, toon, vereisStudent, type Portaal } from './plugin.ts';
import * as store from './store.ts';
import { probleem } from './problemen.ts';
import { datum, type Teksten } from './teksten.ts';

/** The form's fields, as the student typed them (kept in the session between the form and the confirmation). */
interface Concept {
  aanbodCode: string; cohort: string; email: string; telefoon: string; toegangscode: string;
  woonland: string; postcode: string; huisnummer: string; toevoeging: string; regel1: string; regel2: string; regel3: string;
  ouderNaam: string; ouderEmail: string; ouderTelefoon: string;
}
const VELDEN = ['email', 'telefoon', 'toegangscode', 'woonland', 'postcode', 'huisnummer', 'toevoeging', 'regel1', 'regel2', 'regel3', 'ouderNaam', 'ouderEmail', 'ouderTelefoon'] as const;

function conceptUit(body: Record<string, unknown>, aanbodCode: string): Concept {
  const v = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 254) : '');
  return { aanbodCode, cohort: v('cohort'), ...Object.fromEntries(VELDEN.map((k) => [k, v(k)])) } as Concept;
}

/** The concept as AanmeldService takes it: empty fields left out, so the service's own rules decide. */
function invoerVan(c: Concept, bsn: string) {
  const adresGegeven = c.woonland || c.postcode || c.huisnummer || c.regel1;
  const adres = adresGegeven ? (Object.fromEntries(Object.entries({
    woonland: c.woonland || '6030', postcode: c.postcode.replace(/\s/g, '').toUpperCase() || undefined, huisnummer: c.huisnummer ? Number(c.huisnummer) : undefined,
    huisnummerToevoeging: c.toevoeging || undefined, regel1: c.regel1 || undefined, regel2: c.regel2 || undefined, regel3: c.regel3 || undefined,
  }).filter(([, x]) => x !== undefined)) as unknown as Adres) : undefined;
  const ouders = c.ouderNaam || c.ouderEmail || c.ouderTelefoon ? [{ naam: c.ouderNaam, email: c.ouderEmail, telefoon: c.ouderTelefoon }] : [];
  return {
    bsn, aanbodCode: c.aanbodCode, cohort: c.cohort, email: c.email, ...(c.telefoon ? { telefoon: c.telefoon } : {}),
    ...(c.toegangscode ? { toegangscode: c.toegangscode } : {}), ...(adres ? { adres } : {}), ouders,
  };
}

/** Which field of the form a problem of the service is about (its `name`), for the error summary's link. */
const VELD_VAN: Record<string, string> = {
  email: 'email', telefoon: 'telefoon', toegangscode: 'toegangscode', adres: 'woonland', 'adres.woonland': 'woonland', 'adres.postcode': 'postcode',
  'adres.huisnummer': 'huisnummer', 'adres.regel1': 'regel1', ouders: 'ouderNaam', 'ouders[0].naam': 'ouderNaam', 'ouders[0].email': 'ouderEmail', 'ouders[0].telefoon': 'ouderTelefoon', cohort: 'cohort',
};

function adresTekst(a: Adres | null | undefined): string {
  if (!a) return '—';
  return a.postcode ? `${a.postcode} ${a.huisnummer ?? ''}${a.huisnummerToevoeging ? ` ${a.huisnummerToevoeging}` : ''}` : [a.regel1, a.regel2, a.regel3, a.woonland].filter(Boolean).join(', ');
}

function duoBlok(t: Teksten, taal: 'nl' | 'en', persoon: DuoPersoon): Html {
  const geheim = persoon.adres?.indicatieGeheim === INDICATIE_GEHEIM;
  const item = (k: string, v: string) => html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${k}</dt><dd class="utrecht-data-list__item-value">${v}</dd></div>`;
  return html`<h2 class="utrecht-heading-2">${t.duoGegevens}</h2><dl class="utrecht-data-list">
    ${item(t.naam, `${persoon.voornamen} ${persoon.achternaam}`)}${item(t.geboortedatum, datum(taal, persoon.geboortedatum))}
    ${item(t.adres, geheim ? '—' : adresTekst(persoon.adres))}${item(t.vooropleiding, persoon.vooropleiding?.omschrijving ?? t.geenVooropleiding)}</dl>`;
}

function formulier(req: FastifyRequest, o: AangebodenOpleiding, persoon: DuoPersoon, c: Concept, problemen: InvalidParam[], vandaag: string): Html {
  const { t, taal, csrf } = req.portaal;
  const cohort = o.cohorten.find((x) => x.cohort === c.cohort);
  // The service's own rules tell the form what it will ask: an address when DUO's cannot be used, a parent under 18.
  const adresNodig = 'problemen' in kiesAdres(persoon.adres, undefined);
  const buitenland = persoon.adres && persoon.adres.woonland !== '6030';
  const ouderNodig = ouderVereist(persoon.geboortedatum, vandaag);
  const samenvatting = problemen.length ? html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content">
    <p class="utrecht-paragraph">${t.verbeter}</p><ul class="utrecht-unordered-list">${problemen.map((x) => html`<li class="utrecht-unordered-list__item"><a class="utrecht-link" href="#veld-${VELD_VAN[x.name] ?? 'email'}">${probleem(taal, x)}</a></li>`)}</ul></div></div>` : '';
  const v = (naam: keyof Concept, label: string, extra: Partial<Parameters<typeof veld>[0]> = {}) => veld({ naam, label, waarde: c[naam], ...extra });
  return html`${samenvatting}${duoBlok(t, taal, persoon)}
<form class="utrecht-form vva-formulier" method="post" action="${PREFIX}/opleidingen/${encodeURIComponent(o.aanbodCode)}/aanmelden" novalidate>
  ${csrfVeld(csrf)}<input type="hidden" name="cohort" value="${c.cohort}">
  <fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend">${adresNodig ? t.adresVerplicht : t.adresAnders}</legend>
    ${adresNodig && persoon.adres?.indicatieGeheim === INDICATIE_GEHEIM ? html`<p class="utrecht-paragraph">${t.adresGeheim}</p>` : buitenland ? html`<p class="utrecht-paragraph">${t.adresBuitenland}</p>` : ''}
    ${v('woonland', t.woonland, { autocomplete: 'off' })}${v('postcode', t.postcode, { autocomplete: 'postal-code', verplicht: adresNodig })}${v('huisnummer', t.huisnummer, { verplicht: adresNodig, extra: html`inputmode="numeric"` })}
    ${v('toevoeging', t.toevoeging)}${v('regel1', `${t.regel} 1`, { omschrijving: buitenland ? undefined : taal === 'nl' ? 'Alleen bij een adres in het buitenland' : 'Only for an address abroad' })}${v('regel2', `${t.regel} 2`)}${v('regel3', `${t.regel} 3`)}
  </fieldset>
  <fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend">${t.contact}</legend>
    ${v('email', t.email, { type: 'email', verplicht: true, autocomplete: 'email' })}${v('telefoon', t.telefoon, { type: 'tel', autocomplete: 'tel' })}</fieldset>
  <fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend">${t.ouder}</legend>
    <p class="utrecht-paragraph">${ouderNodig ? t.ouderVerplicht : t.ouderOptioneel}</p>
    ${v('ouderNaam', t.ouderNaam, { verplicht: ouderNodig })}${v('ouderEmail', t.ouderEmail, { type: 'email', verplicht: ouderNodig })}${v('ouderTelefoon', t.ouderTelefoon, { type: 'tel', verplicht: ouderNodig })}</fieldset>
  ${cohort?.toegangscode ? html`<p class="utrecht-paragraph">${t.toegangscodeUitleg}</p>${v('toegangscode', t.toegangscode, { verplicht: true, autocomplete: 'off' })}` : ''}
  ${knop(t.naarControle)}
</form>`;
}

/** The registration: the form with the DUO data, the confirmation, the submission through AanmeldService. */
export function registerAanmeldPaginas(app: FastifyInstance, p: Portaal) {
  const opleidingVan = async (aanbodCode: string) => {
    const o = await p.catalogus.opleiding(aanbodCode);
    if (!o) throw VvaError.notFound('Deze opleiding wordt nu niet aangeboden.');
    return o;
  };
  const persoonVan = async (req: FastifyRequest, pgn: string) => {
    const persoon = await p.service.duoGegevens(pgn, req.traceId);
    if (!persoon) throw VvaError.notFound('Geen persoonsgegevens bij DUO voor u.');
    return persoon;
  };
  const toonFormulier = async (req: FastifyRequest, reply: FastifyReply, pgn: string, c: Concept, problemen: InvalidParam[] = []) => {
    const o = await opleidingVan(c.aanbodCode);
    const persoon = await persoonVan(req, pgn);
    const cohort = o.cohorten.find((x) => x.cohort === c.cohort);
    const titel = `${req.portaal.t.formulier}: ${o.wervingsnaam}${cohort ? ` (${datum(req.portaal.taal, cohort.instroommoment)})` : ''}`;
    return toon(req, reply, titel, '', formulier(req, o, persoon, c, problemen, amsterdamDate(p.ctx.clock.now())), { status: problemen.length ? 400 : 200 });
  };

  app.get('/opleidingen/:aanbodCode/aanmelden', OPENBAAR_VOOR_API, async (req, reply) => {
    const pgn = vereisStudent(req, reply);
    if (!pgn) return reply;
    const aanbodCode = String((req.params as { aanbodCode: string }).aanbodCode);
    const q = req.query as { cohort?: string; returnUrl?: string };
    // A deeplink's returnUrl, once honoured, is kept for the "back to the instelling" link after submitting.
    if (typeof q.returnUrl === 'string' && (await p.catalogus.deeplink(aanbodCode, q.returnUrl)).returnUrlGehonoreerd) await store.zetTerugUrl(p.ctx.db, req.portaal.sessie!.idHash, q.returnUrl);
    const vorig = req.portaal.sessie?.concept as Concept | null;
    const c = vorig && vorig.aanbodCode === aanbodCode && vorig.cohort === q.cohort ? vorig : conceptUit({ cohort: q.cohort }, aanbodCode);
    return toonFormulier(req, reply, pgn, c);
  });

  app.post('/opleidingen/:aanbodCode/aanmelden', OPENBAAR_VOOR_API, async (req, reply) => {
    vereisStudent(req, reply);
    const c = conceptUit(req.body as Record<string, unknown>, String((req.params as { aanbodCode: string }).aanbodCode));
    await store.zetConcept(p.ctx.db, req.portaal.sessie!.idHash, { ...c });
    return reply.redirect(`${PREFIX}/controleren`, 303);
  });

  app.get('/controleren', OPENBAAR_VOOR_API, async (req, reply) => {
    const pgn = vereisStudent(req, reply);
    if (!pgn) return reply;
    const { t, taal, csrf } = req.portaal;
    const c = req.portaal.sessie?.concept as Concept | null;
    if (!c) return reply.redirect(`${PREFIX}/opleidingen`, 303);
    const o = await opleidingVan(c.aanbodCode);
    const persoon = await persoonVan(req, pgn);
    const invoer = invoerVan(c, pgn);
    const cohort = o.cohorten.find((x) => x.cohort === c.cohort);
    const adres = invoer.adres ?? (persoon.adres?.indicatieGeheim === INDICATIE_GEHEIM ? null : persoon.adres);
    const item = (k: string, v: string) => html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${k}</dt><dd class="utrecht-data-list__item-value">${v}</dd></div>`;
    return toon(req, reply, t.controleren, '', html`<dl class="utrecht-data-list">
      ${item(t.opleiding, o.wervingsnaam)}${item(t.cohort, cohort ? datum(taal, cohort.instroommoment) : c.cohort)}${item(t.naam, `${persoon.voornamen} ${persoon.achternaam}`)}
      ${item(t.adres, adresTekst(adres))}${item(t.email, c.email || '—')}${item(t.telefoon, c.telefoon || '—')}
      ${item(t.ouder, invoer.ouders.length ? `${c.ouderNaam}, ${c.ouderEmail}, ${c.ouderTelefoon}` : '—')}${c.toegangscode ? item(t.toegangscode, '••••••') : ''}</dl>
      <p class="utrecht-paragraph">${t.klopt}</p>
      <form method="post" action="${PREFIX}/controleren" class="vva-rij-formulier">${csrfVeld(csrf)}${knop(t.versturen)}
        <a class="utrecht-link" href="${PREFIX}/opleidingen/${encodeURIComponent(c.aanbodCode)}/aanmelden?cohort=${encodeURIComponent(c.cohort)}">${t.wijzigen}</a></form>`);
  });

  app.post('/controleren', OPENBAAR_VOOR_API, async (req, reply) => {
    const pgn = vereisStudent(req, reply)!;
    const c = req.portaal.sessie?.concept as Concept | null;
    if (!c) return reply.redirect(`${PREFIX}/opleidingen`, 303);
    try {
      await p.service.aanmelden.dienIn(p.service.actor, invoerVan(c, pgn), req.traceId);
    } catch (err) {
      // The service's rules refused it: back to the form, every problem listed and linked to its field.
      if (err instanceof VvaError && err.status === 400) return toonFormulier(req, reply, pgn, c, err.invalidParams ?? [{ name: 'email', reason: err.detail ?? err.title }]);
      if (err instanceof VvaError && err.status === 409) return toonFormulier(req, reply, pgn, c, [{ name: 'cohort', reason: err.detail ?? err.title }]);
      throw err;
    }
    await store.zetConcept(p.ctx.db, req.portaal.sessie!.idHash, null);
    return reply.redirect(`${PREFIX}/?melding=verstuurd`, 303);
  });
}
