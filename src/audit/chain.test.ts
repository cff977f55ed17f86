import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, pseudonymise, verifyRun, type AuditRecord } from './chain.ts';

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = { seq, tijdstip: new Date(Date.UTC(2027, 0, 1, 0, seq)), actorOin: '00000099900000000001', gebruiker: null, actie: 'lezen', resource: `r/${seq}`, pgnPseudoniem: null, doel: 'test', traceId: null, uitkomst: 'ok' };
    const hash = chainHash(prev, base);
    out.push({ ...base, vorigeHash: prev, hash });
    prev = hash;
  }
  return out;
}
const start = { seq: 0, hash: GENESIS_HASH };

describe('audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyRun(chain(5), start).problems).toEqual([]);
  });

  it('detects an altered record', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, uitkomst: 'geweigerd' };
    expect(verifyRun(c, start).problems).toEqual([expect.objectContaining({ seq: 3, problem: 'gewijzigd' })]);
  });

  it('detects a removed record', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyRun(c, start).problems.map((p) => p.problem)).toContain('ontbrekend');
  });

  it('detects an inserted record even when its own hash is recomputed', () => {
    const c = chain(4);
    const forged = { ...c[2]!, resource: 'vervalst' };
    forged.hash = chainHash(forged.vorigeHash, forged);
    c.splice(2, 1, forged); // same seq and link, but the next record no longer links to it
    expect(verifyRun(c, start).problems).toEqual([expect.objectContaining({ seq: 4, problem: 'ingevoegd' })]);
  });

  it('pseudonymises a PGN with a key, stable per key and never the PGN itself', () => {
    const a = pseudonymise('key-one', '000009830');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('000009830');
    expect(pseudonymise('key-one', '000009830')).toBe(a);
    expect(pseudonymise('key-two', '000009830')).not.toBe(a);
  });
});
