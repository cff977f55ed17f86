import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IMPORTERS, type ImportResult } from '../reference-data/importers.ts';
import { referenceCounts } from '../reference-data/store.ts';
import { VvaError } from '../shared/errors.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { formatTijd, getal, html } from './html.ts';
import { csrfVeld, keuzeveld, knop, rij, tabel } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, vereisBeheerder, wijzigbaar, type Console } from './plugin.ts';
import * as store from './store.ts';

const NAMEN: Record<string, string> = {
  vo_scholen: 'vo-scholen (DUO)', vo_vestigingen: 'vo-vestigingen (DUO)', mbo_instellingen: 'mbo-instellingen', gemeenten: 'gemeenten (CBS)',
  rmc_regios: 'RMC-regio’s', adressen: 'adressen (postcode-huisnummer)', vooropleidingscodes: 'vooropleidingscodes',
  ca_opleidingen: 'aangeboden opleidingen (Centraal Aanmelden)',
};

const toepassen = z.object({ upload: z.uuid() });

const diffTabel = (titel: string, r: ImportResult) => tabel(titel, ['Tabel', 'Toegevoegd', 'Gewijzigd', 'Gedeactiveerd', 'Ongewijzigd'],
  Object.entries(r).map(([t, c]) => rij(t, getal(c.toegevoegd), getal(c.gewijzigd), getal(c.gedeactiveerd), getal(c.ongewijzigd))));

/** Referentiegegevens: what is loaded; upload a DUO/CBS file, see the diff, apply it (all or nothing). */
export function registerReferentiePagina(app: FastifyInstance, c: Console) {
  app.get('/referentiegegevens', OPENBAAR_VOOR_API, async (req, reply) => {
    const [counts, imports] = await Promise.all([referenceCounts(c.ctx.db), store.recenteImports(c.ctx.db)]);
    const upload = html`<section aria-labelledby="upload-kop"><h2 class="utrecht-heading-2" id="upload-kop">Bestand uploaden</h2>
<p class="utrecht-paragraph">Eerst ziet u wat er verandert; pas na bevestiging wordt het bestand toegepast, helemaal of helemaal niet. Zeer grote bestanden (het volledige postcode-huisnummerbestand) laadt u met <code class="utrecht-code">vva import</code>.</p>
<form class="utrecht-form vva-formulier" method="post" action="/beheer/referentiegegevens/voorstel" enctype="multipart/form-data">${csrfVeld(req.csrf)}
  ${keuzeveld({ naam: 'soort', id: 'soort', label: 'Soort bestand', opties: IMPORTERS.map((i) => ({ waarde: i.kind, tekst: `${i.kind}: ${i.description}` })) })}
  <div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="bestand">Bestand (CSV)</label></div>
  <div class="utrecht-form-field__input"><input type="file" id="bestand" name="bestand" accept=".csv,text/csv" required></div></div>
  ${knop('Verschil bekijken')}
</form></section>`;
    const inhoud = html`${wijzigbaar(req) ? upload : ''}
<section aria-labelledby="geladen-kop"><h2 class="utrecht-heading-2" id="geladen-kop">Geladen</h2>
${tabel('Geladen referentiegegevens', ['Gegevens', 'Actieve rijen'], Object.entries(counts).map(([k, n]) => rij(NAMEN[k] ?? k, getal(n))))}
${tabel('Laatste imports', ['Tijdstip', 'Soort', 'Bestand', 'Toegevoegd', 'Gewijzigd', 'Gedeactiveerd'], imports.map((i) => rij(formatTijd(i.tijdstip), i.soort, i.bestand, getal(i.toegevoegd), getal(i.gewijzigd), getal(i.gedeactiveerd))), 'nog geen imports.')}
</section>`;
    return toon(req, reply, 'Referentiegegevens', '/beheer/referentiegegevens', inhoud);
  });

  app.post('/referentiegegevens/voorstel', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const body = req.body as { soort?: unknown; bestand?: unknown };
    const bestand = body.bestand as { filename?: string; buffer?: Buffer } | undefined;
    if (typeof body.soort !== 'string' || !bestand?.buffer) throw VvaError.invalid([{ name: 'bestand', reason: 'kies een soort en een bestand' }]);
    const v = await c.referentie.stelVoor(b, body.soort, bestand.filename ?? 'upload.csv', bestand.buffer);
    const inhoud = html`<p class="utrecht-paragraph">Wat <strong>${v.bestand}</strong> (${v.kind}) zou veranderen. Rijen die uit het bestand verdwenen worden gedeactiveerd, niet verwijderd: berichten en geschiedenis kunnen er nog naar wijzen.</p>
${diffTabel(`Verschil van ${v.bestand}`, v.diff)}
<form method="post" action="/beheer/referentiegegevens/toepassen">${csrfVeld(req.csrf)}<input type="hidden" name="upload" value="${v.id}">${knop('Toepassen')}</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/referentiegegevens">Annuleren</a></p>`;
    return toon(req, reply, 'Verschil bekijken', '/beheer/referentiegegevens', inhoud);
  });

  app.post('/referentiegegevens/toepassen', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const { v, resultaat } = await c.referentie.pasToe(b, req.traceId, parseOrThrow(toepassen, req.body).upload);
    const inhoud = html`${diffTabel(`Toegepast: ${v.bestand}`, resultaat)}<p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/referentiegegevens">Terug naar referentiegegevens</a></p>`;
    return toon(req, reply, 'Referentiegegevens toegepast', '/beheer/referentiegegevens', inhoud, { melding: { soort: 'ok', tekst: `${v.bestand} is toegepast.` } });
  });
}
