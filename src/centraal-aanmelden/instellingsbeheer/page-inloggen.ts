import type { FastifyInstance } from 'fastify';
import { html } from '../../console/html.ts';
import { csrfVeld, knop, rij, tabel, veld } from '../../console/layout.ts';
import { VvaError } from '../../shared/errors.ts';
import type { Vertaler } from './vertaling.ts';
import { COOKIE_OPTIES, nieuwePre, OPENBAAR_VOOR_API, okMelding, PRE_COOKIE, PREFIX, preCsrf, SESSIE_COOKIE, toon, type Instellingsbeheer } from './plugin.ts';

const MELDINGEN = {
  onjuist: 'Gebruikersnaam, wachtwoord of code klopt niet.',
  geblokkeerd: 'Te veel mislukte pogingen: dit account is 15 minuten geblokkeerd.',
} as const;
type V = Vertaler;

function formulier(v: V, csrf: string, gebruikersnaam = '') {
  return html`<p class="utrecht-paragraph">${v('Log in met uw persoonlijke beheerdersaccount van de instelling: wachtwoord en de zescijferige code uit uw authenticator-app.')}</p>
<form class="utrecht-form vva-formulier" method="post" action="${PREFIX}/inloggen">${csrfVeld(csrf)}
  ${veld({ naam: 'gebruikersnaam', label: v('Gebruikersnaam'), waarde: gebruikersnaam, verplicht: true, autocomplete: 'username' })}
  ${veld({ naam: 'wachtwoord', label: v('Wachtwoord'), type: 'password', verplicht: true, autocomplete: 'current-password' })}
  ${veld({ naam: 'code', label: v('Code uit de authenticator-app'), verplicht: true, autocomplete: 'one-time-code', omschrijving: v('Zes cijfers; de code wisselt elke 30 seconden.'), extra: html`inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7"` })}
  ${knop(v('Inloggen'))}</form>`;
}

/** Sign-in and sign-out, and the page of the (at most two) administrators of the instelling. */
export function registerInlogPaginas(app: FastifyInstance, c: Instellingsbeheer) {
  app.get('/inloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    if (req.instelling.sessie) return reply.redirect(`${PREFIX}/`, 303);
    let pre = req.cookies[PRE_COOKIE];
    if (!pre) {
      pre = nieuwePre();
      reply.setCookie(PRE_COOKIE, pre, COOKIE_OPTIES);
    }
    const q = req.query as { melding?: string };
    const v = req.instelling.v;
    const m = q.melding === 'uitgelogd' ? { soort: 'ok' as const, tekst: v('U bent uitgelogd.') } : q.melding === 'verlopen' ? { soort: 'waarschuwing' as const, tekst: v('Uw sessie is verlopen. Log opnieuw in.') } : undefined;
    return toon(req, reply, v('Inloggen'), '', formulier(v, preCsrf(c, pre)), m ? { melding: m } : {});
  });

  app.post('/inloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    const body = req.body as Record<string, string | undefined>;
    const uitkomst = await c.beheerders.meldAan(String(body.gebruikersnaam ?? ''), String(body.wachtwoord ?? ''), String(body.code ?? ''), req.traceId);
    if (uitkomst.ok) {
      reply.clearCookie(PRE_COOKIE, COOKIE_OPTIES);
      reply.setCookie(SESSIE_COOKIE, uitkomst.sessieToken, COOKIE_OPTIES);
      return reply.redirect(`${PREFIX}/`, 303);
    }
    const v = req.instelling.v;
    return toon(req, reply, v('Inloggen'), '', formulier(v, preCsrf(c, req.cookies[PRE_COOKIE] ?? ''), String(body.gebruikersnaam ?? '')),
      { status: uitkomst.reden === 'geblokkeerd' ? 429 : 401, melding: { soort: 'fout', tekst: v(MELDINGEN[uitkomst.reden]) } });
  });

  app.post('/uitloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    if (req.instelling.sessie) await c.beheerders.meldAf(req.instelling.sessie, req.traceId);
    reply.clearCookie(SESSIE_COOKIE, COOKIE_OPTIES);
    return reply.redirect(`${PREFIX}/inloggen?melding=uitgelogd`, 303);
  });

  app.get('/beheerders', OPENBAAR_VOOR_API, async (req, reply) => {
    const s = req.instelling.sessie!;
    const lijst = await c.beheerders.lijst(s.brin);
    const v = req.instelling.v;
    const inhoud = html`<p class="utrecht-paragraph">${v('Een instelling heeft ten hoogste twee persoonlijke beheerdersaccounts, elk met een tweede factor (TOTP).')}</p>
      ${tabel(v('Beheerders van de instelling'), [v('Plaats'), v('Gebruikersnaam'), v('Naam'), v('Actie')], lijst.map((b) => rij(b.plaats, b.gebruikersnaam, b.naam,
        b.gebruikersnaam === s.gebruikersnaam ? v('(uzelf)') : html`<form method="post" action="${PREFIX}/beheerders/verwijderen" class="vva-inline">${csrfVeld(req.instelling.csrf)}
          <input type="hidden" name="gebruikersnaam" value="${b.gebruikersnaam}">${knop(v('Account {0} verwijderen', b.gebruikersnaam), 'secondary')}</form>`)))}
      <h2 class="utrecht-heading-2">${v('Collega toevoegen')}</h2>
      <form class="utrecht-form vva-formulier" method="post" action="${PREFIX}/beheerders">${csrfVeld(req.instelling.csrf)}
        ${veld({ naam: 'gebruikersnaam', label: v('Gebruikersnaam van de collega'), verplicht: true, autocomplete: 'off' })}
        ${veld({ naam: 'naam', label: v('Naam van de collega'), verplicht: true, autocomplete: 'off' })}
        ${veld({ naam: 'wachtwoord', label: v('Eerste wachtwoord (minstens 12 tekens)'), type: 'password', verplicht: true, autocomplete: 'new-password' })}
        ${knop(v('Beheerder toevoegen'))}</form>`;
    return toon(req, reply, v('Beheerders'), `${PREFIX}/beheerders`, inhoud, okMelding(req));
  });

  app.post('/beheerders', OPENBAAR_VOOR_API, async (req, reply) => {
    const s = req.instelling.sessie!;
    const { _csrf: _c, ...velden } = req.body as Record<string, string>;
    const nieuw = await c.beheerders.voegToe(s.brin, velden, s.gebruikersnaam, req.traceId);
    // The secret is shown once, on this answer, for the colleague's authenticator app.
    const v = req.instelling.v;
    return toon(req, reply, v('Beheerder toegevoegd'), `${PREFIX}/beheerders`, html`<p class="utrecht-paragraph">${v('Geef uw collega het wachtwoord en dit TOTP-geheim (eenmalig getoond) voor de authenticator-app:')}</p>
      <p class="utrecht-paragraph"><code>${nieuw.totpGeheim}</code></p><p class="utrecht-paragraph"><code>${nieuw.totpUri}</code></p>
      <p class="utrecht-paragraph"><a class="utrecht-link" href="${PREFIX}/beheerders">${v('Terug naar Beheerders')}</a></p>`, { melding: { soort: 'ok', tekst: v('Account {0} is aangemaakt.', nieuw.gebruikersnaam) } });
  });

  app.post('/beheerders/verwijderen', OPENBAAR_VOOR_API, async (req, reply) => {
    const s = req.instelling.sessie!;
    const naam = String((req.body as Record<string, unknown>).gebruikersnaam ?? '');
    if (!naam) throw VvaError.invalid([{ name: 'gebruikersnaam', reason: 'verplicht' }]);
    await c.beheerders.verwijder(s.brin, s.gebruikersnaam, naam, req.traceId);
    return reply.redirect(`${PREFIX}/beheerders?${new URLSearchParams({ ok: req.instelling.v('Account {0} is verwijderd.', naam) })}`, 303);
  });
}
