import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';

/**
 * Errors a developer can act on (issue 12.5), each a real request through the real app: the status,
 * the headers and the problem fields it must answer with.
 */
let hub: TestHub;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  hub = await createTestHub();
  for (const soort of ['beheer', 'gemeente', 'vo-school']) tokens[soort] = await hub.party(demo(soort).oin);
});
afterAll(async () => hub?.close());

interface Case {
  name: string;
  as?: string;
  request: { method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'; url: string; headers?: Record<string, string>; payload?: unknown };
  status: number;
  headers?: Record<string, RegExp>;
  type?: string;
  /** Every field named, in any order: all problems at once, no Fastify prefixes. */
  fields?: string[];
  reason?: RegExp;
  detail?: RegExp;
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const UUID = '01900000-0000-7000-8000-000000000000';

const CASES: Case[] = [
  { name: 'authorisation beside field problems', as: 'vo-school', request: { method: 'GET', url: '/api/v1/beheer/afleveringen?limit=0&status=zz' }, status: 403, type: 'geen-toegang', fields: ['limit', 'status'] },
  { name: 'url and secrets of a webhook together', as: 'gemeente', request: { method: 'PUT', url: '/api/v1/webhook', payload: { url: 'ftp://example.org/x', geheimen: ['kort'] } }, status: 400, type: 'ongeldige-invoer', fields: ['url', 'geheimen[0]'] },
  { name: 'path and body problems together (Fastify stops at the first part)', as: 'beheer', request: { method: 'POST', url: '/api/v1/beheer/organisaties/123/tokens', payload: { label: 'x', onbekend: 1 } }, status: 400, fields: ['oin', 'onbekend'] },
  { name: 'invalid UTF-8 in JSON, with its line', as: 'vo-school', request: { method: 'POST', url: '/api/v1/mbo-gangerberichten', headers: { 'content-type': 'application/json' }, payload: bytes('{"berichten":[\n{"pgn":"', [0xff, 0xfe], '"}]}') }, status: 400, type: 'ongeldige-invoer', fields: ['body'], reason: /regel 2: geen geldige UTF-8/ },
  { name: 'invalid UTF-8 in CSV, with its line', as: 'vo-school', request: { method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': 'text/csv' }, payload: bytes('pgn;tijdstip\n123456789;2027-01-01\n12', [0xc3, 0x28], ';x\n') }, status: 400, fields: ['body'], reason: /regel 3/ },
  { name: 'JSON that does not parse: where it stopped, in Dutch', as: 'vo-school', request: { method: 'POST', url: '/api/v1/mbo-gangerberichten', headers: { 'content-type': 'application/json' }, payload: '{"berichten"\n []}' }, status: 400, type: 'ongeldige-json', detail: /geen geldige JSON: regel 2 kolom 2/ },
  { name: 'text/plain on a JSON route: 415, not a schema error', as: 'vo-school', request: { method: 'POST', url: '/api/v1/mbo-gangerberichten', headers: { 'content-type': 'text/plain' }, payload: 'hallo' }, status: 415, type: 'niet-ondersteund-mediatype' },
  { name: 'a media type Fastify has no parser for: own type, no ctp_ code', as: 'vo-school', request: { method: 'POST', url: '/api/v1/mbo-gangerberichten', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }, status: 415, type: 'niet-ondersteund-mediatype' },
  { name: 'wrong method: 405 with Allow', as: 'vo-school', request: { method: 'DELETE', url: '/api/v1/mbo-gangerberichten' }, status: 405, headers: { allow: /^POST$/ }, type: 'methode-niet-toegestaan' },
  { name: 'wrong method on a path with a parameter', as: 'vo-school', request: { method: 'PATCH', url: `/api/v1/uploads/${UUID}` }, status: 405, headers: { allow: /^GET$/ } },
  { name: 'unknown path stays 404', as: 'vo-school', request: { method: 'GET', url: '/api/v1/bestaat-niet' }, status: 404, type: 'niet-gevonden' },
  { name: '401 says how to authenticate', request: { method: 'GET', url: '/api/v1/webhook' }, status: 401, headers: { 'www-authenticate': /^Bearer realm="vva"$/ }, type: 'niet-geauthenticeerd' },
  { name: '401 for a bad token says invalid_token', request: { method: 'GET', url: '/api/v1/webhook', headers: { authorization: 'Bearer onzin' } }, status: 401, headers: { 'www-authenticate': /error="invalid_token"/ } },
  { name: 'the scheme is case-insensitive', request: { method: 'GET', url: '/api/v1/webhook', headers: { authorization: 'bearer {vo-school}' } }, status: 200 },
  { name: 'query fields without querystring. prefix; the text names the allowed values', as: 'gemeente', request: { method: 'GET', url: '/api/v1/statistieken?niveau=xx' }, status: 400, fields: ['niveau'], reason: /"nationaal"\|"rmc"\|"gemeente"\|"vo-school"\|"mbo-instelling"/ },
  { name: 'an impossible date is reported once', as: 'beheer', request: { method: 'PUT', url: '/api/v1/beheer/klok', payload: { nu: '2027-02-30T10:00:00+01:00' } }, status: 400, fields: ['nu'] },
];

describe('problem answers', () => {
  it.each(CASES)('$name', async (c) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.request.headers ?? {})) headers[k] = v.replace(/\{([\w-]+)\}/, (_m, soort: string) => tokens[soort]!);
    if (c.as) headers.authorization = `Bearer ${tokens[c.as]}`;
    const res = await hub.app.inject({ ...c.request, headers, payload: c.request.payload as string });
    expect(res.statusCode, res.body).toBe(c.status);
    for (const [name, pattern] of Object.entries(c.headers ?? {})) expect(String(res.headers[name])).toMatch(pattern);
    if (c.status < 400) return;
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json() as { type: string; detail: string; invalidParams?: { name: string; reason: string }[] };
    // Only the project's own namespace; no framework codes (ctp_…, fst_…) and Dutch texts.
    expect(problem.type).toMatch(/^urn:nl:vva:probleem:[a-z-]+$/);
    expect(problem.detail).not.toMatch(/\b(the|is not|cannot|Body)\b/);
    if (c.type) expect(problem.type).toBe(`urn:nl:vva:probleem:${c.type}`);
    if (c.fields) expect(problem.invalidParams?.map((p) => p.name).sort(), res.body).toEqual([...c.fields].sort());
    if (c.detail) expect(problem.detail).toMatch(c.detail);
    if (c.reason) expect(problem.invalidParams?.map((p) => p.reason).join(' | ')).toMatch(c.reason);
  });

  it('an impossible date in a message is one problem of that message', async () => {
    const res = await hub.app.inject({
      method: 'POST', url: '/api/v1/mbo-gangerberichten', headers: { authorization: `Bearer ${tokens['vo-school']}` },
      payload: { berichten: [{ berichtId: UUID, tijdstip: '2027-02-30T10:00:00+01:00', pgn: '123456782', brinVo: demo('vo-school').brin, mboGanger: true }] },
    });
    const problemen = (res.json() as { resultaten: { problemen: { name: string }[] }[] }).resultaten[0]!.problemen;
    expect(problemen.filter((p) => p.name === 'tijdstip'), res.body).toHaveLength(1);
  });
});
