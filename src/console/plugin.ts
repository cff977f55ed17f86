import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { OPENBAAR_VOOR_API, registerPageBasics } from './pages.ts';
import { VvaError } from '../shared/errors.ts';
import { Beheerders } from './beheerders.ts';
import { csrfGeldig, csrfToken, herkomstToegestaan } from './csrf.ts';
import { html, type Html } from './html.ts';
import { pagina, type Gebruiker, type PaginaOpties } from './layout.ts';
import { registerAanmelden } from './page-aanmelden.ts';
import { registerAfleveringPagina } from './page-aflevering.ts';
import { registerAuditPagina } from './page-audit.ts';
import { registerBeheerdersPagina } from './page-beheerders.ts';
import { registerBeleidPagina } from './page-beleid.ts';
import { registerKalenderPagina } from './page-kalender.ts';
import { registerOrganisatiesPagina } from './page-organisaties.ts';
import { registerOverzichtPagina } from './page-overzicht.ts';
import { registerReferentiePagina } from './page-referentie.ts';
import { Referentievoorstellen } from './referentie.ts';
import { registerVolledigheidPagina } from './page-volledigheid.ts';
import { magWijzigen } from './sessie.ts';
import * as store from './store.ts';

/**
 * Route options of every console route: public for the API's token gate (a browser has no API
 * token; deny by default there), because this plugin's own hook demands a session instead.
 */
export { OPENBAAR_VOOR_API };

export const SESSIE_COOKIE = 'vva_beheer';
export const PRE_COOKIE = 'vva_beheer_pre';

/** HttpOnly, SameSite=Strict, Secure (browsers accept Secure on http://localhost too), only under /beheer. */
export const COOKIE_OPTIES = { httpOnly: true, sameSite: 'strict', secure: true, path: '/beheer' } as const;

export interface Beheersessie extends Gebruiker {
  sessie: store.SessieRij;
  csrf: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    beheer: Beheersessie | null;
    /** The CSRF token for forms on a page rendered for this request. */
    csrf: string;
  }
}

export interface Console {
  ctx: AppContext;
  beheerders: Beheerders;
  referentie: Referentievoorstellen;
  sleutel: string;
}

/** Renders a page for the signed-in operator. */
export function toon(req: FastifyRequest, reply: FastifyReply, titel: string, actief: string, inhoud: Html, o: { status?: number; melding?: PaginaOpties['melding'] } = {}) {
  const b = req.beheer;
  return reply.status(o.status ?? 200).type('text/html; charset=utf-8')
    .send(pagina({ titel, actief, csrf: req.csrf, ...(o.melding ? { melding: o.melding } : {}), ...(b ? { gebruiker: { gebruikersnaam: b.gebruikersnaam, naam: b.naam, rol: b.rol } } : {}) }, inhoud).value);
}

/** Whether the signed-in operator may change things: forms for changes are shown only then. */
export const wijzigbaar = (req: FastifyRequest) => Boolean(req.beheer && magWijzigen(req.beheer.rol));

/** Refuses a change by a lezer (403, audited as a refusal). */
export async function vereisBeheerder(c: Console, req: FastifyRequest): Promise<Beheersessie> {
  const b = req.beheer!;
  if (!magWijzigen(b.rol)) {
    await c.ctx.audit.record([{ actorOin: c.ctx.config.hubOin, gebruiker: b.gebruikersnaam, actie: 'toegang-geweigerd', resource: req.routeOptions.url ?? 'beheer', doel: 'beheer', traceId: req.traceId, uitkomst: 'geweigerd' }]);
    throw VvaError.forbidden('Uw rol (lezer) mag alleen lezen; vraag een beheerder.');
  }
  return b;
}

const OPENBAAR = new Set(['/beheer/inloggen']);
/**
 * The beheer console (spec §16) under /beheer: server-rendered pages with its own sign-in (password +
 * TOTP), session cookie and CSRF tokens. Its routes are public for the API's token check (a browser
 * has no API token); this plugin's own hook demands a session on every route but the sign-in page
 * and the style sheets.
 */
export async function registerConsole(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const c: Console = { ctx, beheerders: new Beheerders(ctx), referentie: new Referentievoorstellen(ctx), sleutel: await store.consoleSleutel(ctx.db) };
  await app.register(async (s) => {
    await registerPageBasics(s);
    // Reference files (upload → diff → apply); fields and the file land in the body, so the CSRF check reads `_csrf` as for any form.
    await s.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 64 * 1024 * 1024, files: 1, fields: 10 },
      onFile: async (part) => { (part as unknown as { value: unknown }).value = { filename: part.filename, buffer: await part.toBuffer() }; } });

    s.decorateRequest('beheer', null);
    s.decorateRequest('csrf', '');
    s.addHook('onRequest', async (req, reply) => {
      // Decided on the route the router chose, never on the raw URL (which may be encoded); no route: the 404 page.
      const pad = req.routeOptions.url;
      if (!pad || pad.startsWith('/beheer/static/')) return;
      reply.header('cache-control', 'no-store');
      const sessie = await c.beheerders.sessie(req.cookies[SESSIE_COOKIE]);
      if (sessie) {
        const csrf = csrfToken(sessie.csrfGeheim, sessie.idHash);
        req.beheer = { sessie, csrf, gebruikersnaam: sessie.gebruikersnaam, naam: sessie.naam, rol: sessie.rol };
        req.csrf = csrf;
        return;
      }
      if (OPENBAAR.has(pad)) return;
      // A cookie without a live session: it expired (or the account was switched off); say so on the sign-in page.
      const verlopen = Boolean(req.cookies[SESSIE_COOKIE]);
      if (verlopen) reply.clearCookie(SESSIE_COOKIE, COOKIE_OPTIES);
      if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(verlopen ? '/beheer/inloggen?melding=verlopen' : '/beheer/inloggen', 303);
      throw VvaError.unauthorized('U bent niet (meer) ingelogd.');
    });
    // Every form post carries the token of the session (or pre-session) it was rendered for.
    s.addHook('preHandler', async (req) => {
      if (req.method !== 'POST') return;
      const herkomst = herkomstToegestaan({ secFetchSite: req.headers['sec-fetch-site'] as string | undefined, origin: req.headers.origin, host: req.headers.host });
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      const ok = req.beheer
        ? csrfGeldig(req.beheer.sessie.csrfGeheim, req.beheer.sessie.idHash, token)
        : csrfGeldig(c.sleutel, req.cookies[PRE_COOKIE] ?? '', token) && Boolean(req.cookies[PRE_COOKIE]);
      if (!herkomst || !ok) throw new VvaError(403, 'csrf', 'Formulier verlopen', 'Het formulier is verlopen of kwam niet van deze console. Laad de pagina opnieuw.');
    });
    s.setErrorHandler(async (err, req, reply) => foutpagina(c, err, req, reply));
    s.setNotFoundHandler((req, reply) => foutpagina(c, VvaError.notFound('Deze pagina bestaat niet.'), req, reply));

    registerAanmelden(s, c);
    registerOverzichtPagina(s, c);
    registerVolledigheidPagina(s, c);
    registerAfleveringPagina(s, c);
    registerOrganisatiesPagina(s, c);
    registerReferentiePagina(s, c);
    registerKalenderPagina(s, c);
    registerAuditPagina(s, c);
    registerBeleidPagina(s, c);
    registerBeheerdersPagina(s, c);
  }, { prefix: '/beheer' });
}

/** Back to the page the failed form was on (the Referer of this console), else the start page. */
function terugNaar(req: FastifyRequest): { pad: string; tekst: string } {
  if (!req.beheer) return { pad: '/beheer/inloggen', tekst: 'Terug naar inloggen' };
  try {
    const ref = new URL(String(req.headers.referer));
    if (ref.host === req.headers.host && ref.pathname.startsWith('/beheer/')) return { pad: ref.pathname + ref.search, tekst: 'Terug naar het formulier' };
  } catch {
    // no or foreign Referer
  }
  return { pad: '/beheer/', tekst: 'Terug naar het overzicht' };
}

function foutpagina(c: Console, err: unknown, req: FastifyRequest, reply: FastifyReply) {
  let fout: VvaError;
  if (err instanceof VvaError) fout = err;
  else if (typeof (err as { statusCode?: number }).statusCode === 'number' && (err as { statusCode: number }).statusCode < 500) {
    fout = new VvaError((err as { statusCode: number }).statusCode, 'ongeldige-aanvraag', 'Ongeldige aanvraag', (err as Error).message);
  } else {
    req.log.error({ err }, 'console error');
    fout = new VvaError(500, 'interne-fout', 'Interne fout', `Er ging iets mis. Referentie: ${req.id}`);
  }
  if (fout.status === 401) return reply.redirect('/beheer/inloggen', 303);
  const terug = terugNaar(req);
  const inhoud = html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content">
    <p class="utrecht-paragraph">${fout.detail ?? fout.title}</p>
    ${fout.invalidParams?.length ? html`<ul class="utrecht-unordered-list">${fout.invalidParams.map((p) => html`<li class="utrecht-unordered-list__item">${p.name}: ${p.reason}</li>`)}</ul>` : ''}
  </div></div>
  <p class="utrecht-paragraph"><a class="utrecht-link" href="${terug.pad}">${terug.tekst}</a></p>`;
  void c;
  return toon(req, reply, fout.title, '', inhoud, { status: fout.status });
}
