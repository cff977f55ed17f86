import fc from 'fast-check';
import { expect } from 'vitest';
import type { TestHub } from './helpers.ts';
import { nastyMoment, nastyText } from './arbitraries.ts';

// The fuzz tests of issue 13 point 3 (no input a client can send gives a 5xx): requests through the
// real app, counted by status. CI replays a fixed seed (a red run must mean a regression); local runs explore.
if (process.env.CI) fc.configureGlobal({ seed: 20_261_201 });

/**
 * How many of a fuzz file's runs this engine gets. CI runs the suite on both engines: the 20,500
 * requests of issue 13 are split between the two runs, half each, so that each engine meets every kind
 * of nasty input (the embedded engine is PostgreSQL's own SQL in WASM; the server run adds the driver,
 * its errors and its connections) and CI sends them all once.
 */
export const fuzzRuns = (runs: number) => Math.ceil(runs / 2);

export interface Sent { requests: number; byStatus: Map<number, number> }
export const newSent = (): Sent => ({ requests: 0, byStatus: new Map() });
export const describeSent = (s: Sent) => `${s.requests} requests, by status ${JSON.stringify(Object.fromEntries([...s.byStatus].sort()))}`;

/** POST through the real app; a 5xx fails with the request that caused it (fast-check then shrinks it). */
export async function post(hub: TestHub, sent: Sent, url: string, oin: string, type: string, payload: string | Buffer) {
  const res = await hub.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${hub.tokenOf(oin)}`, ...(type ? { 'content-type': type } : {}) }, payload });
  sent.requests++;
  sent.byStatus.set(res.statusCode, (sent.byStatus.get(res.statusCode) ?? 0) + 1);
  if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${url} (${type}): ${res.body}\n${typeof payload === 'string' ? JSON.stringify(payload).slice(0, 2000) : payload.toString('base64')}`);
  if (res.statusCode !== 200 && res.statusCode !== 202) expect(res.headers['content-type']).toContain('application/problem+json');
  return res;
}

const CONTENT_TYPES = ['application/json; charset=utf-16', 'application/json; charset=', 'application/json; charset="utf-8', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/json;;', 'text/csv', 'application/problem+json', '*/*', ''];
/** Mostly JSON, now and then a content type a client might get wrong. */
export const jsonContentType = fc.oneof({ arbitrary: fc.constant('application/json'), weight: 12 }, { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 1 });

const MBO_GANGER_COLUMNS = ['tijdstip', 'pgn', 'brinVo', 'vestiging', 'postcode', 'huisnummer', 'huisnummerToevoeging', 'woonland', 'mboGanger', 'redenNee'];
const cell = fc.oneof(
  { arbitrary: fc.constantFrom('2027-01-15T10:00:00+01:00', '18BR', '9406NN', '202', 'ja', 'nee', 'A', '6030', '5010', '0000', 'VO_VERVOLG', ''), weight: 4 },
  { arbitrary: nastyText, weight: 3 },
  { arbitrary: nastyMoment, weight: 1 },
  { arbitrary: fc.constantFrom('"', '"A', 'A"', '"A"B', '""', '"A;B"', '"\n"', '\u0000', '\r'), weight: 2 },
);
const header = fc.oneof(
  { arbitrary: fc.shuffledSubarray(MBO_GANGER_COLUMNS, { minLength: 1 }).map((cols) => [...new Set(['tijdstip', 'pgn', 'brinVo', 'mboGanger', ...cols])]), weight: 5 },
  { arbitrary: fc.array(fc.oneof(fc.constantFrom(...MBO_GANGER_COLUMNS, 'berichtId', 'aanmeldingId', '"pgn"x', '"pgn', 'pgn"'), nastyText), { minLength: 1, maxLength: 6 }), weight: 1 },
);
const csvFile = fc.tuple(header, fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 5 }), fc.constantFrom('\n', '\r\n')).map(([cols, rows, eol]) =>
  [cols.join(';'), ...rows.map((r) => r.join(';'))].join(eol) + eol);
/** An upload as a client might send it: mostly a small, bad CSV file; sometimes the wrong type, or bytes. */
export const uploadBody = fc.oneof(
  { arbitrary: csvFile.map((csv) => ({ type: 'text/csv', payload: csv as string | Buffer })), weight: 10 },
  { arbitrary: fc.tuple(fc.constantFrom('application/json', 'text/csv; charset=latin1', 'text/plain', 'application/csv', ''), csvFile).map(([type, csv]) => ({ type, payload: csv as string | Buffer })), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => ({ type: 'text/csv', payload: Buffer.from(b) as string | Buffer })), weight: 1 },
);
