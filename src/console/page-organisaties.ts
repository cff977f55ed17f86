import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { oin } from '../identity/schemas.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { formatDatum, formatTijd, html, type Html } from './html.ts';
import { csrfVeld, keuzeveld, knop, rij, tabel, veld } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, vereisBeheerder, wijzigbaar, type Console } from './plugin.ts';
import { eindpuntWijzigen, mandaatToevoegen, organisaties, organisatieToevoegen, tokenIntrekken, tokenUitgeven } from './service.ts';
import { SOORTEN } from '../identity/oin.ts';

/** Lists show their first rows; the search narrows them (a national hub has thousands of organisations). */
const MAX_RIJEN = 100;

const weergave = z.object({ oin: oin.optional(), gewijzigd: z.string().regex(/^[0-9]{4}$/).optional(), ingetrokken: z.literal('ja').optional(), aangemaakt: z.literal('ja').optional(), mandaat: z.literal('ja').optional(),
  zoek: z.string().trim().max(100).optional(), soort: z.enum(SOORTEN).optional().or(z.literal('').transform(() => undefined)) });
const eindpunt = z.object({ gemeentecode: z.string().regex(/^[0-9]{4}$/, 'gemeentecode: 4 cijfers'), ontvangerOin: oin });
const tokenIn = z.object({ oin, label: z.string().trim().max(100).default('') });
const intrekken = z.object({ oin, id: z.uuid() });

async function render(c: Console, req: FastifyRequest, reply: FastifyReply, kiesOin: string | undefined, extra: { nieuwToken?: string; melding?: string; zoek?: string; soort?: string } = {}) {
  const o = await organisaties(c.ctx, kiesOin);
  const csrf = req.csrf;
  const mag = wijzigbaar(req);
  const alsMag = (h: Html) => (mag ? h : html``);
  const rmcs = o.lijst.filter((x) => x.soort === 'rmc-regio' && x.actief);
  const gekozen = o.gekozen ? html`<section aria-labelledby="tokens-kop"><h2 class="utrecht-heading-2" id="tokens-kop">Tokens van ${o.gekozen.naam}</h2>
    ${extra.nieuwToken ? html`<div class="utrecht-alert utrecht-alert--ok" role="status"><div class="utrecht-alert__content"><p class="utrecht-paragraph">Nieuw token, wordt maar één keer getoond; geef het veilig door:</p>
      <p class="utrecht-paragraph"><code class="utrecht-code" id="nieuw-token">${extra.nieuwToken}</code></p></div></div>` : ''}
    ${tabel(`API-tokens van ${o.gekozen.naam}`, ['Label', 'Beheerder', 'Uitgegeven', 'Ingetrokken', 'Actie'], o.tokens.map((t) => rij(t.label || '(geen label)', t.gebruiker, formatTijd(t.aangemaakt),
      t.ingetrokken ? formatTijd(t.ingetrokken) : 'nee',
      t.ingetrokken || !mag ? '' : html`<form class="vva-inline" method="post" action="/beheer/organisaties/tokens/intrekken">${csrfVeld(csrf)}<input type="hidden" name="oin" value="${o.gekozen!.oin}"><input type="hidden" name="id" value="${t.id}">${knop('Intrekken', 'secondary', html`aria-label="Token ${t.label || t.id} intrekken"`)}</form>`)), 'nog geen tokens.')}
    ${alsMag(html`<form class="vva-rij-formulier" method="post" action="/beheer/organisaties/tokens">${csrfVeld(csrf)}<input type="hidden" name="oin" value="${o.gekozen.oin}">
      ${veld({ naam: 'label', label: 'Label van het nieuwe token', omschrijving: 'Bijvoorbeeld het systeem dat het token gebruikt.' })}${knop('Token uitgeven')}</form>`)}
  </section>` : '';
  const zoek = extra.zoek?.toLowerCase();
  const gefilterd = o.lijst.filter((x) => (!extra.soort || x.soort === extra.soort) && (!zoek || [x.naam, x.oin, x.brin, x.gemeentecode, x.rmcCode].some((v) => v?.toLowerCase().includes(zoek))));
  const filter = html`<form class="vva-rij-formulier" method="get" action="/beheer/organisaties">
    ${veld({ naam: 'zoek', label: 'Zoek op naam, OIN of code', waarde: extra.zoek ?? '' })}
    ${keuzeveld({ naam: 'soort', label: 'Soort', id: 'filter-soort', opties: [{ waarde: '', tekst: 'alle soorten' }, ...SOORTEN.map((x) => ({ waarde: x, tekst: x, gekozen: x === extra.soort }))] })}
    ${knop('Zoeken', 'secondary')}</form>`;
  const lijst = tabel(`Organisaties (${gefilterd.length}${gefilterd.length > MAX_RIJEN ? `, de eerste ${MAX_RIJEN}; zoek om te verfijnen` : ''})`, ['Naam', 'Soort', 'OIN', 'Code', 'Actief'], gefilterd.slice(0, MAX_RIJEN).map((x) => rij(
    html`<a class="utrecht-link" href="/beheer/organisaties?oin=${x.oin}">${x.naam}</a>`, x.soort, x.oin, x.brin ?? x.gemeentecode ?? x.rmcCode, x.actief ? 'ja' : 'nee')));
  const naam = (oinVan: string | null) => o.lijst.find((x) => x.oin === oinVan)?.naam ?? oinVan;
  const gemeenten = o.eindpunten.filter((g) => !zoek || [g.naam, g.code, g.ingesteldNaam].some((v) => v?.toLowerCase().includes(zoek)));
  const eindpunten = tabel(`Eindpunten van gemeenten (${gemeenten.length}${gemeenten.length > MAX_RIJEN ? `, de eerste ${MAX_RIJEN}; zoek om te verfijnen` : ''})`, ['Gemeente', 'RMC-regio', 'Signalen gaan naar', ...(mag ? ['Wijzigen'] : [])], gemeenten.slice(0, MAX_RIJEN).map((g) => {
    const huidig = g.ingesteldOin ?? g.eigenOin;
    const opties: Html[] = [
      ...(g.eigenOin ? [html`<option value="${g.eigenOin}" ${huidig === g.eigenOin ? html`selected` : ''}>eigen aansluiting (${naam(g.eigenOin)})</option>`] : []),
      ...rmcs.map((r) => html`<option value="${r.oin}" ${huidig === r.oin ? html`selected` : ''}>${r.naam}</option>`),
    ];
    const cellen = [`${g.naam} (${g.code})`, g.rmcCode, huidig ? `${naam(huidig)}${g.ingesteldOin ? '' : ' (eigen aansluiting)'}` : 'geen'];
    if (!mag) return rij(...cellen);
    return rij(...cellen,
      html`<form class="vva-rij-formulier" method="post" action="/beheer/organisaties/eindpunt">${csrfVeld(csrf)}<input type="hidden" name="gemeentecode" value="${g.code}">
        <label class="utrecht-form-label" for="eindpunt-${g.code}">Eindpunt voor ${g.naam}</label>
        <select class="utrecht-select utrecht-select--html-select" id="eindpunt-${g.code}" name="ontvangerOin">${opties}</select>${knop('Opslaan', 'secondary', html`aria-label="Eindpunt van ${g.naam} opslaan"`)}</form>`);
  }), 'geen gemeenten aangesloten.');
  const andere = mag && rmcs.length ? html`<form class="vva-rij-formulier" method="post" action="/beheer/organisaties/eindpunt">${csrfVeld(csrf)}
    ${veld({ naam: 'gemeentecode', label: 'Gemeentecode (4 cijfers) van een andere gemeente' })}
    ${keuzeveld({ naam: 'ontvangerOin', id: 'andere-ontvanger', label: 'Signalen naar', opties: rmcs.map((r) => ({ waarde: r.oin, tekst: r.naam })) })}
    ${knop('Delegeren', 'secondary')}</form>` : '';
  const mandaten = tabel('Mandaten (leverancier handelt namens school)', ['Leverancier', 'Namens', 'Van', 'Tot'], o.mandaten.map((m) => rij(naam(m.leverancierOin), naam(m.schoolOin), formatDatum(m.van), m.tot ? formatDatum(m.tot) : 'onbepaald')));
  const leveranciers = o.lijst.filter((x) => ['leverancier', 'overstapsysteem'].includes(x.soort));
  const gevers = o.lijst.filter((x) => ['vo-school', 'mbo-instelling', 'gemeente'].includes(x.soort));
  const keuze = (id: string, label: string, naam: string, lijst: typeof o.lijst) => keuzeveld({ id, label, naam, opties: lijst.map((x) => ({ waarde: x.oin, tekst: `${x.naam} (${x.oin})` })) });
  const nieuweOrg = alsMag(html`<form class="utrecht-form vva-formulier" method="post" action="/beheer/organisaties/nieuw">${csrfVeld(csrf)}
    ${keuzeveld({ naam: 'soort', label: 'Soort', opties: SOORTEN.map((x) => ({ waarde: x, tekst: x })) })}
    ${veld({ naam: 'oin', label: 'OIN (20 posities)', verplicht: true })}${veld({ naam: 'naam', label: 'Naam', verplicht: true })}
    ${veld({ naam: 'brin', label: 'BRIN (vo-school, mbo-instelling)' })}${veld({ naam: 'gemeentecode', label: 'Gemeentecode (gemeente)' })}${veld({ naam: 'rmcCode', label: 'RMC-code (rmc-regio)' })}
    ${knop('Organisatie aanmaken')}</form>`);
  const nieuwMandaat = mag && leveranciers.length && gevers.length ? html`<form class="utrecht-form vva-formulier" method="post" action="/beheer/organisaties/mandaten">${csrfVeld(csrf)}
    ${keuze('mandaat-leverancier', 'Leverancier of overstapsysteem', 'leverancierOin', leveranciers)}${keuze('mandaat-school', 'Handelt namens', 'schoolOin', gevers)}
    ${veld({ naam: 'van', label: 'Geldig vanaf (leeg: vandaag)', type: 'date' })}${veld({ naam: 'tot', label: 'Geldig tot en met (leeg: onbepaald)', type: 'date' })}
    ${knop('Mandaat vastleggen')}</form>` : '';
  const inhoud = html`${gekozen}
<section aria-labelledby="eindpunt-kop"><h2 class="utrecht-heading-2" id="eindpunt-kop">Eindpunten van gemeenten</h2>
<p class="utrecht-paragraph">Een gemeente kiest één eindpunt voor haar signalen: haar eigen aansluiting of een gedeelde, meestal die van haar RMC-regio (delegatie). De signalen blijven per gemeente.</p>${eindpunten}
${mag ? html`<h3 class="utrecht-heading-3">Een gemeente zonder eigen aansluiting delegeren</h3>${andere}` : ''}</section>
<section aria-labelledby="org-kop"><h2 class="utrecht-heading-2" id="org-kop">Organisaties</h2>${filter}${lijst}
${mag ? html`<h3 class="utrecht-heading-3">Organisatie aanmaken</h3>${nieuweOrg}` : ''}</section>
<section aria-labelledby="mandaat-kop"><h2 class="utrecht-heading-2" id="mandaat-kop">Mandaten</h2>${mandaten}
${mag ? html`<h3 class="utrecht-heading-3">Mandaat vastleggen</h3>${nieuwMandaat}` : ''}</section>`;
  return toon(req, reply, 'Organisaties', '/beheer/organisaties', inhoud, extra.melding ? { melding: { soort: 'ok', tekst: extra.melding } } : {});
}

/** Organisaties: OINs, tokens (issue, revoke), mandates, gemeente endpoints and RMC delegation. */
export function registerOrganisatiesPagina(app: FastifyInstance, c: Console) {
  app.get('/organisaties', OPENBAAR_VOOR_API, async (req, reply) => {
    const q = parseOrThrow(weergave, req.query);
    const melding = q.gewijzigd ? `Het eindpunt van gemeente ${q.gewijzigd} is gewijzigd.` : q.ingetrokken ? 'Het token is ingetrokken.'
      : q.aangemaakt ? 'De organisatie is aangemaakt; geef haar een token.' : q.mandaat ? 'Het mandaat is vastgelegd.' : undefined;
    return render(c, req, reply, q.oin, { ...(melding ? { melding } : {}), zoek: q.zoek, soort: q.soort });
  });

  app.post('/organisaties/eindpunt', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const f = parseOrThrow(eindpunt, req.body);
    await eindpuntWijzigen(c.ctx, b, req.traceId, f.gemeentecode, f.ontvangerOin);
    return reply.redirect(`/beheer/organisaties?gewijzigd=${f.gemeentecode}`, 303);
  });

  // Answered with the page itself, not a redirect: the new token must never be in a URL.
  app.post('/organisaties/tokens', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const f = parseOrThrow(tokenIn, req.body);
    const token = await tokenUitgeven(c.ctx, b, req.traceId, f.oin, f.label);
    return render(c, req, reply, f.oin, { nieuwToken: token });
  });

  app.post('/organisaties/nieuw', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const org = await organisatieToevoegen(c.ctx, b, req.traceId, req.body as Record<string, unknown>);
    return reply.redirect(`/beheer/organisaties?oin=${org.oin}&aangemaakt=ja`, 303);
  });

  app.post('/organisaties/mandaten', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    await mandaatToevoegen(c.ctx, b, req.traceId, req.body as Record<string, unknown>);
    return reply.redirect('/beheer/organisaties?mandaat=ja', 303);
  });

  app.post('/organisaties/tokens/intrekken', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const f = parseOrThrow(intrekken, req.body);
    await tokenIntrekken(c.ctx, b, req.traceId, f.oin, f.id);
    return reply.redirect(`/beheer/organisaties?oin=${f.oin}&ingetrokken=ja`, 303);
  });
}
