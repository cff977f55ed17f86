import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('defaults to the embedded database on 127.0.0.1:8080', () => {
    const c = loadConfig({});
    expect(c.database.kind).toBe('pglite');
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.clock.mode).toBe('system');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://h', VVA_CLOCK: 'sundial', VVA_TLS_CERT: 'a.pem', NODE_ENV: 'production' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'VVA_CLOCK']));
  });

  it('requires a pseudonym key in production and complete TLS settings', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/VVA_PSEUDONYM_KEY/);
    expect(() => loadConfig({ VVA_TLS_CERT: 'a.pem' })).toThrow(/VVA_TLS_CERT, VVA_TLS_KEY and VVA_TLS_CA/);
  });

  it('the portal\'s DigiD client: all three settings or none, https in production; the DigiStub beside the default port', () => {
    expect(() => loadConfig({ VVA_DIGID_ISSUER: 'https://digid.example' })).toThrow(/VVA_DIGID_ISSUER, VVA_DIGID_CLIENT_ID and VVA_DIGID_CLIENT_SECRET/);
    const digid = { VVA_DIGID_ISSUER: 'http://digid.example', VVA_DIGID_CLIENT_ID: 'portaal', VVA_DIGID_CLIENT_SECRET: 'geheim' };
    expect(loadConfig(digid).digid).toEqual({ issuer: 'http://digid.example', clientId: 'portaal', clientSecret: 'geheim' });
    expect(() => loadConfig({ ...digid, NODE_ENV: 'production' })).toThrow(/VVA_DIGID_ISSUER: must be https/);
    expect(loadConfig({}).digid).toBeUndefined();
    expect([loadConfig({}).digistubPort, loadConfig({ PORT: '9000' }).digistubPort, loadConfig({ VVA_DIGISTUB_PORT: '7000' }).digistubPort]).toEqual([8081, 0, 7000]);
  });

  it('HTTP protection: safe defaults, proxies to trust, and a headers timeout within the request timeout', () => {
    const http = loadConfig({}).http;
    expect(http).toMatchObject({ headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 10_000, trustProxy: false });
    expect(http.rateLimit.perCredential).toBeGreaterThan(0);
    expect(http.authFailures.max).toBeGreaterThan(0);
    expect(loadConfig({ VVA_TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }).http.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.1']);
    expect(loadConfig({ VVA_TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(() => loadConfig({ VVA_HTTP_HEADERS_TIMEOUT_MS: '60000', VVA_HTTP_REQUEST_TIMEOUT_MS: '30000' })).toThrow(/VVA_HTTP_HEADERS_TIMEOUT_MS/);
    expect(() => loadConfig({ VVA_CLOCK: 'manual', VVA_CLOCK_START: '0000-01-01T00:00:00Z' })).toThrow(/VVA_CLOCK_START/);
  });
});
