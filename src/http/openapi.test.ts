import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';

/** Issue 12.3: the OpenAPI document is complete — every answer the hub gives, bodies, examples. */
let hub: TestHub;
let doc: Record<string, any>;
const [assen, gemeente, beheer, roc] = [demo('vo-school', 0), demo('gemeente', 0), demo('beheer'), demo('mbo-instelling', 0)];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-25T09:00:00+01:00' });
  for (const p of [assen, gemeente, beheer, roc]) await hub.party(p.oin);
  doc = (await hub.app.inject('/api/v1/openapi.json')).json();
});
afterAll(() => hub.close());

const operations = () => Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Record<string, any> })));
const resolve = (r: Record<string, any>) => (r.$ref ? doc.components.responses[r.$ref.split('/').pop()] : r);
const PARAM: Record<string, string> = { brin: '18BR', code: '0106', oin: demo('vo-school', 0).oin, cyclus: '2027', aanmeldingId: '90AA:00000001', id: '0196f000-0000-7000-8000-000000000001', eventId: '0196f000-0000-7000-8000-000000000001', type: 'nl.vva.aanmeldstatus.v1' };
const url = (path: string) => `/api/v1${path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(PARAM[name]!))}`;

describe('the OpenAPI document', () => {
  it('describes every success answer (no "Default Response") and gives each the API-Version header', () => {
    for (const { path, method, op } of operations()) {
      for (const [code, res] of Object.entries<Record<string, any>>(op.responses)) {
        expect(resolve(res).description, `${method} ${path} ${code}`).not.toBe('Default Response');
        if (/^2/.test(code)) expect(res.headers['API-Version'], `${method} ${path} ${code}`).toBeDefined();
      }
    }
  });

  it('lists on every operation the errors any operation gives, and 413/415 where it takes a body, each as problem+json', () => {
    for (const { path, method, op } of operations()) {
      const publiek = Array.isArray(op.security) && op.security.length === 0;
      const expected = ['400', ...(publiek ? [] : ['401']), '405', '429', '500', '503', ...(op.requestBody ? ['413', '415'] : [])];
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(expected));
      for (const [code, res] of Object.entries<Record<string, any>>(op.responses)) {
        if (/^[45]/.test(code)) expect(resolve(res).content, `${method} ${path} ${code}`).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      }
    }
    expect(resolve(doc.paths['/beheer/organisaties'].post.responses['409']).description).toContain('bestaat al');
    expect(doc.components.responses.MethodeNietToegestaan.headers.Allow).toBeDefined();
    expect(doc.components.responses.TeVeelVerzoeken.headers['Retry-After']).toBeDefined();
  });

  it('gives the CSV upload its body: text/csv (or application/csv) with an example', () => {
    const body = doc.paths['/uploads'].post.requestBody;
    expect(body.required).toBe(true);
    for (const type of ['text/csv', 'application/csv']) {
      expect(body.content[type].schema.type).toBe('string');
      expect(Object.values<{ value: string }>(body.content[type].examples)[0]!.value).toMatch(/^tijdstip;pgn;brinVo/);
    }
  });

  it('has an example for each message type, and the hub accepts the examples of the incoming ones', async () => {
    // (The swagger plugin moves a body schema's one example to the media type.)
    const voorbeeld = (path: string) => doc.paths[path].post.requestBody.content['application/json'].example;
    for (const [path, oin] of [['/mbo-gangerberichten', assen.oin], ['/aanmeldstatusberichten', roc.oin]] as const) {
      const res = await hub.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` }, payload: voorbeeld(path) });
      expect(res.json().resultaten.map((r: { resultaat: string }) => r.resultaat), `${path}: ${res.body}`).toEqual(['VERWERKT']);
    }
    for (const ref of doc.paths['/berichten'].get.responses['200'].content['application/json'].schema.properties.berichten.items.oneOf as { $ref: string }[]) {
      const event = doc.components.schemas[ref.$ref.split('/').pop()!];
      expect(event.examples, ref.$ref).toHaveLength(1);
      expect(event.examples[0].type).toBe(event.properties.type.const);
    }
  });

  it('lists every error the hub really answers: each operation probed without credentials, as other parties, with a wrong method or body', async () => {
    const undocumented: string[] = [];
    const tokens = [null, ...[assen, gemeente, roc, beheer].map((p) => hub.tokenOf(p.oin))];
    for (const { path, method, op } of operations()) {
      const documented = new Set(Object.keys(op.responses));
      const given: { status: number; allow?: string }[] = [];
      const probe = async (m: string, token: string | null, extra: { payload?: string; contentType?: string } = {}) => {
        const res = await hub.app.inject({
          method: m.toUpperCase() as 'GET', url: url(path),
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(extra.contentType ? { 'content-type': extra.contentType } : {}) },
          ...(extra.payload !== undefined ? { payload: extra.payload } : {}),
        });
        given.push({ status: res.statusCode, allow: res.headers.allow as string | undefined });
      };
      const body = op.requestBody ? { payload: '{}', contentType: 'application/json' } : {};
      for (const token of tokens) await probe(method, token, body);
      await probe(METHODS.find((m) => !doc.paths[path][m])!, hub.tokenOf(beheer.oin));
      if (op.requestBody && path !== '/uploads') {
        await probe(method, hub.tokenOf(beheer.oin), { payload: '<x/>', contentType: 'application/xml' });
        await probe(method, hub.tokenOf(beheer.oin), { payload: JSON.stringify({ x: 'x'.repeat(9 * 1024 * 1024) }), contentType: 'application/json' });
        await probe(method, hub.tokenOf(beheer.oin), { payload: '{}', contentType: 'application/json; charset=iso-8859-1' });
      }
      for (const g of given) if (g.status >= 400 && !documented.has(String(g.status))) undocumented.push(`${method} ${path} → ${g.status}`);
      expect(given.find((g) => g.status === 405)?.allow, `${method} ${path}`).toContain(method.toUpperCase());
    }
    expect(undocumented).toEqual([]);
  });
});
