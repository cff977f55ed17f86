import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CSRF protection by the synchronizer-token pattern (OWASP): every form carries a token derived from
 * a secret of the session it was rendered for, so a page of another site cannot produce one. Before
 * sign-in the binding is a random pre-session cookie (against login CSRF).
 */
export function csrfToken(geheim: string, binding: string): string {
  return createHmac('sha256', geheim).update('vva-beheer-csrf\n').update(binding).digest('base64url');
}

export function csrfGeldig(geheim: string, binding: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0) return false;
  const expected = Buffer.from(csrfToken(geheim, binding));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Defence in depth beside the token: a browser that says where a form came from must say this site.
 * `Sec-Fetch-Site` (all current browsers) or else `Origin`; a request with neither (old browser,
 * curl) relies on the token alone.
 */
export function herkomstToegestaan(headers: { secFetchSite?: string; origin?: string; host?: string }): boolean {
  if (headers.secFetchSite) return headers.secFetchSite === 'same-origin' || headers.secFetchSite === 'none';
  if (headers.origin && headers.origin !== 'null') {
    try {
      return new URL(headers.origin).host === headers.host;
    } catch {
      return false;
    }
  }
  return !headers.origin;
}
