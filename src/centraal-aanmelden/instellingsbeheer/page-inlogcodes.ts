import type { FastifyInstance } from 'fastify';
import { formatTijd, html } from '../../console/html.ts';
import { csrfVeld, knop, veld } from '../../console/layout.ts';
import type { Vertaler } from './vertaling.ts';
import { OPENBAAR_VOOR_API, PREFIX, toon, type Instellingsbeheer } from './plugin.ts';

const UITLEG = 'Een student zonder DigiD logt in met een inlogcode. Controleer eerst wie de student is (identiteitsbewijs), zoals aan de balie. De code hoort bij het BSN van de student, is 30 dagen geldig en wordt één keer getoond; de uitgifte staat met uw naam in de auditlog en in de inzage van de student.';

/** Access codes for students without DigiD (spec §17); the BSN goes in the form body, never a URL. */
export function registerInlogcodePagina(app: FastifyInstance, c: Instellingsbeheer) {
  const formulier = (v: Vertaler, csrf: string) => html`<form class="utrecht-form vva-formulier" method="post" action="${PREFIX}/inlogcodes">${csrfVeld(csrf)}
    ${veld({ naam: 'bsn', label: v('BSN van de student'), verplicht: true, autocomplete: 'off', extra: html`inputmode="numeric" maxlength="9"` })}${knop(v('Inlogcode uitgeven'))}</form>`;

  app.get('/inlogcodes', OPENBAAR_VOOR_API, async (req, reply) => {
    const v = req.instelling.v;
    return toon(req, reply, v('Inlogcodes'), `${PREFIX}/inlogcodes`, html`<p class="utrecht-paragraph">${v(UITLEG)}</p>${formulier(v, req.instelling.csrf)}`);
  });

  app.post('/inlogcodes', OPENBAAR_VOOR_API, async (req, reply) => {
    const bsn = String((req.body as Record<string, unknown>).bsn ?? '').replace(/\s/g, '');
    const { code, geldigTot } = await c.inlogcodes.geefUit(req.instelling.actor!, bsn, req.traceId);
    const v = req.instelling.v;
    return toon(req, reply, v('Inlogcodes'), `${PREFIX}/inlogcodes`, html`<p class="utrecht-paragraph">${v('Geef de student deze code (eenmalig getoond), geldig tot {0}:', formatTijd(geldigTot))}</p>
      <p class="utrecht-paragraph"><code class="vva-inlogcode">${code}</code></p>
      <p class="utrecht-paragraph">${v('De student logt in op {0}.', `${c.ctx.config.publicUrl}/aanmelden/inloggen/code`)}</p>${formulier(v, req.instelling.csrf)}`,
      { melding: { soort: 'ok', tekst: v('De inlogcode is uitgegeven.') } });
  });
}
