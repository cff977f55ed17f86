import { html, type Html } from './html.ts';
import type { Rol } from './sessie.ts';

export const PAGINAS = [
  { pad: '/beheer/', titel: 'Overzicht' },
  { pad: '/beheer/volledigheid', titel: 'Volledigheid' },
  { pad: '/beheer/aflevering', titel: 'Aflevering' },
  { pad: '/beheer/organisaties', titel: 'Organisaties' },
  { pad: '/beheer/referentiegegevens', titel: 'Referentiegegevens' },
  { pad: '/beheer/kalender', titel: 'Kalender' },
  { pad: '/beheer/audit', titel: 'Audit' },
  { pad: '/beheer/beleidsinformatie', titel: 'Beleidsinformatie' },
  { pad: '/beheer/beheerders', titel: 'Beheerders' },
] as const;

export interface Gebruiker { gebruikersnaam: string; naam: string; rol: Rol }

export interface PaginaOpties {
  titel: string;
  /** The path of the menu item that is current. */
  actief?: string;
  gebruiker?: Gebruiker;
  csrf: string;
  melding?: { soort: 'ok' | 'fout' | 'waarschuwing'; tekst: string | Html };
}

const MELDING_KLASSE = { ok: 'utrecht-alert--ok', fout: 'utrecht-alert--error', waarschuwing: 'utrecht-alert--warning' };

export function melding(m: NonNullable<PaginaOpties['melding']>): Html {
  return html`<div class="utrecht-alert ${MELDING_KLASSE[m.soort]}" role="${m.soort === 'fout' ? 'alert' : 'status'}"><div class="utrecht-alert__content"><p class="utrecht-paragraph">${m.tekst}</p></div></div>`;
}

/** The one page frame: NL Design System (Utrecht) components and tokens, a skip link, the menu and the sign-out form. */
export function pagina(o: PaginaOpties, inhoud: Html): Html {
  const menu = o.gebruiker
    ? html`<nav class="vva-menu" aria-label="Hoofdmenu"><ul class="utrecht-nav-list">${PAGINAS.map((p) => html`
        <li class="utrecht-nav-list__item"><a class="utrecht-link utrecht-nav-list__link" href="${p.pad}" ${o.actief === p.pad ? html`aria-current="page"` : ''}>${p.titel}</a></li>`)}
      </ul></nav>`
    : '';
  const wie = o.gebruiker
    ? html`<form class="vva-wie" method="post" action="/beheer/uitloggen"><span>${o.gebruiker.naam} (${o.gebruiker.rol})</span>
        <input type="hidden" name="_csrf" value="${o.csrf}"><button class="utrecht-button utrecht-button--secondary-action" type="submit">Uitloggen</button></form>`
    : '';
  return html`<!doctype html>
<html lang="nl" class="utrecht-theme">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.titel} — VVA beheer</title>
<link rel="stylesheet" href="/beheer/static/tokens/index.css">
<link rel="stylesheet" href="/beheer/static/utrecht/index.css">
<link rel="stylesheet" href="/beheer/static/console/console.css">
</head>
<body class="utrecht-document utrecht-page-body utrecht-body">
<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">Direct naar de inhoud</a>
<header class="utrecht-page-header vva-kop">
  <p class="vva-merk">VVA beheer <span class="vva-sub">Voorziening Vroegtijdig Aanmelden mbo</span></p>
  ${wie}
</header>
${menu}
<main id="inhoud" class="utrecht-page-content vva-inhoud">
<h1 class="utrecht-heading-1">${o.titel}</h1>
${o.gebruiker?.rol === 'lezer' ? html`<p class="utrecht-paragraph vva-leeg">U bent lezer: u ziet alles, maar wijzigen kan alleen een beheerder.</p>` : ''}
${o.melding ? melding(o.melding) : ''}
${inhoud}
</main>
<footer class="vva-voet"><p class="utrecht-paragraph">open-vva · elke handeling in deze console staat met uw naam in de auditlog.</p></footer>
</body>
</html>`;
}

/** A data table with a caption (for screen readers and the eye). */
export function tabel(caption: string, koppen: string[], rijen: Html[], leeg = 'Geen gegevens.'): Html {
  if (rijen.length === 0) return html`<p class="utrecht-paragraph vva-leeg">${caption}: ${leeg}</p>`;
  // A table wider than the screen scrolls: its container is focusable and named, so keyboard users can scroll it too.
  return html`<div class="utrecht-table-container" tabindex="0" role="region" aria-label="${caption}"><table class="utrecht-table utrecht-table--html-table">
<caption class="utrecht-table__caption">${caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${koppen.map((k) => html`<th class="utrecht-table__header-cell" scope="col">${k}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${rijen}</tbody></table></div>`;
}

export const rij = (...cellen: (Html | string | number | null | undefined)[]) =>
  html`<tr class="utrecht-table__row">${cellen.map((c) => html`<td class="utrecht-table__cell">${c ?? '—'}</td>`)}</tr>`;

export const csrfVeld = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

export function veld(o: { naam: string; label: string; type?: string; waarde?: string; verplicht?: boolean; omschrijving?: string; autocomplete?: string; extra?: Html }): Html {
  const id = `veld-${o.naam}`;
  return html`<div class="utrecht-form-field utrecht-form-field--text">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
  ${o.omschrijving ? html`<div class="utrecht-form-field-description" id="${id}-omschrijving">${o.omschrijving}</div>` : ''}
  <div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input" id="${id}" name="${o.naam}" type="${o.type ?? 'text'}"
    ${o.waarde !== undefined ? html`value="${o.waarde}"` : ''} ${o.verplicht ? html`required` : ''} ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''}
    ${o.omschrijving ? html`aria-describedby="${id}-omschrijving"` : ''} ${o.extra ?? ''}></div>
</div>`;
}

export const knop = (tekst: string, soort: 'primary' | 'secondary' = 'primary', extra?: Html) =>
  html`<button class="utrecht-button utrecht-button--${soort}-action" type="submit" ${extra ?? ''}>${tekst}</button>`;

/** A labelled select in the same form-field layout as `veld`. */
export function keuzeveld(o: { naam: string; id?: string; label: string; opties: { waarde: string; tekst: string; gekozen?: boolean }[] }): Html {
  const id = o.id ?? `veld-${o.naam}`;
  return html`<div class="utrecht-form-field utrecht-form-field--select">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
  <div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="${id}" name="${o.naam}">${o.opties.map((x) => html`<option value="${x.waarde}" ${x.gekozen ? html`selected` : ''}>${x.tekst}</option>`)}</select></div>
</div>`;
}
