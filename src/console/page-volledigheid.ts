import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { middernacht } from '../calendar/calendar.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { formatDatum, getal, html } from './html.ts';
import { keuzeveld, knop, rij, tabel } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, type Console } from './plugin.ts';
import { volledigheid } from './service.ts';
import { csv } from './csv.ts';
import type { Leverstand } from './store.ts';

/** Without a region filter the lists show their first rows; a region's list is shown whole. */
const MAX_RIJEN = 25;

const filter = z.object({ rmc: z.string().regex(/^[0-9]{2}$/).optional().or(z.literal('').transform(() => undefined)), soort: z.enum(['vo', 'mbo']).optional() });

const aansluiting = (l: Leverstand) => !l.aangesloten ? 'niet aangesloten' : [l.token ? 'token' : 'geen token', l.webhook ? 'webhook' : 'ophalen'].join(', ');

function perRegio(rijen: Leverstand[]) {
  const m = new Map<string, { naam: string; n: number }>();
  for (const r of rijen) {
    const k = r.rmcCode ?? '—';
    m.set(k, { naam: r.rmcNaam ?? 'onbekende regio', n: (m.get(k)?.n ?? 0) + 1 });
  }
  return [...m].sort(([a], [b]) => a.localeCompare(b));
}

/** Volledigheid: which vo-schools and mbo-instellingen delivered nothing yet, per RMC region, with their connection state. */
export function registerVolledigheidPagina(app: FastifyInstance, c: Console) {
  app.get('/volledigheid', OPENBAAR_VOOR_API, async (req, reply) => {
    const f = parseOrThrow(filter, req.query);
    const v = await volledigheid(c.ctx);
    const nu = c.ctx.clock.now().getTime();
    const termijn = (datum: string) => (middernacht(datum).getTime() <= nu ? `verstreken op ${formatDatum(datum)}` : `uiterlijk ${formatDatum(datum)}`);
    const regio = (r: Leverstand) => !f.rmc || r.rmcCode === f.rmc;
    const lijst = (titel: string, alle: Leverstand[]) => {
      const rijen = alle.filter(regio);
      const ingekort = !f.rmc && rijen.length > MAX_RIJEN;
      const getoond = ingekort ? rijen.slice(0, MAX_RIJEN) : rijen;
      return html`${tabel(ingekort ? `${titel} (eerste ${MAX_RIJEN} van ${getal(rijen.length)})` : titel, ['BRIN', 'Naam', 'RMC-regio', 'Aansluiting'], getoond.map((r) => rij(r.brin, r.naam, r.rmcNaam ?? r.rmcCode, aansluiting(r))), 'iedereen heeft geleverd.')}
        ${ingekort ? html`<p class="utrecht-paragraph">Kies een RMC-regio om de hele lijst van die regio te zien, of exporteer alles als CSV.</p>` : ''}`;
    };
    const regios = [...new Map([...v.vo, ...v.mbo].filter((r) => r.rmcCode).map((r) => [r.rmcCode!, r.rmcNaam ?? r.rmcCode!])).entries()].sort(([a], [b]) => a.localeCompare(b));
    const inhoud = html`<p class="utrecht-paragraph">Cyclus ${v.cyclus}. Vo-scholen leveren hun mbo-gangers ${termijn(v.leverdatum)}; mbo-instellingen wisselen aanmeldingen uit vóór de aanmelddatum (${termijn(v.aanmelddatum)}).</p>
<div class="vva-tegels">
  <div class="vva-tegel"><h2 class="utrecht-heading-3">Vo-scholen zonder levering</h2><p class="vva-getal">${getal(v.vo.length)}</p><p class="utrecht-paragraph">van ${getal(v.totaal.vo)} actieve vo-scholen met vmbo of pro.</p></div>
  <div class="vva-tegel"><h2 class="utrecht-heading-3">Mbo-instellingen zonder levering</h2><p class="vva-getal">${getal(v.mbo.length)}</p><p class="utrecht-paragraph">van ${getal(v.totaal.mbo)} actieve instellingen.</p></div>
</div>
<form class="vva-rij-formulier" method="get" action="/beheer/volledigheid">
  ${keuzeveld({ naam: 'rmc', id: 'rmc', label: 'RMC-regio', opties: [{ waarde: '', tekst: 'alle regio’s' }, ...regios.map(([code, naam]) => ({ waarde: code, tekst: `${code} ${naam}`, gekozen: f.rmc === code }))] })}
  ${knop('Filteren', 'secondary')}
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/volledigheid/csv" download>Alles exporteren als CSV</a></p>
<section aria-labelledby="regio-kop"><h2 class="utrecht-heading-2" id="regio-kop">Per RMC-regio</h2>
${tabel('Zonder levering per RMC-regio', ['RMC-regio', 'Vo-scholen', 'Mbo-instellingen'], (() => {
  const vo = new Map(perRegio(v.vo)); const mbo = new Map(perRegio(v.mbo));
  return [...new Set([...vo.keys(), ...mbo.keys()])].sort().map((k) => {
    const naam = `${k} ${(vo.get(k) ?? mbo.get(k))!.naam}`;
    return rij(k === '—' ? naam : html`<a class="utrecht-link" href="/beheer/volledigheid?rmc=${k}">${naam}</a>`, getal(vo.get(k)?.n ?? 0), getal(mbo.get(k)?.n ?? 0));
  });
})())}</section>
<section aria-labelledby="vo-kop"><h2 class="utrecht-heading-2" id="vo-kop">Vo-scholen die nog niets leverden</h2>${lijst('Vo-scholen zonder mbo-gangerberichten', v.vo)}</section>
<section aria-labelledby="mbo-kop"><h2 class="utrecht-heading-2" id="mbo-kop">Mbo-instellingen die nog niets leverden</h2>${lijst('Mbo-instellingen zonder aanmeldstatusberichten', v.mbo)}</section>`;
    return toon(req, reply, 'Volledigheid', '/beheer/volledigheid', inhoud);
  });

  app.get('/volledigheid/csv', OPENBAAR_VOOR_API, async (_req, reply) => {
    const v = await volledigheid(c.ctx);
    const rijen = [...v.vo.map((r) => ['vo-school', r] as const), ...v.mbo.map((r) => ['mbo-instelling', r] as const)]
      .map(([s, r]) => [s, r.brin, r.naam, r.rmcCode, r.rmcNaam, r.aangesloten, r.token, r.webhook]);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="volledigheid-${v.cyclus}.csv"`)
      .send(csv(['soort', 'brin', 'naam', 'rmcCode', 'rmcNaam', 'aangesloten', 'token', 'webhook'], rijen));
  });
}
