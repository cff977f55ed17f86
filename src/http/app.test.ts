import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub.close());

describe('operational endpoints', () => {
  it('reports health with the database reachable and migrations current', async () => {
    const res = await hub.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'ok', migraties: 'actueel' });
  });

  it('reports not ready when a migration is missing', async () => {
    await hub.db.query('delete from schema_migratie where versie = 1');
    const res = await hub.app.inject('/health');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'niet-gereed', migraties: 'achter' });
    await hub.db.query(`insert into schema_migratie (versie, naam) values (1, 'foundation')`);
  });

  it('serves Prometheus metrics with request counts by route pattern', async () => {
    await hub.app.inject('/api/v1/identiteit');
    const res = await hub.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/vva_http_requests_total\{method="GET",route="\/api\/v1\/identiteit",status="401"\} 1/);
    expect(res.body).toContain('vva_process_cpu_seconds_total');
  });

  it('serves an OpenAPI 3.1 document following the API design rules', async () => {
    const res = await hub.app.inject('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/identiteit', '/beheer/organisaties', '/beheer/mandaten']));
    const post = doc.paths['/beheer/organisaties'].post;
    expect(post.responses['201'].headers['API-Version']).toBeDefined();
    expect(post.responses['400']).toEqual({ $ref: '#/components/responses/Ongeldig' });
    expect(doc.components.responses.Ongeldig.content['application/problem+json']).toBeDefined();
  });

  it('answers unknown paths and every response with API-Version and problem+json', async () => {
    const token = await hub.party(demo('beheer').oin);
    const res = await hub.app.inject({ url: '/api/v1/bestaat-niet', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['api-version']).toBe('1.0.0');
  });

  it('rejects a body that is not JSON with problem+json', async () => {
    const token = await hub.party(demo('beheer').oin);
    const res = await hub.app.inject({ method: 'POST', url: '/api/v1/beheer/mandaten', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"leverancierOin":' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
