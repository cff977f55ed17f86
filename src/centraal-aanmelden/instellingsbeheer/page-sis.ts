import type { FastifyInstance } from 'fastify';
import { html, formatTijd } from '../../console/html.ts';
import { csrfVeld, keuzeveld, knop, rij, tabel } from '../../console/layout.ts';
import { VvaError } from '../../shared/errors.ts';
import * as koppelpuntStore from '../koppelpunt/store.ts';
import { sisBerichten } from './overzicht-store.ts';
import { OPENBAAR_VOOR_API, okMelding, PREFIX, toon, type Instellingsbeheer } from './plugin.ts';

const FILTERS = { alle: 'Alle', 'niet-opgehaald': 'Niet opgehaald', foutmeldingen: 'Heeft foutmeldingen' } as const;
type Filter = keyof typeof FILTERS;

/** Per registration whether the SIS fetched it (with filters), queueing again, and the log of messages to the SIS. */
export function registerSisPaginas(app: FastifyInstance, c: Instellingsbeheer) {
  app.get('/aanmeldingen', OPENBAAR_VOOR_API, async (req, reply) => {
    const { brin } = req.instelling.sessie!;
    const q = req.query as { koppelpunt?: string; filter?: string };
    const koppelpunten = (await koppelpuntStore.koppelpuntenVan(c.ctx.db, brin)).filter((k) => k.actief);
    const gekozen = koppelpunten.find((k) => k.koppelpuntcode === q.koppelpunt) ?? koppelpunten[0];
    const v = req.instelling.v;
    const filter: Filter = (Object.keys(FILTERS) as Filter[]).find((f) => f === q.filter) ?? 'alle';
    const keuze = html`<form class="vva-rij-formulier" method="get" action="${PREFIX}/aanmeldingen">
      ${keuzeveld({ naam: 'koppelpunt', label: v('Koppelpunt'), opties: koppelpunten.map((k) => ({ waarde: k.koppelpuntcode, tekst: k.koppelpuntcode, gekozen: k === gekozen })) })}
      ${keuzeveld({ naam: 'filter', label: v('Toon'), opties: (Object.keys(FILTERS) as Filter[]).map((f) => ({ waarde: f, tekst: v(FILTERS[f]), gekozen: f === filter })) })}
      ${knop(v('Filteren'), 'secondary')}</form>`;
    if (!gekozen) return toon(req, reply, v('Aanmeldingen en SIS'), `${PREFIX}/aanmeldingen`, html`<p class="utrecht-paragraph vva-leeg">${v('Uw instelling heeft nog geen actief koppelpunt.')}</p>`);
    const { aanmeldingen } = await c.koppelpunten.overzicht(req.instelling.actor!, gekozen.koppelpuntcode);
    const lijst = aanmeldingen.filter((a) => filter === 'alle' || (filter === 'niet-opgehaald' ? a.staat === 'niet opgehaald' : a.staat === 'heeft foutmeldingen'));
    const inhoud = html`${keuze}
      <form method="post" action="${PREFIX}/aanmeldingen/opnieuw">${csrfVeld(req.instelling.csrf)}<input type="hidden" name="koppelpunt" value="${gekozen.koppelpuntcode}">
      ${tabel(v('Aanmeldingen bij koppelpunt {0} ({1})', gekozen.koppelpuntcode, v(FILTERS[filter]).toLowerCase()), [v('Opnieuw klaarzetten'), v('AanmeldingId'), v('Ingediend'), v('Stand'), v('Foutmeldingen')], lijst.map((a) => rij(
        html`<input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" id="opnieuw-${a.caKetenId}" name="caKetenIds" value="${a.caKetenId}" aria-label="${v('Aanmelding {0} opnieuw klaarzetten', a.aanmeldingId)}">`,
        a.aanmeldingId, formatTijd(new Date(a.ingediendOp)), a.staat, a.foutmeldingen.map((f) => f.melding).join('; ') || '—')), v('geen aanmeldingen'))}
      ${lijst.length ? knop(v('Gekozen aanmeldingen opnieuw klaarzetten')) : ''}</form>`;
    return toon(req, reply, v('Aanmeldingen en SIS'), `${PREFIX}/aanmeldingen`, inhoud, okMelding(req));
  });

  app.post('/aanmeldingen/opnieuw', OPENBAAR_VOOR_API, async (req, reply) => {
    const body = req.body as Record<string, unknown>;
    const ids = [body.caKetenIds ?? []].flat().map(String);
    if (ids.length === 0) throw VvaError.invalid([{ name: 'caKetenIds', reason: 'kies ten minste één aanmelding' }]);
    const code = String(body.koppelpunt ?? '');
    const { klaargezet } = await c.koppelpunten.opnieuw(req.instelling.actor!, code, ids, req.traceId);
    return reply.redirect(`${PREFIX}/aanmeldingen?${new URLSearchParams({ koppelpunt: code, ok: req.instelling.v('{0} aanmelding(en) opnieuw klaargezet voor het SIS.', klaargezet) })}`, 303);
  });

  app.get('/berichten', OPENBAAR_VOOR_API, async (req, reply) => {
    const { brin } = req.instelling.sessie!;
    const berichten = await sisBerichten(c.ctx.db, brin, 200);
    const tijd = (d: Date | null) => (d ? formatTijd(d) : '—');
    const v = req.instelling.v;
    return toon(req, reply, v('Berichten aan het SIS'), `${PREFIX}/berichten`, html`<p class="utrecht-paragraph">${v('De laatste 200 berichten die voor uw SIS klaarstonden: wanneer klaargezet, opgehaald en bevestigd.')}</p>
      ${tabel(v('Berichten aan het SIS'), [v('Bericht'), v('Soort'), v('Koppelpunt'), v('AanmeldingId'), v('Klaargezet'), v('Opgehaald'), v('Bevestigd'), v('Foutmeldingen')], berichten.map((b) => rij(
        b.id, b.soort, b.koppelpuntcode ?? v('nog geen'), b.aanmeldingId, tijd(b.klaargezet), tijd(b.opgehaald), tijd(b.bevestigd), b.fouten)), v('nog geen berichten'))}`, okMelding(req));
  });
}
