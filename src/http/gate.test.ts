import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../test/helpers.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub.close());

/** A concrete path for a route pattern: every `:param` gets a plausible value. */
const concrete = (pattern: string) => pattern.replace(/:(\w+)/g, (_m, name: string) => (/brin/i.test(name) ? '18BR' : /code/i.test(name) ? '0106' : /oin/i.test(name) ? '00000001003214345000' : '0196f000-0000-7000-8000-000000000001'));

/** Ways to write the same path that a router may decode or normalise to the route. */
function variants(path: string): string[] {
  const [first, ...rest] = path.split('/').filter(Boolean);
  const encodeAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  const encodeUpper = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
  return [
    path,
    `/%61${first!.slice(1)}/${rest.join('/')}`, // the probe's finding: /%61pi/v1/…
    `/${encodeAll(first!)}/${rest.join('/')}`,
    `/${[first!, ...rest].map(encodeUpper).join('/')}`,
    `/${first}/${rest.map(encodeAll).join('/')}`,
    `${path}/`,
    `/${first}//${rest.join('/')}`,
    `/${first}/./${rest.join('/')}`,
    `/${first}/x/../${rest.join('/')}`,
    `${path}?a=b`,
    `${path};x=y`,
    `/${first}%2F${rest.join('%2F')}`,
  ];
}

describe('the authentication gate', () => {
  it('knows which routes are public: only health, metrics, the OpenAPI document and the event schemas (and the console, which has its own gate)', () => {
    // The beheer console under /beheer authenticates with its session cookie; src/console/console.test.ts tests that gate.
    // So do the Centraal Aanmelden pages (/aanmelden: the student's DigiD session; /instelling: the administrators'; / leads to /aanmelden/); their tests test those gates.
    const open = hub.app.routeTable.filter((r) => r.public && r.method !== 'HEAD' && !/^\/((beheer|aanmelden|instelling)(\/|$)|$)/.test(r.url)).map((r) => r.url).sort();
    expect(open).toEqual(['/api/v1/openapi.json', '/api/v1/schemas', '/api/v1/schemas/:type', '/api/v1/verwerkingsactiviteiten', '/api/v1/verwerkingsactiviteiten/:id', '/health', '/metrics']);
    expect(hub.app.routeTable.filter((r) => !r.public).length).toBeGreaterThan(30);
  });

  it('refuses every other route, in every encoded or decoded spelling, without credentials', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of hub.app.routeTable.filter((r) => !r.public)) {
      for (const url of variants(concrete(route.url))) {
        const res = await hub.app.inject({ method: route.method as 'GET', url, ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}) });
        checked++;
        // 401 when the router takes it for the route; 404 (or 400 for a malformed path) when it matches nothing.
        if (![400, 401, 404].includes(res.statusCode)) failures.push(`${route.method} ${url} → ${res.statusCode}`);
        else if (res.statusCode !== 401 && (url === concrete(route.url) || url.startsWith('/%61'))) failures.push(`${route.method} ${url} → ${res.statusCode}, expected 401`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('refuses an unknown or revoked token on a route reached through an encoded path', async () => {
    const res = await hub.app.inject({ url: '/%61pi/v1/vo-scholen/18BR/overzicht', headers: { authorization: 'Bearer onbekend' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
