import { html, type Html } from '../../console/html.ts';
import { melding, type PaginaOpties } from '../../console/layout.ts';

export type Taal = 'nl' | 'en';
export const TALEN: readonly Taal[] = ['nl', 'en'];

export interface Kader {
  titel: string;
  taal: Taal;
  /** The site's name in the header and the <title>. */
  merk: string;
  sub: string;
  /** The prefix the style sheets are served under (`/aanmelden`, `/instelling`). */
  prefix: string;
  menu?: { pad: string; titel: string }[];
  actief?: string;
  /** The sign-out form and who is signed in. */
  wie?: Html;
  /** Link to this page in the other language: visible text in that language, never a hidden logo click. */
  andereTaal?: { href: string; taal: Taal };
  melding?: PaginaOpties['melding'];
  skip: string;
  voet: string;
  menuLabel: string;
}

const TAALNAAM: Record<Taal, string> = { nl: 'Nederlands', en: 'English' };

/**
 * The page frame of the Centraal Aanmelden pages (the student portal and the instelling's
 * administrators): the same NL Design System components, sheets and layout glue as the beheer
 * console, plus a language switch and the page's language on <html>.
 */
export function kader(o: Kader, inhoud: Html): Html {
  const menu = o.menu?.length
    ? html`<nav class="vva-menu" aria-label="${o.menuLabel}"><ul class="utrecht-nav-list">${o.menu.map((p) => html`
        <li class="utrecht-nav-list__item"><a class="utrecht-link utrecht-nav-list__link" href="${p.pad}" ${o.actief === p.pad ? html`aria-current="page"` : ''}>${p.titel}</a></li>`)}
      </ul></nav>`
    : '';
  const taal = o.andereTaal
    ? html`<a class="utrecht-link vva-taal" href="${o.andereTaal.href}" lang="${o.andereTaal.taal}" hreflang="${o.andereTaal.taal}">${TAALNAAM[o.andereTaal.taal]}</a>`
    : '';
  return html`<!doctype html>
<html lang="${o.taal}" class="utrecht-theme">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.titel} — ${o.merk}</title>
<link rel="stylesheet" href="${o.prefix}/static/tokens/index.css">
<link rel="stylesheet" href="${o.prefix}/static/utrecht/index.css">
<link rel="stylesheet" href="${o.prefix}/static/console/console.css">
<style>.vva-kop .utrecht-link { color: #fff; } .vva-taal { font-weight: 700; } .vva-stappen { padding-inline-start: 1.25rem; }</style>
</head>
<body class="utrecht-document utrecht-page-body utrecht-body">
<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">${o.skip}</a>
<header class="utrecht-page-header vva-kop">
  <p class="vva-merk">${o.merk} <span class="vva-sub">${o.sub}</span></p>
  <div class="vva-wie">${taal}${o.wie ?? ''}</div>
</header>
${menu}
<main id="inhoud" class="utrecht-page-content vva-inhoud">
<h1 class="utrecht-heading-1">${o.titel}</h1>
${o.melding ? melding(o.melding) : ''}
${inhoud}
</main>
<footer class="vva-voet"><p class="utrecht-paragraph">${o.voet}</p></footer>
</body>
</html>`;
}
