import { z } from 'zod';
import { VvaError, type InvalidParam } from './errors.ts';

// Validation messages in Dutch, the language of the hub's users; set once, for the whole process.
z.config(z.locales.nl());

/** Zod issues → InvalidParam list, every field at once (also used outside HTTP, e.g. by the CLI). */
export function invalidParamsOf(error: z.ZodError, prefix = ''): InvalidParam[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.reduce<string>((name, p) => (typeof p === 'number' ? `${name}[${p}]` : name ? `${name}.${String(p)}` : String(p)), prefix);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ name: base ? `${base}.${k}` : k, reason: 'onbekend veld', code: 'onbekend-veld' }));
    }
    return [{ name: base || '(body)', reason: issue.message, code: issue.code }];
  });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw VvaError.invalid(invalidParamsOf(result.error));
  return result.data;
}
