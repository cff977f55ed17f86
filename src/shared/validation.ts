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

/** Zod issues → InvalidParam list, every field at once (also used outside HTTP, e.g. by the CLI). */
export function invalidParamsOf(error: z.ZodError, prefix = ''): InvalidParam[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ name: fieldPath([...issue.path, k], prefix), reason: 'onbekend veld', code: 'onbekend-veld' }));
    }
    return [{ name: fieldPath(issue.path, prefix) || '(bericht)', reason: issue.message, code: issue.code }];
  });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw VvaError.invalid(invalidParamsOf(result.error));
  return result.data;
}
