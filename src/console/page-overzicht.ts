import type { FastifyInstance } from 'fastify';
import { grafiek } from './grafiek.ts';
import { formatDatum, formatTijd, getal, html } from './html.ts';
import { rij, tabel } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, type Console } from './plugin.ts';
import { overzicht } from './service.ts';

const tegel = (titel: string, waarde: string | number, toelichting: string, fout = false, link?: string) => html`
<div class="vva-tegel ${fout ? 'vva-tegel--fout' : ''}">
  <h2 class="utrecht-heading-3">${titel}</h2>
  <p class="vva-getal">${typeof waarde === 'number' ? getal(waarde) : waarde}</p>
  <p class="utrecht-paragraph">${toelichting}${link ? html` <a class="utrecht-link" href="${link}">Bekijken</a>` : ''}</p>
</div>`;

/** Overzicht: the state of the cycle and of delivery at a glance, with what needs attention first. */
export function registerOverzichtPagina(app: FastifyInstance, c: Console) {
  app.get('/', OPENBAAR_VOOR_API, async (req, reply) => {
    const o = await overzicht(c.ctx);
    const intakeRijen = o.intake.map((r) => rij(formatDatum(r.dag), r.soort === 'mbo-ganger' ? 'mbo-gangerbericht' : 'aanmeldstatusbericht', getal(r.aantal)));
    const intakeGrafiek = o.intake.length
      ? await grafiek('intake', 'Ontvangen berichten per dag', 'Staafdiagram van de ontvangen berichten per dag over de laatste veertien dagen, per soort bericht.', {
          width: 640, height: 200, data: { values: o.intake }, mark: 'bar',
          encoding: { x: { field: 'dag', type: 'ordinal', title: 'dag' }, y: { field: 'aantal', type: 'quantitative', title: 'berichten' }, color: { field: 'soort', type: 'nominal', title: 'soort' }, xOffset: { field: 'soort' } },
        })
      : html``;
    const inhoud = html`
<p class="utrecht-paragraph">Cyclus <strong>${o.cyclus}</strong> · stand van ${formatTijd(o.nu)}.</p>
${o.meldingen.length ? html`<section aria-labelledby="meldingen-kop"><h2 class="utrecht-heading-2" id="meldingen-kop">Meldingen</h2>
  <div class="utrecht-alert utrecht-alert--warning" role="status"><div class="utrecht-alert__content"><ul class="utrecht-unordered-list">${o.meldingen.map((m) => html`<li class="utrecht-unordered-list__item">${m}</li>`)}</ul></div></div></section>` : html`<p class="utrecht-paragraph">Geen meldingen: alles loopt.</p>`}
<div class="vva-tegels">
  ${tegel('Volgende mijlpaal', o.volgende ? `${o.volgende.mijlpaal}` : 'geen', o.volgende ? `${formatDatum(o.volgende.datum)}, over ${o.dagenTot} dag(en).` : 'Alle mijlpalen van deze cyclus zijn uitgevoerd.', false, '/beheer/kalender')}
  ${tegel('Zonder levering', `${getal(o.zonderLevering.vo)} / ${getal(o.zonderLevering.mbo)}`, 'vo-scholen / mbo-instellingen die deze cyclus nog niets leverden.', false, '/beheer/volledigheid')}
  ${tegel('Achterstand aflevering', o.wacht, 'berichten wachten op aflevering via webhook.', false, '/beheer/aflevering')}
  ${tegel('Dode letters', o.dood, 'afleveringen opgegeven na de laatste poging.', o.dood > 0, '/beheer/aflevering')}
  ${tegel('Falende eindpunten', o.falend.length, 'eindpunten met fouten, dode letters of uitgeschakeld.', o.falend.length > 0, '/beheer/aflevering')}
  ${tegel('Achterstand signaalverdeler', o.verdeler.aantal, o.verdeler.aantal ? `feiten wachten op beoordeling, oudste ${o.verdeler.achterSeconden} s.` : 'feiten wachten op beoordeling.')}
</div>
<section aria-labelledby="falend-kop"><h2 class="utrecht-heading-2" id="falend-kop">Falende eindpunten</h2>
${tabel('Eindpunten die aandacht vragen', ['Ontvanger', 'Stand', 'Wachtend', 'Dode letters', 'Laatste fout'], o.falend.map((f) =>
  rij(html`<a class="utrecht-link" href="/beheer/aflevering?ontvanger=${f.oin}">${f.naam}</a>`, f.actief ? 'actief' : 'uitgeschakeld', getal(f.wacht), getal(f.dood), f.laatsteFout)), 'geen falende eindpunten.')}
</section>
<section aria-labelledby="alerts-kop"><h2 class="utrecht-heading-2" id="alerts-kop">Laatste waarschuwingen van de hub</h2>
${tabel('Waarschuwingen aan beheer', ['Tijdstip', 'Waarschuwing'], o.alerts.map((a) => rij(formatTijd(a.tijd), a.tekst)), 'geen waarschuwingen.')}
</section>
<section aria-labelledby="intake-kop"><h2 class="utrecht-heading-2" id="intake-kop">Ontvangen berichten</h2>
${intakeGrafiek}
${tabel('Ontvangen berichten per dag (laatste 14 dagen)', ['Dag', 'Soort', 'Aantal'], intakeRijen, 'nog geen berichten in deze periode.')}
</section>`;
    return toon(req, reply, 'Overzicht', '/beheer/', inhoud);
  });
}
