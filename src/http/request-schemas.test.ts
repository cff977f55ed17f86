import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../test/helpers.ts';
import { MOMENT_META, TEKST_META } from '../shared/validation.ts';

// Issue 13 point 3: "text PostgreSQL can store" lives in one place (shared/validation.ts `tekst`),
// used by every schema. This guard reads the published OpenAPI document: every string a client sends
// (body, query, path) is constrained by a pattern, a format, an enum — or is a `tekst`; every date
// and date-time is a `moment` or `datum` (one range, shared/validation.ts).

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ env: { VVA_CLOCK: 'manual' } });
});
afterAll(() => hub.close());

type Json = Record<string, any>;

function unguardedStrings(schema: Json | undefined, doc: Json, path: string, out: string[], seen = new Set<Json>()) {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce((o: Json | undefined, k: string) => o?.[k], doc);
    unguardedStrings(target, doc, path, out, seen);
  }
  const types = [schema.type].flat();
  if (types.includes('string') && !(schema.pattern || schema.format || schema.enum || schema.const !== undefined || schema[TEKST_META])) out.push(path);
  // Dates and moments only in the sane range of `moment` / `datum` (year 0000 is no date PostgreSQL takes).
  if (['date', 'date-time'].includes(schema.format) && !schema[MOMENT_META]) out.push(`${path} (${schema.format})`);
  for (const [k, v] of Object.entries<Json>(schema.properties ?? {})) unguardedStrings(v, doc, `${path}.${k}`, out, seen);
  for (const key of ['items', 'additionalProperties', 'propertyNames']) if (typeof schema[key] === 'object') unguardedStrings(schema[key], doc, `${path}[]`, out, seen);
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const s of schema[key] ?? []) unguardedStrings(s, doc, path, out, seen);
}

describe('request schemas', () => {
  it('every string a client sends is a pattern, a format, an enum, or storable `tekst`', async () => {
    const doc = (await hub.app.inject({ url: '/api/v1/openapi.json' })).json() as Json;
    const unguarded: string[] = [];
    let checked = 0;
    for (const [url, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        for (const p of op.parameters ?? []) unguardedStrings(p.schema, doc, `${method.toUpperCase()} ${url} ${p.in}.${p.name}`, unguarded);
        for (const c of Object.values<Json>(op.requestBody?.content ?? {})) unguardedStrings(c.schema, doc, `${method.toUpperCase()} ${url} body`, unguarded);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(unguarded).toEqual([]);
  });
});
