/** A domain name as an instelling registers it: lower-case labels, at least one dot, no scheme or path. */
export const DOMEIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Spec §17: a deeplink's `returnUrl` is honoured only for the instelling's allowed domains — else the
 * portal would be an open redirect. Only https, no user info, no other port; the host is an allowed
 * domain or a subdomain of one (`www.roc.nl` under `roc.nl`, never `evilroc.nl`).
 */
export function returnUrlToegestaan(returnUrl: string, domeinen: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return domeinen.some((d) => host === d || host.endsWith(`.${d}`));
}

/** The portal's deeplink to one opleiding (the portal itself is issue 17); the returnUrl only when allowed. */
export function deeplink(aanbodCode: string, returnUrl: string | undefined, domeinen: readonly string[]): { deeplink: string; returnUrlGehonoreerd: boolean } {
  const pad = `/aanmelden/opleidingen/${encodeURIComponent(aanbodCode)}`;
  if (returnUrl === undefined || !returnUrlToegestaan(returnUrl, domeinen)) return { deeplink: pad, returnUrlGehonoreerd: false };
  return { deeplink: `${pad}?${new URLSearchParams({ returnUrl })}`, returnUrlGehonoreerd: true };
}
