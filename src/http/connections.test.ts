import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../test/helpers.ts';

// Issue 13 point 4: idle connections must not exhaust the hub. A real listener on 127.0.0.1; 2,000
// sockets that connect and send nothing (the issue used 21,000; see README for that one-off run).

const IDLE = 2_000;
let hub: TestHub | undefined;
let sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  await hub?.close();
  hub = undefined;
});

async function listen(env: Record<string, string>) {
  hub = await createTestHub({ env });
  // A listen backlog that holds all the test's sockets even when a loaded machine accepts slowly.
  await hub.app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  return (hub.app.server.address() as net.AddressInfo).port;
}

/**
 * Opens `n` TCP connections that send nothing, 100 at a time, each batch only once the server has
 * accepted the one before: a burst beyond the listen backlog (511) leaves clients that believe they
 * are connected while the server never accepted them (a test artefact, not what the hub does).
 */
async function openIdle(port: number, n: number) {
  const closed = { count: 0, at: [] as number[] };
  let connected = 0;
  const accepted = () => new Promise<number>((r) => hub!.app.server.getConnections((_e, c) => r(c)));
  for (let done = 0; done < n; done += 100) {
    const chunk = await Promise.all(Array.from({ length: Math.min(100, n - done) }, () => new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' });
      sockets.push(s);
      // Read (and drop) what the server sends: its 408 before closing would otherwise hold back 'end'.
      s.resume();
      s.on('connect', () => resolve(true));
      s.on('error', () => resolve(false));
      s.on('close', () => {
        closed.count++;
        closed.at.push(Date.now());
        resolve(false);
      });
    })));
    connected += chunk.filter(Boolean).length;
    for (let i = 0; i < 500 && (await accepted()) + closed.count < connected; i++) await new Promise((r) => setTimeout(r, 10));
  }
  return { connected, closed };
}

async function health(port: number) {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, ms: Date.now() - started };
}

async function until(check: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
}

describe('idle connections', { timeout: 30_000 }, () => {
  it(`${IDLE} idle sockets: /health still answers, and the idle sockets are closed after the timeout`, async () => {
    const port = await listen({ VVA_HTTP_HEADERS_TIMEOUT_MS: '1000', VVA_HTTP_IDLE_TIMEOUT_MS: '1500' });
    const start = Date.now();
    const { connected, closed } = await openIdle(port, IDLE);
    expect(connected).toBe(IDLE);
    const h = await health(port);
    expect(h.status).toBe(200);
    expect(h.ms).toBeLessThan(2_000);
    // Nothing was sent on them: the headers timeout (1 s, checked every second) ends every one.
    await until(() => closed.count === IDLE, 6_000);
    const server = await new Promise<number>((r) => hub!.app.server.getConnections((_e, c) => r(c)));
    // (the one left on the server is /health's own keep-alive connection)
    expect({ closed: closed.count, server: Math.min(server, 1) }, `opened in ${Date.now() - start} ms`).toEqual({ closed: IDLE, server: 1 });
    expect(Math.min(...closed.at) - start).toBeGreaterThanOrEqual(900);
    expect((await health(port)).status).toBe(200);
  });

  it('a keep-alive connection that goes quiet after a request is closed after the keep-alive timeout', async () => {
    const port = await listen({ VVA_HTTP_KEEP_ALIVE_TIMEOUT_MS: '300' });
    const s = net.connect({ port, host: '127.0.0.1' });
    sockets.push(s);
    let answer = '';
    let closedAt = 0;
    s.on('data', (d) => (answer += d));
    s.on('close', () => (closedAt = Date.now()));
    await new Promise((r) => s.on('connect', r));
    s.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await until(() => answer.includes('"status":"ok"'), 3_000)).toBe(true);
    const answered = Date.now();
    expect(await until(() => closedAt > 0, 3_000)).toBe(true);
    expect(closedAt - answered).toBeLessThan(2_000);
  });

  it(`with a cap of 500 connections, ${IDLE} idle sockets give way: the hub never holds more, and /health answers`, async () => {
    const port = await listen({ VVA_HTTP_MAX_CONNECTIONS: '500' });
    const { closed } = await openIdle(port, IDLE);
    // The longest-idle ones were closed as new ones came (default timeouts would keep them 10 s).
    expect(await until(() => closed.count >= IDLE - 500, 5_000)).toBe(true);
    const open = await new Promise<number>((r) => hub!.app.server.getConnections((_e, n) => r(n)));
    expect(open).toBeLessThanOrEqual(500);
    expect((await hub!.app.inject({ url: '/metrics' })).body).toMatch(/vva_http_verbindingen_gesloten_total [1-9]\d{2,}/);
    const h = await health(port);
    expect(h.status).toBe(200);
    expect(h.ms).toBeLessThan(2_000);
  });
});
