import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { csrfToken } from './csrf.ts';
import { html } from './html.ts';
import { csrfVeld, knop, pagina, veld } from './layout.ts';
import { OPENBAAR_VOOR_API, COOKIE_OPTIES, PRE_COOKIE, SESSIE_COOKIE, type Console } from './plugin.ts';

const MELDINGEN = {
  onjuist: 'Gebruikersnaam, wachtwoord of code klopt niet.',
  geblokkeerd: 'Te veel mislukte pogingen: dit account is 15 minuten geblokkeerd.',
  uitgelogd: 'U bent uitgelogd.',
  verlopen: 'Uw sessie is verlopen (30 minuten niets gedaan, of langer dan 10 uur ingelogd). Log opnieuw in.',
} as const;

function formulier(csrf: string, gebruikersnaam = '') {
  return html`<p class="utrecht-paragraph">Log in met uw persoonlijke account: wachtwoord en de zescijferige code uit uw authenticator-app.</p>
<form class="utrecht-form vva-formulier" method="post" action="/beheer/inloggen">
  ${csrfVeld(csrf)}
  ${veld({ naam: 'gebruikersnaam', label: 'Gebruikersnaam', waarde: gebruikersnaam, verplicht: true, autocomplete: 'username' })}
  ${veld({ naam: 'wachtwoord', label: 'Wachtwoord', type: 'password', verplicht: true, autocomplete: 'current-password' })}
  ${veld({ naam: 'code', label: 'Code uit de authenticator-app', verplicht: true, autocomplete: 'one-time-code', omschrijving: 'Zes cijfers; de code wisselt elke 30 seconden.', extra: html`inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7"` })}
  ${knop('Inloggen')}
</form>`;
}

/** Sign-in (password + TOTP in one form) and sign-out. */
export function registerAanmelden(app: FastifyInstance, c: Console) {
  app.get('/inloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    if (req.beheer) return reply.redirect('/beheer/', 303);
    // The pre-session value binds the sign-in form's CSRF token (against login CSRF).
    let pre = req.cookies[PRE_COOKIE];
    if (!pre) {
      pre = randomBytes(18).toString('base64url');
      reply.setCookie(PRE_COOKIE, pre, COOKIE_OPTIES);
    }
    const q = req.query as { melding?: string };
    const m = q.melding === 'uitgelogd' ? { soort: 'ok' as const, tekst: MELDINGEN.uitgelogd }
      : q.melding === 'verlopen' ? { soort: 'waarschuwing' as const, tekst: MELDINGEN.verlopen } : undefined;
    return reply.type('text/html; charset=utf-8').send(pagina({ titel: 'Inloggen', csrf: csrfToken(c.sleutel, pre), ...(m ? { melding: m } : {}) }, formulier(csrfToken(c.sleutel, pre))).value);
  });

  app.post('/inloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    const body = req.body as Record<string, string | undefined>;
    const uitkomst = await c.beheerders.meldAan(String(body.gebruikersnaam ?? ''), String(body.wachtwoord ?? ''), String(body.code ?? ''), req.traceId);
    if (uitkomst.ok) {
      reply.clearCookie(PRE_COOKIE, COOKIE_OPTIES);
      reply.setCookie(SESSIE_COOKIE, uitkomst.sessieToken, COOKIE_OPTIES);
      return reply.redirect('/beheer/', 303);
    }
    const csrf = csrfToken(c.sleutel, req.cookies[PRE_COOKIE] ?? '');
    return reply.status(uitkomst.reden === 'geblokkeerd' ? 429 : 401).type('text/html; charset=utf-8')
      .send(pagina({ titel: 'Inloggen', csrf, melding: { soort: 'fout', tekst: MELDINGEN[uitkomst.reden] } }, formulier(csrf, String(body.gebruikersnaam ?? ''))).value);
  });

  app.post('/uitloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    if (req.beheer) await c.beheerders.meldAf(req.beheer.sessie, req.traceId);
    reply.clearCookie(SESSIE_COOKIE, COOKIE_OPTIES);
    return reply.redirect('/beheer/inloggen?melding=uitgelogd', 303);
  });
}
