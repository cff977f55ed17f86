import { z } from 'zod';
import { VvaError, type InvalidParam } from './errors.ts';

// Validation messages in Dutch, the language of the hub's users; set once, for the whole process.
z.config(z.locales.nl());

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** A field path as a client reads it: `berichten[2].pgn`; odd keys quoted: `[""]`, `["a b"]`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let name = prefix;
  for (const part of path) {
    if (typeof part === 'number') name += `[${part}]`;
    else if (IDENTIFIER.test(String(part))) name += name === '' ? String(part) : `.${String(part)}`;
    else name += `[${JSON.stringify(String(part))}]`;
  }
  return name;
}

// The issues that make a value unreadable: what other checks then say of it follows from them.
const ONLEESBAAR = new Set(['invalid_type', 'invalid_format']);

/**
 * One report per cause: a field whose value cannot be read (an impossible date, `2027-02-30`) is named
 * once for that, not again by the checks that read it anyway (`ligt in de toekomst`); exact repeats go.
 */
export function eenPerVeld(params: InvalidParam[]): InvalidParam[] {
  const onleesbaar = new Set(params.filter((p) => ONLEESBAAR.has(p.code ?? '')).map((p) => p.name));
  const seen = new Set<string>();
  return params.filter((p) => {
    const key = `${p.name}\u0000${p.reason}`;
    if (seen.has(key) || (onleesbaar.has(p.name) && !ONLEESBAAR.has(p.code ?? ''))) return false;
    seen.add(key);
    return true;
  });
}

/** Zod issues → InvalidParam list, every field at once (also used outside HTTP, e.g. by the CLI). */
export function invalidParamsOf(error: z.ZodError, prefix = ''): InvalidParam[] {
  return eenPerVeld(error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ name: fieldPath([...issue.path, k], prefix), reason: 'onbekend veld', code: 'onbekend-veld' }));
    }
    return [{ name: fieldPath(issue.path, prefix) || '(bericht)', reason: issue.message, code: issue.code }];
  }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw VvaError.invalid(invalidParamsOf(result.error));
  return result.data;
}

/**
 * Text PostgreSQL can store: no NUL (U+0000, refused by `text` and `jsonb`) and well-formed UTF-16
 * (a lone surrogate has no UTF-8 encoding: `jsonb` refuses it, `text` would silently get U+FFFD).
 * The one rule for every text a client sends; `null` when the text is fine, else why not.
 */
export function tekstProbleem(s: string): string | null {
  if (s.includes('\u0000')) return 'bevat het teken NUL (U+0000), dat niet kan worden opgeslagen';
  if (!(s as string & { isWellFormed(): boolean }).isWellFormed()) return 'bevat een losse surrogaat: geen geldige Unicode-tekst';
  return null;
}

/** A text field: a zod string that only takes storable text (see `tekstProbleem`). */
export function tekst(message?: string) {
  return z.string(message).check((ctx) => {
    const probleem = tekstProbleem(ctx.value);
    if (probleem) ctx.issues.push({ code: 'custom', message: probleem, input: ctx.value });
  }).meta({ [TEKST_META]: 'geen NUL (U+0000) en geldige Unicode (geen losse surrogaat)' });
}

/** How the OpenAPI document marks a `tekst` field (and how a test finds text fields without the rule). */
export const TEKST_META = 'x-vva-tekst';

/** Moments the hub takes: from 2000 up to (not including) 2100. Year 0000, for one, PostgreSQL cannot store. */
export const VROEGSTE_MOMENT = Date.UTC(2000, 0, 1);
export const LAATSTE_MOMENT = Date.UTC(2100, 0, 1);
// Real UTC offsets lie between −12:00 and +14:00; zod takes up to ±23:59.
const OFFSET = /(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

/** Why a date-time (already ISO-8601 with offset) is outside the sane range, or `null`. */
export function momentProbleem(v: string): string | null {
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null; // the format check reports it
  const offset = OFFSET.exec(v);
  if (offset?.[1] && Number(offset[2]) * 60 + Number(offset[3]) > 14 * 60) return 'tijdzone buiten −14:00…+14:00';
  if (t < VROEGSTE_MOMENT || t >= LAATSTE_MOMENT) return 'tijdstip buiten 2000–2099';
  return null;
}

/**
 * A date-time as the hub takes it everywhere (messages, queries, the clock): ISO-8601 with offset, a
 * real calendar date, within the sane range of `momentProbleem`.
 */
export function moment(message = 'ISO-8601-datum-tijd met tijdzone') {
  return z.iso.datetime({ offset: true, message }).check((ctx) => {
    const probleem = momentProbleem(ctx.value);
    if (probleem) ctx.issues.push({ code: 'custom', message: probleem, input: ctx.value });
  }).meta({ [MOMENT_META]: 'van 2000 tot 2100, tijdzone tussen −14:00 en +14:00' });
}

/** How the OpenAPI document marks a `moment` or `datum` field. */
export const MOMENT_META = 'x-vva-moment';

/** A text echoed back from a client (a field name in a problem) made storable: NUL and lone surrogates become U+FFFD. */
export function alsOpslaanbaar(s: string): string {
  return (s as string & { toWellFormed(): string }).toWellFormed().replaceAll('\u0000', '\uFFFD');
}

/** A calendar date (`JJJJ-MM-DD`) within the same sane range as `moment`. */
export function datum(message = 'datum: JJJJ-MM-DD') {
  return z.iso.date(message).check((ctx) => {
    const t = Date.parse(`${ctx.value}T00:00:00Z`);
    if (!Number.isNaN(t) && (t < VROEGSTE_MOMENT || t >= LAATSTE_MOMENT)) ctx.issues.push({ code: 'custom', message: 'datum buiten 2000–2099', input: ctx.value });
  }).meta({ [MOMENT_META]: 'van 2000 tot 2100' });
}
