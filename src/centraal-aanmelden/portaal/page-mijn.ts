import type { FastifyInstance } from 'fastify';
import { html } from '../../console/html.ts';
import { csrfToken } from '../../console/csrf.ts';
import { csrfVeld, knop, rij, tabel, veld } from '../../console/layout.ts';
import { VvaError } from '../../shared/errors.ts';
import { caKetenId as caKetenIdSchema } from '../schemas.ts';
import { TALEN, type Taal } from './layout.ts';
import { COOKIE_OPTIES, OPENBAAR_VOOR_API, PREFIX, portaalPad, SESSIE_COOKIE, TAAL_COOKIE, toon, vereisStudent, type Portaal } from './plugin.ts';
import { STATUSNAAM, tijd, type Teksten } from './teksten.ts';

/** The caKetenId of the path; anything else is a page that does not exist. */
function idUit(params: unknown): string {
  const r = caKetenIdSchema.safeParse((params as { caKetenId?: string }).caKetenId);
  if (!r.success) throw VvaError.notFound('Deze aanmelding bestaat niet.');
  return r.data;
}

function codeFormulier(t: Teksten, csrf: string) {
  return html`<form class="utrecht-form vva-formulier" method="post" action="${PREFIX}/inloggen/code">${csrfVeld(csrf)}
    ${veld({ naam: 'code', label: t.codeLabel, verplicht: true, autocomplete: 'one-time-code', omschrijving: t.codeUitleg })}${knop(t.inloggen.replace('DigiD', t.codeLabel.toLowerCase()))}</form>`;
}

const MELDINGEN = ['verstuurd', 'ingetrokken', 'uitgelogd', 'verwijderd', 'verlopen', 'mislukt'] as const;

/** Login and logout, the own registrations with their history, withdrawal, inzage, deleting the environment, the language. */
export function registerMijnPaginas(app: FastifyInstance, p: Portaal) {
  app.get('/', OPENBAAR_VOOR_API, async (req, reply) => {
    const { t, taal, pgn, sessie } = req.portaal;
    const q = req.query as { melding?: string };
    const m = MELDINGEN.find((x) => x === q.melding);
    const tekst = { verstuurd: t.aanmeldingVerstuurd, ingetrokken: t.aanmeldingIngetrokken, uitgelogd: t.uitgelogd, verwijderd: t.omgevingWeg, verlopen: t.verlopen, mislukt: t.inlogMislukt };
    const melding = m ? { soort: (m === 'mislukt' ? 'fout' : m === 'verlopen' ? 'waarschuwing' : 'ok') as 'ok' | 'fout' | 'waarschuwing', tekst: tekst[m] } : undefined;
    if (!pgn) {
      const inhoud = html`<p class="utrecht-paragraph">${t.welkom}</p>
        ${p.service.digid.ingesteld
          ? html`<p class="utrecht-paragraph"><a class="utrecht-button-link utrecht-button-link--primary-action" href="${PREFIX}/inloggen">${t.inloggen}</a></p>`
          : html`<p class="utrecht-paragraph">${t.geenDigid}</p>`}
        <p class="utrecht-paragraph">${t.geenDigidToelichting} <a class="utrecht-link" href="${PREFIX}/inloggen/code">${t.metCode}</a></p>
        <p class="utrecht-paragraph"><a class="utrecht-link" href="${PREFIX}/opleidingen">${t.kiesOpleiding}</a></p>`;
      return toon(req, reply, t.merk, `${PREFIX}/`, inhoud, melding ? { melding } : {});
    }
    const lijst = await p.service.mijnAanmeldingen(pgn, req.traceId);
    const terug = m === 'verstuurd' && sessie?.terugUrl ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${sessie.terugUrl}">${t.terugNaarInstelling}</a></p>` : '';
    const inhoud = html`${terug}${tabel(t.start, [t.opleiding, t.instelling, t.cohort, t.status, t.verloop, t.acties], lijst.map((a) => rij(
      a.wervingsnaam, a.instelling, a.cohort, STATUSNAAM[taal][a.status],
      html`<ol class="utrecht-ordered-list vva-stappen">${a.verloop.map((v) => html`<li class="utrecht-ordered-list__item">${tijd(taal, v.tijdstip)}: ${STATUSNAAM[taal][v.status]}</li>`)}</ol>`,
      a.intrekkenMogelijk ? html`<a class="utrecht-link" href="${PREFIX}/aanmeldingen/${a.caKetenId}/intrekken" aria-label="${t.intrekken}: ${a.wervingsnaam}">${t.intrekken}</a>` : '',
    )), t.geenAanmeldingen)}
    <p class="utrecht-paragraph"><a class="utrecht-link" href="${PREFIX}/opleidingen">${t.kiesOpleiding}</a></p>`;
    return toon(req, reply, t.start, `${PREFIX}/`, inhoud, melding ? { melding } : {});
  });

  app.get('/inloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    const terug = portaalPad((req.query as { terug?: string }).terug);
    if (req.portaal.pgn) return reply.redirect(terug, 303);
    if (!p.service.digid.ingesteld) return reply.redirect(`${PREFIX}/`, 303);
    const { url, token } = await p.service.beginInlog(terug);
    reply.setCookie(SESSIE_COOKIE, token, COOKIE_OPTIES);
    return reply.redirect(url, 303);
  });

  // DigiD's callback carries a code and the state, never a BSN; the BSN comes from the ID token, server-side.
  app.get('/inloggen/terug', OPENBAAR_VOOR_API, async (req, reply) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    try {
      const uitkomst = await p.service.rondInlog(req.cookies[SESSIE_COOKIE], query, req.traceId);
      if (!uitkomst) return reply.redirect(`${PREFIX}/?melding=mislukt`, 303);
      reply.setCookie(SESSIE_COOKIE, uitkomst.token, COOKIE_OPTIES);
      return reply.redirect(uitkomst.terug, 303);
    } catch (err) {
      req.log.warn({ err: { message: (err as Error).message } }, 'DigiD login failed');
      reply.clearCookie(SESSIE_COOKIE, COOKIE_OPTIES);
      return reply.redirect(`${PREFIX}/?melding=mislukt`, 303);
    }
  });

  // Without DigiD only with an access code (spec §17); the form's token is bound to a pre-session.
  app.get('/inloggen/code', OPENBAAR_VOOR_API, async (req, reply) => {
    if (req.portaal.pgn) return reply.redirect(`${PREFIX}/`, 303);
    let csrf = req.portaal.csrf;
    if (!req.portaal.sessie) {
      const token = await p.service.beginAnoniem();
      reply.setCookie(SESSIE_COOKIE, token, COOKIE_OPTIES);
      const s = (await p.service.sessie(token))!;
      csrf = csrfToken(s.csrfGeheim, s.idHash);
    }
    return toon(req, reply, req.portaal.t.metCode, '', codeFormulier(req.portaal.t, csrf));
  });

  app.post('/inloggen/code', OPENBAAR_VOOR_API, async (req, reply) => {
    const code = String((req.body as Record<string, unknown>).code ?? '').slice(0, 40);
    const token = await p.service.meldAanMetCode(req.cookies[SESSIE_COOKIE], code, req.traceId);
    if (!token) return toon(req, reply, req.portaal.t.metCode, '', codeFormulier(req.portaal.t, req.portaal.csrf), { status: 401, melding: { soort: 'fout', tekst: req.portaal.t.codeOnjuist } });
    reply.setCookie(SESSIE_COOKIE, token, COOKIE_OPTIES);
    return reply.redirect(`${PREFIX}/`, 303);
  });

  app.post('/uitloggen', OPENBAAR_VOOR_API, async (req, reply) => {
    if (req.portaal.sessie) await p.service.uitloggen(req.portaal.sessie);
    reply.clearCookie(SESSIE_COOKIE, COOKIE_OPTIES);
    return reply.redirect(`${PREFIX}/?melding=uitgelogd`, 303);
  });

  // Choosing a language changes nothing but the choice itself, so a plain link may do it.
  app.get('/taal/:taal', OPENBAAR_VOOR_API, async (req, reply) => {
    const taal = (req.params as { taal: string }).taal as Taal;
    if (!TALEN.includes(taal)) return reply.redirect(`${PREFIX}/`, 303);
    reply.setCookie(TAAL_COOKIE, taal, { ...COOKIE_OPTIES, httpOnly: true, maxAge: 365 * 86_400 });
    if (req.portaal.pgn) await p.service.studenten.zetTaal(req.portaal.pgn, taal, p.service.actor, req.traceId);
    return reply.redirect(portaalPad((req.query as { terug?: string }).terug), 303);
  });

  app.get('/aanmeldingen/:caKetenId/intrekken', OPENBAAR_VOOR_API, async (req, reply) => {
    const pgn = vereisStudent(req, reply);
    if (!pgn) return reply;
    const { t } = req.portaal;
    const id = idUit(req.params);
    const a = (await p.service.mijnAanmeldingen(pgn, req.traceId)).find((x) => x.caKetenId === id);
    if (!a) return reply.redirect(`${PREFIX}/`, 303);
    return toon(req, reply, `${t.intrekken}: ${a.wervingsnaam}`, '', html`<p class="utrecht-paragraph">${a.wervingsnaam} — ${a.instelling} (${a.cohort})</p>
      <p class="utrecht-paragraph">${t.intrekkenVraag}</p>
      <form method="post" action="${PREFIX}/aanmeldingen/${id}/intrekken" class="vva-rij-formulier">${csrfVeld(req.portaal.csrf)}${knop(t.intrekkenJa)}
        <a class="utrecht-link" href="${PREFIX}/">${t.annuleren}</a></form>`);
  });

  app.post('/aanmeldingen/:caKetenId/intrekken', OPENBAAR_VOOR_API, async (req, reply) => {
    const pgn = vereisStudent(req, reply)!;
    const id = idUit(req.params);
    await p.service.aanmelden.trekIn(p.service.actor, id, { bsn: pgn }, req.traceId);
    return reply.redirect(`${PREFIX}/?melding=ingetrokken`, 303);
  });

  app.get('/inzage', OPENBAAR_VOOR_API, async (req, reply) => {
    const pgn = vereisStudent(req, reply);
    if (!pgn) return reply;
    const { t, taal } = req.portaal;
    const regels = await p.service.inzage(pgn, taal, req.traceId);
    return toon(req, reply, t.inzage, `${PREFIX}/inzage`, html`<p class="utrecht-paragraph">${t.inzageUitleg}</p>
      ${tabel(t.inzage, [t.wanneer, t.wie, t.wat, t.waarvoor], regels.map((r) => rij(tijd(taal, r.tijdstip), r.wie, r.wat, r.waarvoor)), t.geenInzage)}`);
  });

  app.get('/omgeving', OPENBAAR_VOOR_API, async (req, reply) => {
    if (!vereisStudent(req, reply)) return reply;
    const { t } = req.portaal;
    return toon(req, reply, t.omgeving, `${PREFIX}/omgeving`, html`<p class="utrecht-paragraph">${t.omgevingUitleg}</p>
      <form method="post" action="${PREFIX}/omgeving" class="vva-rij-formulier">${csrfVeld(req.portaal.csrf)}${knop(t.omgevingJa)}
        <a class="utrecht-link" href="${PREFIX}/">${t.annuleren}</a></form>`);
  });

  app.post('/omgeving', OPENBAAR_VOOR_API, async (req, reply) => {
    const pgn = vereisStudent(req, reply)!;
    await p.service.verwijder(pgn, req.traceId);
    reply.clearCookie(SESSIE_COOKIE, COOKIE_OPTIES);
    return reply.redirect(`${PREFIX}/?melding=verwijderd`, 303);
  });
}
