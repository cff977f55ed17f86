import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { csrfGeldig, csrfToken, herkomstToegestaan } from '../../console/csrf.ts';
import { html, type Html } from '../../console/html.ts';
import { OPENBAAR_VOOR_API, registerPageBasics } from '../../console/pages.ts';
import { VvaError } from '../../shared/errors.ts';
import { GeenDuoBron, TestDuoBron, type DuoBron } from '../aanmelding/duo-bron.ts';
import { CatalogusService } from '../catalogus/service.ts';
import { kader, TALEN, type Taal } from './layout.ts';
import { DigidClient } from './oidc.ts';
import { registerAanmeldPaginas } from './page-aanmelden.ts';
import { registerMijnPaginas } from './page-mijn.ts';
import { registerOpleidingPaginas } from './page-opleidingen.ts';
import { PortaalService } from './service.ts';
import type { PortaalSessieRij } from './store.ts';
import { probleemTekst } from './problemen.ts';
import { TEKSTEN, type Teksten } from './teksten.ts';

export const PREFIX = '/aanmelden';
export const SESSIE_COOKIE = 'vva_portaal';
export const TAAL_COOKIE = 'vva_taal';
/**
 * SameSite=Lax, not Strict: DigiD sends the student back by a top-level navigation from its own
 * site, and a Strict cookie would not come along. Every change is a POST with a CSRF token anyway.
 */
export const COOKIE_OPTIES = { httpOnly: true, sameSite: 'lax', secure: true, path: PREFIX } as const;

export interface PortaalVerzoek {
  sessie: PortaalSessieRij | null;
  /** The BSN of the logged-in student (server-side only), or null. */
  pgn: string | null;
  taal: Taal;
  t: Teksten;
  csrf: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    portaal: PortaalVerzoek;
  }
}

export interface Portaal {
  ctx: AppContext;
  service: PortaalService;
  catalogus: CatalogusService;
}

/** Route options of every portal route: public for the API's token gate (a browser has no API token). */
export { OPENBAAR_VOOR_API };

/** A path of this portal to go back to (never another site: no open redirect). */
export function portaalPad(v: unknown, standaard = `${PREFIX}/`): string {
  return typeof v === 'string' && v.startsWith(`${PREFIX}/`) && !v.startsWith('//') && !v.includes('\\') ? v : standaard;
}

/** Renders a portal page in the request's language, with the menu when logged in. */
export function toon(req: FastifyRequest, reply: FastifyReply, titel: string, actief: string, inhoud: Html, o: { status?: number; melding?: { soort: 'ok' | 'fout' | 'waarschuwing'; tekst: string } } = {}) {
  const { t, taal, pgn, csrf } = req.portaal;
  const ander: Taal = taal === 'nl' ? 'en' : 'nl';
  // Back to this page in the other language; a refused page goes back to its path alone (not to what was refused).
  const hier = req.url.startsWith(`${PREFIX}/`) && req.method === 'GET' ? ((o.status ?? 200) < 400 ? req.url : req.url.split('?')[0]!) : `${PREFIX}/`;
  const menu = pgn ? [
    { pad: `${PREFIX}/`, titel: t.start }, { pad: `${PREFIX}/opleidingen`, titel: t.zoeken }, { pad: `${PREFIX}/inzage`, titel: t.inzage }, { pad: `${PREFIX}/omgeving`, titel: t.omgeving },
  ] : [{ pad: `${PREFIX}/`, titel: t.start }, { pad: `${PREFIX}/opleidingen`, titel: t.zoeken }];
  const wie = pgn ? html`<form method="post" action="${PREFIX}/uitloggen"><input type="hidden" name="_csrf" value="${csrf}"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t.uitloggen}</button></form>` : undefined;
  return reply.status(o.status ?? 200).type('text/html; charset=utf-8').send(kader({
    titel, taal, merk: t.merk, sub: t.sub, prefix: PREFIX, menu, actief, ...(wie ? { wie } : {}), skip: t.skip, voet: t.voet, menuLabel: t.menu,
    andereTaal: { taal: ander, href: `${PREFIX}/taal/${ander}?${new URLSearchParams({ terug: hier })}` }, ...(o.melding ? { melding: o.melding } : {}),
  }, inhoud).value);
}

/** The logged-in student's BSN, or a redirect to the DigiD login that comes back here. */
export function vereisStudent(req: FastifyRequest, reply: FastifyReply): string | null {
  if (req.portaal.pgn) return req.portaal.pgn;
  if (req.method !== 'GET') throw VvaError.unauthorized('U bent niet (meer) ingelogd.');
  void reply.redirect(`${PREFIX}/inloggen?${new URLSearchParams({ terug: req.url })}`, 303);
  return null;
}

/** Dutch unless the student chose otherwise (the stored choice, else the cookie, else the browser's first language). */
function taalVan(req: FastifyRequest, gekozen: Taal | null): Taal {
  const cookie = req.cookies[TAAL_COOKIE];
  if ((TALEN as readonly string[]).includes(cookie ?? '')) return cookie as Taal;
  if (gekozen) return gekozen;
  return /^en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'nl';
}

/**
 * The student portal of Centraal Aanmelden (spec §17) under /aanmelden: server-rendered pages with
 * NL Design System components, DigiD login (OIDC), a server-side session whose CSRF secret signs
 * every form, Dutch and English. Public for the API's token gate (a browser has no API token); the
 * pages that need a student ask for the login themselves.
 */
export async function registerPortaal(app: FastifyInstance, ctx: AppContext, opts: { duo?: DuoBron } = {}): Promise<void> {
  const duo = opts.duo ?? (ctx.config.env === 'production' ? new GeenDuoBron() : new TestDuoBron());
  const digid = new DigidClient(() => ctx.config.digid, `${ctx.config.publicUrl}${PREFIX}/inloggen/terug`, ctx.config.env !== 'production');
  const p: Portaal = { ctx, service: new PortaalService(ctx, duo, digid), catalogus: new CatalogusService(ctx) };
  // Appendix A: the portal is the hub's web root for students.
  app.get('/', { schema: { hide: true }, ...OPENBAAR_VOOR_API }, async (_req, reply) => reply.redirect(`${PREFIX}/`, 302));
  await app.register(async (s) => {
    await registerPageBasics(s);
    s.decorateRequest('portaal', null as unknown as PortaalVerzoek);
    s.addHook('onRequest', async (req, reply) => {
      const pad = req.routeOptions.url;
      if (pad?.startsWith(`${PREFIX}/static/`)) return;
      reply.header('cache-control', 'no-store');
      const sessie = await p.service.sessie(req.cookies[SESSIE_COOKIE]);
      const pgn = sessie?.pgn?.trim() || null;
      const student = pgn ? await p.service.taalVan(pgn) : null;
      const taal = taalVan(req, student);
      req.portaal = { sessie, pgn, taal, t: TEKSTEN[taal], csrf: sessie ? csrfToken(sessie.csrfGeheim, sessie.idHash) : '' };
    });
    // Every form post carries the token of the session it was rendered for, and comes from this site.
    s.addHook('preHandler', async (req) => {
      if (req.method !== 'POST') return;
      const herkomst = herkomstToegestaan({ secFetchSite: req.headers['sec-fetch-site'] as string | undefined, origin: req.headers.origin, host: req.headers.host });
      const s = req.portaal.sessie;
      const ok = s ? csrfGeldig(s.csrfGeheim, s.idHash, (req.body as Record<string, unknown> | undefined)?._csrf) : false;
      if (!herkomst || !ok) throw new VvaError(403, 'csrf', 'Formulier verlopen', req.portaal.taal === 'nl' ? 'Het formulier is verlopen of kwam niet van dit portaal. Laad de pagina opnieuw.' : 'The form has expired or did not come from this portal. Reload the page.');
    });
    s.setErrorHandler(async (err, req, reply) => foutpagina(err, req, reply));
    s.setNotFoundHandler((req, reply) => foutpagina(VvaError.notFound(req.portaal?.taal === 'en' ? 'This page does not exist.' : 'Deze pagina bestaat niet.'), req, reply));

    registerMijnPaginas(s, p);
    registerOpleidingPaginas(s, p);
    registerAanmeldPaginas(s, p);
  }, { prefix: PREFIX });
}

function foutpagina(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  req.portaal ??= { sessie: null, pgn: null, taal: 'nl', t: TEKSTEN.nl, csrf: '' };
  const { t, taal } = req.portaal;
  let fout: VvaError;
  if (err instanceof VvaError) fout = err;
  else if (typeof (err as { statusCode?: number }).statusCode === 'number' && (err as { statusCode: number }).statusCode < 500) {
    fout = new VvaError((err as { statusCode: number }).statusCode, 'ongeldige-aanvraag', t.fout, (err as Error).message);
  } else {
    req.log.error({ err }, 'portal error');
    fout = new VvaError(500, 'interne-fout', t.fout, `${t.fout}. Referentie: ${req.id}`);
  }
  if (fout.status === 401) return reply.redirect(`${PREFIX}/?melding=verlopen`, 303);
  return toon(req, reply, probleemTekst(taal, fout.title), '', html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content">
    <p class="utrecht-paragraph">${probleemTekst(taal, fout.detail ?? fout.title)}</p></div></div>
  <p class="utrecht-paragraph"><a class="utrecht-link" href="${PREFIX}/">${t.terug}</a></p>`, { status: fout.status });
}
