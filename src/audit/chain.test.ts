import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, keyFor, pseudonymise, verifyRun, type AuditRecord, type ChainKey } from './chain.ts';
import { checkpointGeldig, checkpointNodig, CheckpointSigner } from './checkpoint.ts';

const KEY: ChainKey = { key: 'the-audit-key-0123456789abcdef0123456789', gesleuteldVanaf: 1 };

function chain(n: number, k: ChainKey = KEY): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = { seq, tijdstip: new Date(Date.UTC(2027, 0, 1, 0, seq)), actorOin: '00000099900000000001', gebruiker: null, actie: 'lezen', resource: `r/${seq}`, pgnPseudoniem: null, doel: 'test', traceId: null, uitkomst: 'ok' };
    const hash = chainHash(keyFor(k, seq), prev, base);
    out.push({ ...base, vorigeHash: prev, hash });
    prev = hash;
  }
  return out;
}
const start = { seq: 0, hash: GENESIS_HASH };

describe('audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyRun(chain(5), start, KEY).problems).toEqual([]);
  });

  it('detects an altered record', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, uitkomst: 'geweigerd' };
    expect(verifyRun(c, start, KEY).problems).toEqual([expect.objectContaining({ seq: 3, problem: 'gewijzigd' })]);
  });

  it('detects a removed record', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyRun(c, start, KEY).problems.map((p) => p.problem)).toContain('ontbrekend');
  });

  it('detects an inserted record even when its own hash is recomputed', () => {
    const c = chain(4);
    const forged = { ...c[2]!, resource: 'vervalst' };
    forged.hash = chainHash(KEY.key, forged.vorigeHash, forged);
    c.splice(2, 1, forged); // same seq and link, but the next record no longer links to it
    expect(verifyRun(c, start, KEY).problems).toEqual([expect.objectContaining({ seq: 4, problem: 'ingevoegd' })]);
  });

  it('a chain rewritten after a change without the key does not verify (issue 13.5)', () => {
    const c = chain(6);
    // The attacker changes record 3 and recomputes every following link, but only knows plain SHA-256.
    let prev = c[1]!.hash;
    for (let i = 2; i < c.length; i++) {
      const base = i === 2 ? { ...c[i]!, uitkomst: 'geweigerd' } : c[i]!;
      const hash = chainHash(null, prev, base);
      c[i] = { ...base, vorigeHash: prev, hash };
      prev = hash;
    }
    expect(verifyRun(c, start, KEY).problems.map((p) => p.seq)).toEqual([3, 4, 5, 6]);
    // Rewritten with another key: the same.
    const other = chain(6, { ...KEY, key: 'not-the-hubs-key-0123456789abcdef012345' });
    expect(verifyRun(other, start, KEY).problems).toHaveLength(6);
  });

  it('links records from before the chain was keyed with plain SHA-256, and keyed ones after', () => {
    const mixed = { ...KEY, gesleuteldVanaf: 4 };
    expect(verifyRun(chain(6, mixed), start, mixed).problems).toEqual([]);
    expect(verifyRun(chain(6, mixed), start, KEY).problems.map((p) => p.seq)).toEqual([1, 2, 3]);
  });

  it('signs checkpoints that only the hub can make and anyone with its public key can check', () => {
    const signer = new CheckpointSigner(KEY.key);
    const c = signer.sign({ seq: 10, hash: 'a'.repeat(64), tijdstip: new Date('2027-03-01T12:00:00Z') });
    expect(checkpointGeldig(c, signer.publicKeyPem())).toBe(true);
    expect(checkpointGeldig({ ...c, hash: 'b'.repeat(64) }, signer.publicKey)).toBe(false);
    expect(checkpointGeldig({ ...c, seq: 11 }, signer.publicKey)).toBe(false);
    expect(checkpointGeldig(c, new CheckpointSigner('another-key-0123456789abcdef0123456789').publicKey)).toBe(false);
    // The same key gives the same pair in every process of the hub.
    expect(new CheckpointSigner(KEY.key).publicKeyPem()).toBe(signer.publicKeyPem());
  });

  it.each([
    ['no checkpoint yet, records exist', null, 1, 0, true],
    ['empty chain', null, 0, 0, false],
    ['nothing new since the last', { seq: 50, min: 0 }, 50, 60, false],
    ['9,999 new records within 15 minutes', { seq: 1 }, 10_000, 14, false],
    ['10,000 new records', { seq: 1 }, 10_001, 1, true],
    ['one new record after 15 minutes', { seq: 1 }, 2, 15, true],
  ])('checkpoint due: %s', (_naam, laatste, kopSeq, minuten, due) => {
    const t0 = new Date('2027-03-01T12:00:00Z');
    const nu = new Date(t0.getTime() + minuten * 60_000);
    expect(checkpointNodig(laatste ? { seq: laatste.seq, tijdstip: t0 } : null, { seq: kopSeq }, nu)).toBe(due);
  });

  it('pseudonymises a PGN with a key, stable per key and never the PGN itself', () => {
    const a = pseudonymise('key-one', '000009830');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('000009830');
    expect(pseudonymise('key-one', '000009830')).toBe(a);
    expect(pseudonymise('key-two', '000009830')).not.toBe(a);
  });
});
