import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt parameters (OWASP's minimum for scrypt: N=2^17, r=8, p=1 uses 128 MiB; on the hub's
 * two-core machines 2^15 with r=8 costs ~32 MiB and ~60 ms per sign-in, which still makes an
 * offline guess of a stolen hash expensive while a burst of sign-ins cannot exhaust memory).
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MIN_LENGTE = 12;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

const maxmem = (n: number, r: number) => 256 * n * r;

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash, so they can be raised later. */
export async function hashWachtwoord(wachtwoord: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(wachtwoord.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function controleerWachtwoord(wachtwoord: string, opgeslagen: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = opgeslagen.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(wachtwoord.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: maxmem(Number(n), Number(r)) });
  return timingSafeEqual(key, expected);
}

/** A hash of a password nobody has: checked for unknown accounts too, so timing does not tell which names exist. */
export const ONBEKEND_HASH = ['scrypt', N, R, P, Buffer.alloc(16).toString('base64'), Buffer.alloc(KEYLEN).toString('base64')].join('$');

/** The rule for new passwords: long enough (NIST SP 800-63B: length over composition rules). */
export function wachtwoordProblemen(wachtwoord: string): string[] {
  return wachtwoord.length < MIN_LENGTE ? [`minstens ${MIN_LENGTE} tekens`] : [];
}
