import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cycleOf } from '../calendar/cycle.ts';
import { VvaError } from '../shared/errors.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { alsCsv, grafieken, NIVEAU_NAMEN, type Grafiek } from './beleid.ts';
import { NIVEAUS } from '../statistics/service.ts';
import { grafiek } from './grafiek.ts';
import { getal, html } from './html.ts';
import { keuzeveld, knop, rij, tabel, veld } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, type Console } from './plugin.ts';
import * as store from './store.ts';

/** Ranked charts and their tables show the first rows; the CSV has them all. */
const MAX_RIJEN = 25;

const leeg = (v: unknown) => (v === '' ? undefined : v);
const keuze = z.object({
  cyclus: z.coerce.number().int().min(2020).max(2100).optional(),
  niveau: z.preprocess(leeg, z.enum(NIVEAUS).default('nationaal')),
  code: z.preprocess(leeg, z.string().trim().regex(/^[0-9A-Z]{2,4}$/, 'code: RMC-code, gemeentecode of BRIN').optional()),
}).refine((k) => k.niveau === 'nationaal' || k.code, { path: ['code'], message: 'kies bij een ander niveau dan landelijk ook een code' });
const codeVan = (k: z.output<typeof keuze>) => (k.niveau === 'nationaal' ? 'NL' : k.code!);
const zoekDeel = (k: z.output<typeof keuze>) => (k.niveau === 'nationaal' ? '' : `&niveau=${k.niveau}&code=${k.code}`);

const cel = (v: string | number | null) => (v === null ? html`<span title="minder dan 5 leerlingen: niet gegeven">niet gegeven</span>` : typeof v === 'number' ? getal(v) : v);

async function sectie(g: Grafiek, cyclus: number, extra: string) {
  const getoond = g.rijen.slice(0, MAX_RIJEN);
  const spec = g.spec && g.rijen.length > MAX_RIJEN && 'data' in g.spec ? { ...g.spec, data: { values: ((g.spec.data as { values: unknown[] }).values).slice(0, MAX_RIJEN) } } : g.spec;
  return html`<section aria-labelledby="${g.id}-kop"><h2 class="utrecht-heading-2" id="${g.id}-kop">${g.titel}</h2>
  ${spec ? await grafiek(`${g.id}-grafiek`, g.titel, g.beschrijving, spec as NonNullable<Grafiek['spec']>) : html`<p class="utrecht-paragraph vva-leeg">Nog geen bevroren cijfers voor deze grafiek.</p>`}
  ${tabel(`Tabel bij: ${g.titel}${g.rijen.length > MAX_RIJEN ? ` (eerste ${MAX_RIJEN} van ${g.rijen.length})` : ''}`, g.kolommen.map((k) => k.kop), getoond.map((r) => rij(...g.kolommen.map((k) => cel(r[k.veld] ?? null)))))}
  <p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/beleidsinformatie/csv/${g.id}?cyclus=${cyclus}${extra}" download>CSV downloaden: ${g.titel}</a></p>
</section>`;
}

/** Beleidsinformatie: the questions of spec §15 as charts, each with its table and a CSV download. */
export function registerBeleidPagina(app: FastifyInstance, c: Console) {
  app.get('/beleidsinformatie', OPENBAAR_VOOR_API, async (req, reply) => {
    const cycli = await store.statistiekCycli(c.ctx.db);
    const k = parseOrThrow(keuze, req.query);
    const cyclus = k.cyclus ?? cycli.at(-1) ?? cycleOf(c.ctx.clock.now());
    const gs = await grafieken(c.ctx, cyclus, k.niveau, codeVan(k));
    const secties = [];
    for (const g of gs) secties.push(await sectie(g, cyclus, zoekDeel(k)));
    const inhoud = html`<p class="utrecht-paragraph">Anonieme cijfers, per dag bevroren en bewaard na de purge. Aantallen onder de 5 staan er als <strong>&lt;5</strong>; een aandeel of mediaan over minder dan 5 leerlingen wordt niet gegeven.</p>
<form class="vva-rij-formulier" method="get" action="/beheer/beleidsinformatie">
  ${keuzeveld({ naam: 'cyclus', id: 'cyclus', label: 'Cyclus', opties: (cycli.length ? cycli : [cyclus]).map((j) => ({ waarde: String(j), tekst: String(j), gekozen: j === cyclus })) })}
  ${keuzeveld({ naam: 'niveau', id: 'niveau', label: 'Niveau van de trends', opties: NIVEAUS.map((n) => ({ waarde: n, tekst: NIVEAU_NAMEN[n], gekozen: n === k.niveau })) })}
  ${veld({ naam: 'code', label: 'Code (RMC-regio, gemeente of BRIN)', waarde: k.code ?? '' })}
  ${knop('Tonen', 'secondary')}
</form>
${secties}`;
    return toon(req, reply, 'Beleidsinformatie', '/beheer/beleidsinformatie', inhoud);
  });

  app.get('/beleidsinformatie/csv/:id', OPENBAAR_VOOR_API, async (req, reply) => {
    const { id } = req.params as { id: string };
    const k = parseOrThrow(keuze, req.query);
    const cyclus = k.cyclus ?? cycleOf(c.ctx.clock.now());
    const g = (await grafieken(c.ctx, cyclus, k.niveau, codeVan(k))).find((x) => x.id === id);
    if (!g) throw VvaError.notFound('Onbekende grafiek.');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${g.id}-${cyclus}.csv"`).send(alsCsv(g));
  });
}
