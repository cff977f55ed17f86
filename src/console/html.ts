import escapeHtml from 'escape-html';

/** Markup that is already safe: produced by `html` (whose interpolations were escaped) or by a trusted renderer. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Waarde = Html | string | number | boolean | null | undefined | Date | readonly Waarde[];

function render(v: Waarde): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v instanceof Date) return escapeHtml(formatTijd(v));
  return escapeHtml(String(v));
}

/**
 * The console's one template function: every interpolated value is HTML-escaped (escape-html) unless
 * it is itself `Html`. There is no other way to put text in a page, so no page can forget to escape.
 */
export function html(strings: TemplateStringsArray, ...values: Waarde[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup from a renderer (vega's SVG); never for user input. */
export const vertrouwd = (markup: string) => new Html(markup);

const tijdFormaat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'medium' });
const datumFormaat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' });

export const formatTijd = (d: Date) => tijdFormaat.format(d);
/** `2027-04-01` → `1 april 2027`. */
export const formatDatum = (iso: string) => datumFormaat.format(new Date(`${iso}T12:00:00Z`));
export const getal = (n: number) => n.toLocaleString('nl-NL');
