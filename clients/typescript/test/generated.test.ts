import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OpenAPI3 } from 'openapi-typescript';
import { generateSchema, hubDocument, SCHEMA_FILE } from '../scripts/generate.ts';

type Json = Record<string, any>;

// The document does not depend on the database: made once (the PGlite pass of CI), not again on
// PostgreSQL. Made while the file is collected, because whether a test below applies depends on it.
const onPostgres = Boolean(process.env.DATABASE_URL);
const document = onPostgres ? undefined : await hubDocument();

describe.skipIf(onPostgres)('the generated client types', { timeout: 180_000 }, () => {
  it('are what the current OpenAPI document generates (else: npm run client:generate, and commit)', async () => {
    const expected = await generateSchema(document!);
    // Compared as a boolean first: a diff of 4,000 generated lines says less than the command does.
    expect(readFileSync(SCHEMA_FILE, 'utf8') === expected, 'src/generated/schema.ts is stale: run `npm run client:generate`').toBe(true);
  });

  // Spec §10: each event's data has a JSON Schema of its own. Until the document says so (a oneOf on
  // `type` in the inbox answer), there is nothing to hold the types to; then this starts checking.
  const union = inboxUnion(document);
  it.skipIf(!union)(`${union ? '' : 'TODO (issue 12.2: the document has no per-event schemas yet) '}the inbox item is a oneOf with one literal \`type\` and exact data per member`, () => {
    const doc = document!;
    const members = union!;
    const types = members.map((m) => literalType(doc, m));
    expect(types.every((t) => typeof t === 'string'), JSON.stringify(types)).toBe(true);
    expect(new Set(types).size).toBe(types.length);
    for (const m of members) expect(resolve(doc, resolve(doc, m)?.properties?.data)?.additionalProperties, String(literalType(doc, m))).toBe(false);
  });
});

/** The members of the inbox answer's item when it is a oneOf (or anyOf), else undefined. */
function inboxUnion(doc: OpenAPI3 | undefined): Json[] | undefined {
  const item = resolve(doc, (doc?.paths?.['/berichten'] as Json | undefined)?.get?.responses?.['200']?.content?.['application/json']?.schema)?.properties?.berichten?.items;
  const s = resolve(doc, item);
  return s?.oneOf ?? s?.anyOf;
}

function literalType(doc: OpenAPI3, member: Json): unknown {
  const t = resolve(doc, resolve(doc, member)?.properties?.type);
  return t?.const ?? (t?.enum?.length === 1 ? t.enum[0] : undefined);
}

function resolve(doc: OpenAPI3 | undefined, s: Json | undefined): Json | undefined {
  if (!s?.$ref) return s;
  return (s.$ref as string).slice(2).split('/').reduce<Json | undefined>((o, k) => o?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], doc as Json);
}
