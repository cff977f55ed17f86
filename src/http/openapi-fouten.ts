/**
 * The error answers of the OpenAPI document (issue 12.3): every one the hub really gives, each as
 * RFC 9457 problem+json (http/problem.ts is the one place that writes them).
 *
 * Answers that any operation can give are added to every operation by `finaliseOpenApi`; answers that
 * depend on the operation (who may call it, what it looks up, what it refuses to create twice) are
 * declared by its route, with the reason, in `'x-fouten'`.
 */

type Json = Record<string, any>;

/** Per operation: the answers only some operations give, with the reason a client reads. */
export type Fouten = Partial<Record<403 | 404 | 409, string>>;

declare module 'fastify' {
  interface FastifySchema {
    /** Error answers this operation gives beyond those every operation can (openapi-fouten.ts). */
    'x-fouten'?: Fouten;
    /** The request body as the OpenAPI document shows it, for a body the route reads as a stream (the CSV upload). */
    'x-request-body'?: Json;
  }
}

/** The 403 of every beheer operation (http/auth.ts requireSoort). */
export const ALLEEN_BEHEER: Fouten = { 403: 'Alleen voor beheer' };

export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri-reference', examples: ['urn:nl:vva:probleem:ongeldige-invoer'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'urn:uuid: van de aanvraag (X-Request-Id)' },
    invalidParams: {
      type: 'array',
      description: 'bij 400: elk ongeldig veld',
      items: { type: 'object', required: ['name', 'reason'], properties: { name: { type: 'string' }, reason: { type: 'string' }, code: { type: 'string' } } },
    },
  },
  examples: [{
    type: 'urn:nl:vva:probleem:ongeldige-invoer', title: 'Ongeldige invoer', status: 400, detail: 'De aanvraag bevat ongeldige velden.',
    instance: 'urn:uuid:0196f000-0000-7000-8000-000000000003', invalidParams: [{ name: 'berichten[0].pgn', reason: 'pgn: 9 cijfers', code: 'invalid_format' }],
  }],
};

const probleem = (description: string, headers?: Json): Json => ({
  description, ...(headers ? { headers } : {}), content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const retryAfter = { 'Retry-After': { description: 'Seconden wachten voordat de aanvraag opnieuw mag', schema: { type: 'integer', minimum: 1 } } };

/** components.responses: the answers that operations share, by name. */
export const GEDEELDE_ANTWOORDEN: Record<string, Json> = {
  Ongeldig: probleem('Ongeldige aanvraag: invalidParams noemt elk fout veld (alle tegelijk)'),
  NietGeauthenticeerd: probleem('Geen geldig client-certificaat of token'),
  MethodeNietToegestaan: probleem('Deze methode bestaat niet op dit pad', { Allow: { description: 'De methoden die er wel zijn', schema: { type: 'string', examples: ['GET, HEAD'] } } }),
  TeGroot: probleem('De body is groter dan deze operatie aanneemt'),
  MediatypeNietOndersteund: probleem('Een ander Content-Type dan deze operatie aanneemt, of een tekenset anders dan UTF-8'),
  TeVeelVerzoeken: probleem('Te veel verzoeken (per adres, per token of certificaat, of na herhaald mislukt aanmelden)', retryAfter),
  InterneFout: probleem('Interne fout; detail noemt de referentie'),
  TijdelijkNietBeschikbaar: probleem('De database was even niet bereikbaar; stuur de aanvraag ongewijzigd opnieuw (idempotent)', retryAfter),
};

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

/**
 * Adds to one operation every error answer it gives: its own (`x-fouten`, then removed) and those any
 * operation gives — 400, 401 unless public, 405, 429, 500, 503, and 413/415 when it takes a body.
 */
export function voegFoutenToe(op: Json): void {
  const eigen: Fouten = op['x-fouten'] ?? {};
  delete op['x-fouten'];
  const publiek = Array.isArray(op.security) && op.security.length === 0;
  const antwoorden: Record<string, Json> = {
    400: ref('Ongeldig'),
    ...(publiek ? {} : { 401: ref('NietGeauthenticeerd') }),
    ...Object.fromEntries(Object.entries(eigen).map(([code, reden]) => [code, probleem(reden)])),
    405: ref('MethodeNietToegestaan'),
    ...(op.requestBody ? { 413: ref('TeGroot'), 415: ref('MediatypeNietOndersteund') } : {}),
    429: ref('TeVeelVerzoeken'),
    500: ref('InterneFout'),
    503: ref('TijdelijkNietBeschikbaar'),
  };
  for (const [code, antwoord] of Object.entries(antwoorden)) op.responses[code] ??= antwoord;
}
