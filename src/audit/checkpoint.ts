import { createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** A signed statement "the chain had this hash at this seq", kept outside the audit table too. */
export interface Checkpoint {
  seq: number;
  hash: string;
  tijdstip: Date;
  /** Ed25519 signature (base64url) over `bericht(…)`. */
  handtekening: string;
}

/** A checkpoint every this many records… */
export const CHECKPOINT_ELKE_RECORDS = 10_000;
/** …or this long after the last one, when records were added since. */
export const CHECKPOINT_ELKE_MS = 15 * 60_000;

/** Whether the chain, now at `kop`, is due a new checkpoint after `laatste`. */
export function checkpointNodig(laatste: { seq: number; tijdstip: Date } | null, kop: { seq: number }, nu: Date): boolean {
  if (kop.seq === 0) return false;
  if (!laatste) return true;
  if (kop.seq <= laatste.seq) return false;
  return kop.seq - laatste.seq >= CHECKPOINT_ELKE_RECORDS || nu.getTime() - laatste.tijdstip.getTime() >= CHECKPOINT_ELKE_MS;
}

const bericht = (c: Omit<Checkpoint, 'handtekening'>) => Buffer.from(`open-vva audit checkpoint\n${c.seq}\n${c.hash}\n${c.tijdstip.toISOString()}`);

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): lets Node build the key from a derived seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The hub's checkpoint key pair, derived from the audit key: every process of one hub signs with the
 * same key without another secret to distribute, and anyone holding the public key can check an
 * exported checkpoint without being able to make one.
 */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(auditKey: string) {
    const seed = createHmac('sha256', auditKey).update('open-vva audit checkpoint signing key').digest();
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
  }

  sign(c: Omit<Checkpoint, 'handtekening'>): Checkpoint {
    return { ...c, handtekening: sign(null, bericht(c), this.privateKey).toString('base64url') };
  }

  /** The public key as PEM (SPKI), to publish beside exported checkpoints. */
  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** Checks a checkpoint's signature against a public key (the hub's, or one kept from an earlier export). */
export function checkpointGeldig(c: Checkpoint, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verify(null, bericht(c), key, Buffer.from(c.handtekening, 'base64url'));
  } catch {
    return false;
  }
}
