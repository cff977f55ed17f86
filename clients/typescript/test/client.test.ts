import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../../src/delivery/signing.ts';
import { aanmeldstatus, mboGanger } from '../../../test/berichten.ts';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { createVvaClient, isHealthy, pullBerichten, unwrap, VvaApiError, WebhookVerificationError, WebhookVerifier, type Bericht, type paths } from '../src/index.ts';

// The shared test helper builds the message loosely typed; the API's own type names what it is.
type Aanmeldstatus = paths['/aanmeldstatusberichten']['post']['requestBody']['content']['application/json']['berichten'][number];

// The client against a real hub on a port (real routes, real database), as a vendor's code would call it.
let hub: TestHub;
let url: string;
beforeAll(async () => {
  hub = await createTestHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
});
afterAll(() => hub.close());

describe('the typed client', () => {
  it('sends a batch, and the school pulls its inbox page by page; the stored cursor acknowledges what came before', async () => {
    const school = demo('vo-school');
    const instelling = demo('mbo-instelling');
    const las = createVvaClient({ hub: url, token: await hub.party(school.oin) });
    const sis = createVvaClient({ hub: url, token: async () => hub.party(instelling.oin) });
    const meldingen = [mboGanger(), mboGanger(), mboGanger()];
    const { resultaten } = await unwrap(las.POST('/mbo-gangerberichten', { body: { berichten: meldingen } }));
    expect(resultaten.map((r) => r.resultaat)).toEqual(['VERWERKT', 'VERWERKT', 'VERWERKT']);
    const statussen = meldingen.map((m) => aanmeldstatus({ pgn: m.pgn, brinVo: school.brin }));
    await unwrap(sis.POST('/aanmeldstatusberichten', { body: { berichten: statussen as Aanmeldstatus[] } }));

    const ontvangen: Bericht[] = [];
    let cursor: string | undefined;
    for await (const pagina of pullBerichten(las, { limit: 1 })) {
      expect(pagina.berichten).toHaveLength(1);
      ontvangen.push(...pagina.berichten);
      cursor = pagina.volgende;
    }
    expect(ontvangen.map((e) => e.type)).toEqual(Array(3).fill('nl.vva.aanmeldstatus.v1'));
    expect(new Set(ontvangen.map((e) => e.id)).size).toBe(3);
    // Resuming from the stored cursor: nothing is left.
    const rest = [];
    for await (const pagina of pullBerichten(las, { na: cursor })) rest.push(...pagina.berichten);
    expect(rest).toEqual([]);
  });

  it('turns a refusal into a VvaApiError with the problem details', async () => {
    const gemeente = createVvaClient({ hub: url, token: await hub.party(demo('gemeente').oin) });
    const err = await unwrap(gemeente.POST('/mbo-gangerberichten', { body: { berichten: [mboGanger()] } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VvaApiError);
    expect(err).toMatchObject({ status: 403, problem: { status: 403 } });
    const anoniem = createVvaClient({ hub: url, token: 'geen-geldig-token' });
    await expect(unwrap(anoniem.GET('/berichten'))).rejects.toMatchObject({ status: 401 });
    // Without a token no Authorization header at all (a certificate client; over plain HTTP it has none to show).
    let authorization: string | null = 'niet gevraagd';
    const zonderToken = createVvaClient({ hub: url, fetch: (input, init) => ((authorization = new Request(input, init).headers.get('authorization')), fetch(input, init)) });
    await expect(unwrap(zonderToken.GET('/berichten'))).rejects.toMatchObject({ status: 401, problem: { status: 401 } });
    expect(authorization).toBeNull();
  });

  it('knows whether the hub is up', async () => {
    expect(await isHealthy(url)).toBe(true);
    expect(await isHealthy('http://127.0.0.1:1')).toBe(false);
  });
});

describe('WebhookVerifier (standardwebhooks) on pushes signed by the hub', () => {
  const geheim = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const nieuw = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
  const body = JSON.stringify({ specversion: '1.0', id: 'e1', source: 'urn:nld:oin:x:systeem:vva', type: 'nl.vva.aanmeldstatus.v1', time: '2027-01-15T10:00:00Z', datacontenttype: 'application/json', data: { pgn: '123' } });
  const nu = Math.floor(Date.now() / 1000);
  const headers = (secrets: string[], ts = nu) => ({ 'webhook-id': 'e1', 'webhook-timestamp': String(ts), 'webhook-signature': sign(secrets, 'e1', ts, body) });

  it('accepts the hub’s signature, also during a rotation (either secret), from Node or Fetch headers', () => {
    expect(new WebhookVerifier(geheim).verify(body, headers([geheim])).id).toBe('e1');
    expect(new WebhookVerifier(nieuw).verify(body, headers([geheim, nieuw])).type).toBe('nl.vva.aanmeldstatus.v1');
    expect(new WebhookVerifier([nieuw, geheim]).verify(Buffer.from(body), new Headers(headers([geheim]))).id).toBe('e1');
  });

  it('refuses a changed body, another secret and a stale timestamp', () => {
    const v = new WebhookVerifier(geheim);
    expect(() => v.verify(body.replace('123', '124'), headers([geheim]))).toThrow(WebhookVerificationError);
    expect(() => v.verify(body, headers([nieuw]))).toThrow(WebhookVerificationError);
    expect(() => v.verify(body, headers([geheim], nu - 600))).toThrow(/too old/);
  });
});

describe('the README', () => {
  it('shows the vendor example exactly as type-checked in examples/vendor.ts', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../examples/vendor.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```\n');
  });
});
