/** One invalid field: `name` is its path in the request (`berichten[2].pgn`), `reason` says why. */
export interface InvalidParam {
  name: string;
  reason: string;
  code?: string;
}

/**
 * The hub's one error type. Services throw it; `http/problem.ts` is the one place that turns it
 * into RFC 9457 problem+json. Anything else that escapes becomes a 500 without detail.
 */
export class VvaError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly invalidParams?: InvalidParam[],
    /** Sent as Retry-After: the request may be repeated unchanged after this many seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? title);
    this.name = 'VvaError';
  }

  static invalid(invalidParams: InvalidParam[], detail = 'De aanvraag bevat ongeldige velden.') {
    return new VvaError(400, 'ongeldige-invoer', 'Ongeldige invoer', detail, invalidParams);
  }
  static unauthorized(detail = 'Geen geldige client-certificaat of token meegestuurd.') {
    return new VvaError(401, 'niet-geauthenticeerd', 'Niet geauthenticeerd', detail);
  }
  static forbidden(detail: string) {
    return new VvaError(403, 'geen-toegang', 'Geen toegang', detail);
  }
  static notFound(detail: string) {
    return new VvaError(404, 'niet-gevonden', 'Niet gevonden', detail);
  }
  static unavailable(detail: string, retryAfterSeconds = 1) {
    return new VvaError(503, 'tijdelijk-niet-beschikbaar', 'Tijdelijk niet beschikbaar', detail, undefined, retryAfterSeconds);
  }
  /** 429: the caller waits; the route sets `Retry-After` (seconds) on the reply before throwing. */
  static tooManyRequests(detail: string) {
    return new VvaError(429, 'te-veel-verzoeken', 'Te veel verzoeken', detail);
  }
  /** 405: the path exists, with other methods; the caller sets `Allow` on the reply. */
  static methodNotAllowed(detail: string) {
    return new VvaError(405, 'methode-niet-toegestaan', 'Methode niet toegestaan', detail);
  }
  static conflict(detail: string) {
    return new VvaError(409, 'conflict', 'Conflict', detail);
  }
}
