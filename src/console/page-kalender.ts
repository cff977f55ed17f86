import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { middernacht, MIJLPALEN, type Mijlpaal } from '../calendar/calendar.ts';
import { cycleOf } from '../calendar/cycle.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { formatDatum, formatTijd, html } from './html.ts';
import { csrfVeld, knop, rij, tabel } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, vereisBeheerder, wijzigbaar, type Console } from './plugin.ts';
import { kalenderWijzigen } from './service.ts';

const OMSCHRIJVING: Record<Mijlpaal, string> = {
  'herinnering-leverdatum': 'herinnering aan vo-scholen zonder levering (na 1 februari)',
  'signalering-aanmelding': 'bulksignaal NIET_AANGEMELD aan gemeenten',
  aanmelddatum: 'wettelijke aanmelddatum; lijsten aan vo-scholen',
  'signalering-inschrijving': 'bulksignaal NIET_INGESCHREVEN aan gemeenten',
  jaaroverzicht: 'jaaroverzicht aan gemeenten en overstapsystemen',
  purge: 'alle persoonsgegevens van de cyclus verwijderd',
};

const cyclusVan = z.object({ cyclus: z.coerce.number().int().min(2020).max(2100) });
// An emptied date field means "unchanged", as an untouched one does.
const datum = z.preprocess((v) => (v === '' ? undefined : v), z.iso.date('een datum').optional());
const wijziging = cyclusVan.extend(Object.fromEntries(MIJLPALEN.map((m) => [m, datum])) as Record<Mijlpaal, typeof datum>)
  .extend({ bevestigd: z.literal('ja').optional() });

/** Kalender: the cycle's milestones done and due; a change is shown for confirmation before it applies. */
export function registerKalenderPagina(app: FastifyInstance, c: Console) {
  app.get('/kalender', OPENBAAR_VOOR_API, async (req, reply) => {
    const q = req.query as { cyclus?: string; gewijzigd?: string };
    const cyclus = q.cyclus ? parseOrThrow(cyclusVan, q).cyclus : cycleOf(c.ctx.clock.now());
    const m = await c.ctx.calendar.overzicht(cyclus);
    const nu = c.ctx.clock.now();
    const mag = wijzigbaar(req);
    const inhoud = html`<p class="utrecht-paragraph">Cyclus ${cyclus}: leerlingen die in ${cyclus} naar het mbo gaan. Een mijlpaal kan alleen worden verzet zolang hij niet is verstreken, en alleen naar een datum in de toekomst.</p>
<form method="post" action="/beheer/kalender/voorstel">${csrfVeld(req.csrf)}<input type="hidden" name="cyclus" value="${cyclus}">
${tabel(`Mijlpalen van cyclus ${cyclus}`, ['Mijlpaal', 'Wat er gebeurt', 'Datum', 'Standaard', 'Uitgevoerd', 'Nieuwe datum'], m.map((r) => {
  const voorbij = Boolean(r.voltooid) || middernacht(r.datum).getTime() <= nu.getTime();
  return rij(r.mijlpaal, OMSCHRIJVING[r.mijlpaal], formatDatum(r.datum), r.standaard === r.datum ? 'ja' : formatDatum(r.standaard), r.voltooid ? formatTijd(r.voltooid) : 'nog niet',
    voorbij ? 'verstreken' : !mag ? 'nog te komen' : html`<label class="utrecht-form-label" for="datum-${r.mijlpaal}">Nieuwe datum voor ${r.mijlpaal}</label>
      <input class="utrecht-textbox utrecht-textbox--html-input" type="date" id="datum-${r.mijlpaal}" name="${r.mijlpaal}" value="${r.datum}">`);
}))}
${mag ? knop('Wijzigingen bekijken') : ''}
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/kalender?cyclus=${cyclus + 1}">Volgende cyclus (${cyclus + 1})</a></p>`;
    return toon(req, reply, 'Kalender', '/beheer/kalender', inhoud, q.gewijzigd ? { melding: { soort: 'ok', tekst: 'De kalender is gewijzigd.' } } : {});
  });

  // Step 1 shows what would change; step 2 (bevestigd=ja) applies it. Without confirmation nothing changes.
  app.post('/kalender/voorstel', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const f = parseOrThrow(wijziging, req.body);
    const huidig = await c.ctx.calendar.kalender(f.cyclus);
    const wijzigingen = Object.fromEntries(MIJLPALEN.filter((m) => f[m] && f[m] !== huidig[m]).map((m) => [m, f[m]!])) as Partial<Record<Mijlpaal, string>>;
    if (f.bevestigd === 'ja' && Object.keys(wijzigingen).length) {
      await kalenderWijzigen(c.ctx, b, req.traceId, f.cyclus, wijzigingen);
      return reply.redirect(`/beheer/kalender?cyclus=${f.cyclus}&gewijzigd=ja`, 303);
    }
    const lijst = Object.entries(wijzigingen) as [Mijlpaal, string][];
    const inhoud = lijst.length ? html`<p class="utrecht-paragraph">Controleer de wijziging van cyclus ${f.cyclus}. Gemeenten, scholen en instellingen rekenen op deze datums.</p>
${tabel('Voorgestelde wijzigingen', ['Mijlpaal', 'Nu', 'Wordt'], lijst.map(([m, d]) => rij(m, formatDatum(huidig[m]), formatDatum(d))))}
<form method="post" action="/beheer/kalender/voorstel">${csrfVeld(req.csrf)}<input type="hidden" name="cyclus" value="${f.cyclus}"><input type="hidden" name="bevestigd" value="ja">
  ${lijst.map(([m, d]) => html`<input type="hidden" name="${m}" value="${d}">`)}
  <div class="utrecht-button-group">${knop('Wijziging bevestigen')}</div>
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/kalender?cyclus=${f.cyclus}">Annuleren</a></p>`
      : html`<p class="utrecht-paragraph">Er is niets gewijzigd. <a class="utrecht-link" href="/beheer/kalender?cyclus=${f.cyclus}">Terug naar de kalender</a></p>`;
    return toon(req, reply, 'Kalenderwijziging bevestigen', '/beheer/kalender', inhoud);
  });
}
