import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';

// Issue 12.6 (ADR 2.2): headers on every answer, HSTS under HTTPS, UTC date-times, trace context.
let hub: TestHub;
const logLines: Record<string, unknown>[] = [];
const school = demo('vo-school');
const beheer = demo('beheer');

beforeAll(async () => {
  const stream = new Writable({ write(chunk, _enc, done) { for (const l of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(l)); done(); } });
  // Behind a TLS-terminating proxy (trusted), which says how the client came in.
  hub = await createTestHub({ env: { VVA_TRUST_PROXY: 'true' }, app: { logger: { level: 'info', stream } } });
  for (const p of [school, beheer]) await hub.party(p.oin);
});
afterAll(() => hub.close());

const auth = (oin: string) => ({ authorization: `Bearer ${hub.tokenOf(oin)}` });

describe('security and caching headers', () => {
  it('an API answer with personal data, and a refusal, are not stored and carry the security headers', async () => {
    for (const res of [await hub.app.inject({ url: '/api/v1/vo-scholen/18BR/overzicht', headers: auth(school.oin) }), await hub.app.inject('/api/v1/identiteit')]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('HSTS only when the client came over HTTPS', async () => {
    const res = await hub.app.inject({ url: '/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect((await hub.app.inject('/health')).headers['strict-transport-security']).toBeUndefined();
  });

  it('web pages get a page CSP with frame-ancestors; style sheets stay cacheable', async () => {
    const page = await hub.app.inject('/beheer/inloggen');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/style-src 'self'.*frame-ancestors 'none'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await hub.app.inject('/beheer/static/console/console.css')).headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('date-times', () => {
  it('are answered in UTC, also when the sender wrote another offset', async () => {
    const pgn = nieuwePgn();
    await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn, tijdstip: '2027-01-14T09:00:00+01:00' })]);
    const tokens = await hub.app.inject({ url: `/api/v1/beheer/organisaties/${school.oin}/tokens`, headers: auth(beheer.oin) });
    const body = JSON.stringify([await pull(hub, school.oin), tokens.json()]);
    const moments = body.match(/"\d{4}-\d\d-\d\dT[^"]*"/g) ?? [];
    expect(moments.length).toBeGreaterThan(0);
    for (const m of moments) expect(m).toMatch(/Z"$/);
  });
});

describe('trace context', () => {
  const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('keeps the caller’s trace id: echoed in traceparent with the hub’s span, in the audit record and the log lines', async () => {
    const res = await hub.app.inject({ url: `/api/v1/beheer/organisaties/${school.oin}/tokens`, headers: { ...auth(beheer.oin), traceparent: incoming } });
    const [, trace, span, flags] = res.headers.traceparent!.toString().split('-');
    expect([trace, flags]).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736', '01']);
    expect(span).toMatch(/^[0-9a-f]{16}$/);
    expect(span).not.toBe('00f067aa0ba902b7');
    const records = (await hub.app.inject({ method: 'POST', url: '/api/v1/beheer/audit/zoekopdrachten', headers: auth(beheer.oin), payload: { actorOin: beheer.oin } })).json().records;
    expect(records).toContainEqual(expect.objectContaining({ actie: 'tokens-bekeken', traceId: trace }));
    expect(logLines.filter((l) => l.traceId === trace && l.msg === 'request completed')).toHaveLength(1);
  });

  it('starts a trace when the caller sent none or an invalid one', async () => {
    for (const traceparent of [undefined, 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      const res = await hub.app.inject({ url: '/health', headers: traceparent ? { traceparent } : {} });
      expect(res.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(res.headers.traceparent).not.toContain('4bf92f35');
    }
  });
});
