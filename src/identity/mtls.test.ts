import { request, Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevCa, type IssuedCert } from '../certs/dev-ca.ts';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';

let hub: TestHub;
let ca: DevCa;
let base: string;
const gemeente = demo('gemeente', 1);
const mbo = demo('mbo-instelling');

async function call(client: IssuedCert | null, trust: string, headers: Record<string, string> = {}) {
  const dispatcher = new Agent({ connect: { ca: trust, ...(client ? { cert: client.cert, key: client.key } : {}) } });
  try {
    const res = await request(`${base}/api/v1/identiteit`, { dispatcher, headers });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  } finally {
    await dispatcher.close();
  }
}

beforeAll(async () => {
  ca = await DevCa.create();
  const server = await ca.issueServer();
  hub = await createTestHub({ app: { https: { cert: server.cert, key: server.key, ca: ca.caPem } } });
  await hub.party(gemeente.oin);
  await hub.party(mbo.oin);
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const address = hub.app.server.address() as { port: number };
  base = `https://127.0.0.1:${address.port}`;
});
afterAll(() => hub.close());

describe('mutual TLS', () => {
  it('maps a client certificate to the organisation whose OIN is in its serialNumber', async () => {
    const res = await call(await ca.issueClient(gemeente.oin, gemeente.naam), ca.caPem);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ oin: gemeente.oin, soort: 'gemeente', gemeentecode: '0363', via: 'certificaat' });
    const res2 = await call(await ca.issueClient(mbo.oin, mbo.naam), ca.caPem);
    expect(res2.body).toMatchObject({ oin: mbo.oin, soort: 'mbo-instelling', brin: '90AA' });
  });

  it('prefers the certificate over a token of another party', async () => {
    const res = await call(await ca.issueClient(gemeente.oin, gemeente.naam), ca.caPem, { authorization: `Bearer ${hub.tokenOf(mbo.oin)}` });
    expect(res.body).toMatchObject({ oin: gemeente.oin });
  });

  it('refuses a valid certificate for an OIN the hub does not know', async () => {
    const res = await call(await ca.issueClient('00000099777777777777', 'Onbekend'), ca.caPem);
    expect(res.status).toBe(401);
  });

  it('does not trust a certificate from another CA (falls back to token, here none)', async () => {
    const other = await DevCa.create();
    const res = await call(await other.issueClient(gemeente.oin, gemeente.naam), ca.caPem);
    expect(res.status).toBe(401);
  });

  it('still accepts a bearer token over TLS without a client certificate', async () => {
    const res = await call(null, ca.caPem, { authorization: `Bearer ${hub.tokenOf(mbo.oin)}` });
    expect(res.body).toMatchObject({ oin: mbo.oin, via: 'token' });
  });
});
