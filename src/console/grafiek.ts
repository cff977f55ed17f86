import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { html, vertrouwd, type Html } from './html.ts';

/** NL Design System-like palette with enough contrast against white (WCAG 1.4.11: 3:1 for graphics). */
const KLEUREN = ['#24578f', '#b3541e', '#2e7d32', '#6a1b9a', '#8d6e00', '#00695c'];

/**
 * A vega-lite chart rendered to SVG on the server (as the simulation report does): the page needs no
 * JavaScript, and the chart is an image whose description says what it shows. The same numbers are
 * always in a table beside it (WCAG 1.1.1), so the SVG itself is hidden from screen readers' tree
 * except for its label.
 */
export async function grafiek(id: string, titel: string, beschrijving: string, spec: TopLevelSpec): Promise<Html> {
  const volledig = {
    ...spec, title: titel, description: beschrijving,
    config: { range: { category: KLEUREN }, legend: { labelLimit: 260 }, axisX: { labelAngle: 0 }, font: 'Arial, sans-serif' },
  } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(volledig).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return html`<figure class="vva-grafiek" id="${id}" aria-labelledby="${id}-bijschrift">
  <div role="img" aria-label="${beschrijving}">${vertrouwd(svg.replace(/<svg /, '<svg aria-hidden="true" focusable="false" '))}</div>
  <figcaption class="utrecht-paragraph" id="${id}-bijschrift">${titel}. ${beschrijving}</figcaption>
</figure>`;
  } finally {
    view.finalize();
  }
}
