import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { csrfGeldig, csrfToken, herkomstToegestaan } from '../../console/csrf.ts';
import { html, type Html } from '../../console/html.ts';
import { OPENBAAR_VOOR_API, registerPageBasics } from '../../console/pages.ts';
import { consoleSleutel } from '../../console/store.ts';
import type { Actor } from '../../identity/service.ts';
import { schoolOin } from '../../identity/oin.ts';
import { VvaError } from '../../shared/errors.ts';
import { CatalogusService } from '../catalogus/service.ts';
import { KoppelpuntService } from '../koppelpunt/service.ts';
import { GeenDuoBron, TestDuoBron } from '../aanmelding/duo-bron.ts';
import { Inlogcodes } from '../portaal/inlogcode.ts';
import { kader, TALEN, type Taal } from '../portaal/layout.ts';
import { vertaler, type Vertaler } from './vertaling.ts';
import { Instellingsbeheerders } from './beheerders.ts';
import { instellingOrganisatie } from './overzicht-store.ts';
import { registerInlogPaginas } from './page-inloggen.ts';
import { registerBeheerPaginas } from './page-beheer.ts';
import { registerInlogcodePagina } from './page-inlogcodes.ts';
import { registerSisPaginas } from './page-sis.ts';
import type { SessieRij } from './store.ts';

export const PREFIX = '/instelling';
export const SESSIE_COOKIE = 'vva_instelling';
export const PRE_COOKIE = 'vva_instelling_pre';
export const TAAL_COOKIE = 'vva_taal';
/** HttpOnly, SameSite=Strict, Secure, only under /instelling: as the console's cookies. */
export const COOKIE_OPTIES = { httpOnly: true, sameSite: 'strict', secure: true, path: PREFIX } as const;
export { OPENBAAR_VOOR_API };

export interface InstellingVerzoek {
  sessie: SessieRij | null;
  csrf: string;
  /** The instelling as an actor of the Centraal Aanmelden services, with the person in `gebruiker`. */
  actor: Actor | null;
  taal: Taal;
  v: Vertaler;
}

declare module 'fastify' {
  interface FastifyRequest {
    instelling: InstellingVerzoek;
  }
}

export interface Instellingsbeheer {
  ctx: AppContext;
  beheerders: Instellingsbeheerders;
  catalogus: CatalogusService;
  koppelpunten: KoppelpuntService;
  inlogcodes: Inlogcodes;
  sleutel: string;
}

export const PAGINAS = [
  { pad: `${PREFIX}/`, titel: 'Overzicht' },
  { pad: `${PREFIX}/catalogus`, titel: 'Catalogus en whitelist' },
  { pad: `${PREFIX}/deeplinks`, titel: 'Deeplinks en domeinen' },
  { pad: `${PREFIX}/koppelpunten`, titel: 'Koppelpunten' },
  { pad: `${PREFIX}/aanmeldingen`, titel: 'Aanmeldingen en SIS' },
  { pad: `${PREFIX}/berichten`, titel: 'Berichten aan het SIS' },
  { pad: `${PREFIX}/statistiek`, titel: 'Meervoudige aanmeldingen' },
  { pad: `${PREFIX}/inlogcodes`, titel: 'Inlogcodes' },
  { pad: `${PREFIX}/beheerders`, titel: 'Beheerders' },
];

/** Renders a page of the instelling's administrators. */
export function toon(req: FastifyRequest, reply: FastifyReply, titel: string, actief: string, inhoud: Html, o: { status?: number; melding?: { soort: 'ok' | 'fout' | 'waarschuwing'; tekst: string } } = {}) {
  const s = req.instelling?.sessie ?? null;
  const taal = req.instelling?.taal ?? 'nl';
  const v = req.instelling?.v ?? vertaler('nl');
  const ander: Taal = taal === 'nl' ? 'en' : 'nl';
  const hier = req.method === 'GET' && req.url.startsWith(`${PREFIX}/`) ? ((o.status ?? 200) < 400 ? req.url : req.url.split('?')[0]!) : `${PREFIX}/`;
  const wie = s ? html`<span>${s.naam} (${s.brin})</span><form method="post" action="${PREFIX}/uitloggen"><input type="hidden" name="_csrf" value="${req.instelling.csrf}"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${v('Uitloggen')}</button></form>` : undefined;
  return reply.status(o.status ?? 200).type('text/html; charset=utf-8').send(kader({
    titel, taal, merk: v('Centraal Aanmelden — instelling'), sub: v('Beheer van uw deel van Centraal Aanmelden mbo'), prefix: PREFIX,
    ...(s ? { menu: PAGINAS.map((p) => ({ pad: p.pad, titel: v(p.titel) })) } : {}), actief, ...(wie ? { wie } : {}), skip: v('Direct naar de inhoud'), menuLabel: v('Hoofdmenu'),
    andereTaal: { taal: ander, href: `${PREFIX}/taal/${ander}?${new URLSearchParams({ terug: hier })}` },
    voet: v('open-vva · elke handeling op deze pagina\'s staat met uw naam in de auditlog.'), ...(o.melding ? { melding: o.melding } : {}),
  }, inhoud).value);
}

/** `?ok=…` after a change: the message of the page that follows (post, redirect, get). */
export const okMelding = (req: FastifyRequest) => {
  const ok = (req.query as { ok?: unknown }).ok;
  return typeof ok === 'string' && ok.length < 200 ? { melding: { soort: 'ok' as const, tekst: ok } } : {};
};

/**
 * The pages of an instelling's administrators (spec §17) under /instelling: their own sign-in
 * (password + TOTP), session and CSRF tokens, as the beheer console; every change goes through the
 * Centraal Aanmelden services as the instelling itself, with the person in the audit log.
 */
export async function registerInstellingsbeheer(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const c: Instellingsbeheer = { ctx, beheerders: new Instellingsbeheerders(ctx), catalogus: new CatalogusService(ctx), koppelpunten: new KoppelpuntService(ctx),
    // Synthetic persons only outside production, as the registration routes (routes.ts).
    inlogcodes: new Inlogcodes(ctx, ctx.config.env === 'production' ? new GeenDuoBron() : new TestDuoBron()), sleutel: await consoleSleutel(ctx.db) };
  await app.register(async (s) => {
    await registerPageBasics(s);
    s.decorateRequest('instelling', null as unknown as InstellingVerzoek);
    s.addHook('onRequest', async (req, reply) => {
      const pad = req.routeOptions.url;
      const gekozen = req.cookies[TAAL_COOKIE];
      const taal: Taal = (TALEN as readonly string[]).includes(gekozen ?? '') ? gekozen as Taal : /^en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'nl';
      req.instelling = { sessie: null, csrf: '', actor: null, taal, v: vertaler(taal) };
      if (!pad || pad.startsWith(`${PREFIX}/static/`)) return;
      // The language switch is open before sign-in too (it changes nothing but the choice).
      if (pad === `${PREFIX}/taal/:taal`) return;
      reply.header('cache-control', 'no-store');
      const sessie = await c.beheerders.sessie(req.cookies[SESSIE_COOKIE]);
      if (sessie) {
        const org = await instellingOrganisatie(ctx.db, sessie.brin);
        req.instelling = {
          taal, v: vertaler(taal), sessie, csrf: csrfToken(sessie.csrfGeheim, sessie.idHash),
          actor: { oin: org?.oin ?? schoolOin(sessie.brin), soort: 'mbo-instelling', naam: org?.naam ?? sessie.brin, brin: sessie.brin, gemeentecode: null, rmcCode: null, gebruiker: sessie.gebruikersnaam, via: 'token' },
        };
        return;
      }
      if (pad === `${PREFIX}/inloggen`) return;
      const verlopen = Boolean(req.cookies[SESSIE_COOKIE]);
      if (verlopen) reply.clearCookie(SESSIE_COOKIE, COOKIE_OPTIES);
      if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(`${PREFIX}/inloggen${verlopen ? '?melding=verlopen' : ''}`, 303);
      throw VvaError.unauthorized('U bent niet (meer) ingelogd.');
    });
    s.addHook('preHandler', async (req) => {
      if (req.method !== 'POST') return;
      const herkomst = herkomstToegestaan({ secFetchSite: req.headers['sec-fetch-site'] as string | undefined, origin: req.headers.origin, host: req.headers.host });
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      const sessie = req.instelling.sessie;
      const ok = sessie ? csrfGeldig(sessie.csrfGeheim, sessie.idHash, token) : Boolean(req.cookies[PRE_COOKIE]) && csrfGeldig(c.sleutel, `instelling\n${req.cookies[PRE_COOKIE]}`, token);
      if (!herkomst || !ok) throw new VvaError(403, 'csrf', 'Formulier verlopen', 'Het formulier is verlopen of kwam niet van deze pagina\'s. Laad de pagina opnieuw.');
    });
    s.setErrorHandler(async (err, req, reply) => foutpagina(err, req, reply));
    s.setNotFoundHandler((req, reply) => foutpagina(VvaError.notFound('Deze pagina bestaat niet.'), req, reply));

    s.get('/taal/:taal', OPENBAAR_VOOR_API, async (req, reply) => {
      const taal = (req.params as { taal: string }).taal as Taal;
      if (TALEN.includes(taal)) reply.setCookie(TAAL_COOKIE, taal, { ...COOKIE_OPTIES, maxAge: 365 * 86_400 });
      const terug = (req.query as { terug?: unknown }).terug;
      return reply.redirect(typeof terug === 'string' && terug.startsWith(`${PREFIX}/`) && !terug.startsWith('//') && !terug.includes('\\') ? terug : `${PREFIX}/`, 303);
    });
    registerInlogPaginas(s, c);
    registerBeheerPaginas(s, c);
    registerSisPaginas(s, c);
    registerInlogcodePagina(s, c);
  }, { prefix: PREFIX });
}

/** A fresh pre-session value for the sign-in form's CSRF token (against login CSRF). */
export const nieuwePre = () => randomBytes(18).toString('base64url');
export const preCsrf = (c: Instellingsbeheer, pre: string) => csrfToken(c.sleutel, `instelling\n${pre}`);

function foutpagina(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  let fout: VvaError;
  if (err instanceof VvaError) fout = err;
  else if (typeof (err as { statusCode?: number }).statusCode === 'number' && (err as { statusCode: number }).statusCode < 500) {
    fout = new VvaError((err as { statusCode: number }).statusCode, 'ongeldige-aanvraag', 'Ongeldige aanvraag', (err as Error).message);
  } else {
    req.log.error({ err }, 'instelling pages error');
    fout = new VvaError(500, 'interne-fout', 'Interne fout', `Er ging iets mis. Referentie: ${req.id}`);
  }
  if (fout.status === 401) return reply.redirect(`${PREFIX}/inloggen`, 303);
  let terug = `${PREFIX}/`;
  try {
    const ref = new URL(String(req.headers.referer));
    if (ref.host === req.headers.host && ref.pathname.startsWith(`${PREFIX}/`)) terug = ref.pathname + ref.search;
  } catch {
    // no or foreign Referer
  }
  const v = req.instelling?.v ?? vertaler('nl');
  return toon(req, reply, v(fout.title), '', html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content">
    <p class="utrecht-paragraph">${v(fout.detail ?? fout.title)}</p>
    ${fout.invalidParams?.length ? html`<ul class="utrecht-unordered-list">${fout.invalidParams.map((p) => html`<li class="utrecht-unordered-list__item">${p.name}: ${v(p.reason)}</li>`)}</ul>` : ''}</div></div>
  <p class="utrecht-paragraph"><a class="utrecht-link" href="${terug}">${v('Terug naar het formulier')}</a></p>`, { status: fout.status });
}
