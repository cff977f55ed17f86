import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { oin } from '../identity/schemas.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { formatTijd, getal, html } from './html.ts';
import { csrfVeld, knop, rij, tabel } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, vereisBeheerder, wijzigbaar, type Console } from './plugin.ts';
import { afleveringen, opnieuwAfleveren } from './service.ts';

const weergave = z.object({ ontvanger: oin.optional(), opnieuw: z.coerce.number().int().min(0).optional() });
const opnieuw = z.object({ eventId: z.uuid().optional(), ontvangerOin: oin.optional(), alles: z.literal('ja').optional() })
  .refine((f) => f.eventId || f.ontvangerOin || f.alles, { message: 'kies een dode letter, een ontvanger of alles' });

const knopVoorOpnieuw = (csrf: string, veld: Record<string, string>, tekst: string, label: string) => html`
<form class="vva-inline" method="post" action="/beheer/aflevering/opnieuw">${csrfVeld(csrf)}
  ${Object.entries(veld).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  ${knop(tekst, 'secondary', html`aria-label="${label}"`)}</form>`;

/** Aflevering: per recipient the backlog, last success, failing attempts; dead letters with replay. */
export function registerAfleveringPagina(app: FastifyInstance, c: Console) {
  app.get('/aflevering', OPENBAAR_VOOR_API, async (req, reply) => {
    const q = parseOrThrow(weergave, req.query);
    const a = await afleveringen(c.ctx, q.ontvanger);
    const csrf = req.csrf;
    const opnieuwKnop = wijzigbaar(req) ? knopVoorOpnieuw : () => html``;
    const ontvangers = tabel('Ontvangers met een webhook', ['Ontvanger', 'Eindpunt', 'Stand', 'Wachtend', 'Dode letters', 'Laatste succes', 'Laatste fout', 'Actie'], a.ontvangers.map((o) => rij(
      html`<a class="utrecht-link" href="/beheer/aflevering?ontvanger=${o.oin}">${o.naam}</a>`, o.url,
      o.actief ? 'actief' : html`<strong>uitgeschakeld</strong>${o.reden ? `: ${o.reden}` : ''}`, getal(o.wacht), getal(o.dood),
      o.laatsteSucces ? formatTijd(o.laatsteSucces) : 'nog nooit', o.laatsteFout,
      o.dood > 0 ? opnieuwKnop(csrf, { ontvangerOin: o.oin }, 'Alle opnieuw', `Alle dode letters van ${o.naam} opnieuw afleveren`) : '',
    )), 'geen enkele partij heeft een webhook.');
    const gekozen = a.gekozen ? html`<section aria-labelledby="pogingen-kop"><h2 class="utrecht-heading-2" id="pogingen-kop">Mislukte pogingen van ${a.gekozen.naam}</h2>
      ${tabel(`Laatste mislukte pogingen naar ${a.gekozen.url}`, ['Tijdstip', 'HTTP-status', 'Antwoord', 'Duur (ms)', 'Bericht'], a.pogingen.map((p) =>
        rij(formatTijd(p.tijdstip), p.httpStatus ?? 'geen antwoord', p.fout, getal(p.duurMs), p.eventId)), 'geen mislukte pogingen voor berichten die nog niet zijn afgeleverd.')}
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/aflevering">Alle ontvangers tonen</a></p></section>` : '';
    const dode = html`<section aria-labelledby="dood-kop"><h2 class="utrecht-heading-2" id="dood-kop">Dode letters${a.gekozen ? ` van ${a.gekozen.naam}` : ''}</h2>
      <p class="utrecht-paragraph">Een dode letter is een bericht dat na alle pogingen (ruim 72 uur) niet kon worden afgeleverd. Opnieuw afleveren zet het terug in de wachtrij met een nieuwe reeks pogingen; de ontvanger kan het bericht ook altijd ophalen.</p>
      ${tabel('Dode letters', ['Bericht', 'Ontvanger', 'Soort', 'Pogingen', 'Laatste fout', 'Actie'], a.dodeLetters.map((d) => rij(d.eventId,
        a.ontvangers.find((o) => o.oin === d.ontvangerOin)?.naam ?? d.ontvangerOin, d.type, getal(d.pogingen), d.laatsteFout,
        opnieuwKnop(csrf, { eventId: d.eventId }, 'Opnieuw', `Bericht ${d.eventId} opnieuw afleveren`))), 'geen dode letters.')}
      ${a.dodeLetters.length && !a.gekozen ? opnieuwKnop(csrf, { alles: 'ja' }, 'Alle dode letters opnieuw afleveren', 'Alle dode letters van alle ontvangers opnieuw afleveren') : ''}
    </section>`;
    const melding = q.opnieuw !== undefined ? { soort: 'ok' as const, tekst: `${q.opnieuw} dode letter(s) opnieuw in de wachtrij gezet; de aflevering begint direct.` } : undefined;
    return toon(req, reply, 'Aflevering', '/beheer/aflevering', html`${gekozen}${ontvangers}${dode}`, melding ? { melding } : {});
  });

  app.post('/aflevering/opnieuw', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const f = parseOrThrow(opnieuw, req.body);
    const n = await opnieuwAfleveren(c.ctx, b, req.traceId, f.alles ? {} : { eventId: f.eventId, ontvangerOin: f.ontvangerOin });
    return reply.redirect(`/beheer/aflevering?${f.ontvangerOin ? `ontvanger=${f.ontvangerOin}&` : ''}opnieuw=${n}`, 303);
  });
}
