import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isTransientDbError } from '../db/errors.ts';
import { VvaError, type InvalidParam } from '../shared/errors.ts';
import { eenPerVeld, fieldPath } from '../shared/validation.ts';

export const PROBLEM_TYPE_BASE = 'urn:nl:vva:probleem:';

/**
 * Zod issue path → the field name a client recognises: `berichten[2].pgn`, `limit`. No `querystring.`
 * prefix: that is Fastify's word, the client only knows the parameter (the API's own parameter names
 * do not clash between path, query and body).
 */
export function fieldName(location: string, path: ReadonlyArray<PropertyKey>): string {
  const name = fieldPath(path);
  return name === '' ? (location === 'querystring' ? 'query' : location) : name;
}

export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: { keys?: string[] };
}

/** fastify-type-provider-zod reports each zod issue with a JSON-pointer path (`/berichten/2/pgn`). */
export function invalidParamsOf(err: { validation: ValidationIssue[]; validationContext?: string }): InvalidParam[] {
  const location = err.validationContext ?? 'body';
  const params: InvalidParam[] = [];
  for (const v of err.validation) {
    const path = v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (v.keyword === 'unrecognized_keys' && v.params?.keys) {
      // Data minimisation: a field the law does not allow is an error, named one by one.
      for (const key of v.params.keys) params.push({ name: fieldName(location, [...path, key]), reason: 'onbekend veld', code: 'onbekend-veld' });
    } else {
      params.push({ name: fieldName(location, path), reason: v.message ?? v.keyword, code: v.keyword });
    }
  }
  return eenPerVeld(params);
}

/** The one mapping from any thrown error to an RFC 9457 problem+json response. */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  let problem: VvaError;
  if (err instanceof VvaError) {
    problem = err;
  } else if (hasZodFastifySchemaValidationErrors(err)) {
    problem = VvaError.invalid(invalidParamsOf(err as unknown as { validation: ValidationIssue[]; validationContext?: string }));
  } else if (isTransientDbError(err)) {
    // Its transaction failed as a whole (or committed just before the loss): a resend is safe, berichtIds make it idempotent.
    req.log.warn({ code: (err as { code?: string }).code }, 'database connection lost during request');
    problem = VvaError.unavailable('De verbinding met de database viel weg; stuur de aanvraag ongewijzigd opnieuw (een bericht dat toch al verwerkt was, krijgt dan DUPLICAAT).');
  } else if (isFastifyClientError(err)) {
    problem = fastifyProblem(err as FastifyError);
  } else {
    req.log.error({ err }, 'unhandled error');
    problem = new VvaError(500, 'interne-fout', 'Interne fout', `Er ging iets mis in de hub. Referentie: ${req.id}`);
  }
  // RFC 9110 §11.6.1: a 401 says how to authenticate (mutual TLS is the other way, it has no scheme);
  // RFC 6750 §3.1: `invalid_token` only when a token was sent.
  if (problem.status === 401) reply.header('WWW-Authenticate', `Bearer realm="vva"${req.headers.authorization ? ', error="invalid_token"' : ''}`);
  if (problem.retryAfterSeconds !== undefined) reply.header('Retry-After', String(problem.retryAfterSeconds));
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send({
      type: PROBLEM_TYPE_BASE + problem.code,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: `urn:uuid:${req.id}`,
      ...(problem.invalidParams ? { invalidParams: problem.invalidParams } : {}),
    });
}

/**
 * Fastify's own client errors in the hub's words: a type in the hub's namespace (never a framework code
 * such as `ctp_invalid_media_type`, which would change with the framework) and a Dutch text.
 */
const FASTIFY_ERRORS: Record<string, [code: string, title: string, detail: string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['niet-ondersteund-mediatype', 'Niet-ondersteund mediatype', 'Dit mediatype wordt hier niet aangenomen; stuur application/json (UTF-8).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['ongeldige-aanvraag', 'Ongeldige aanvraag', 'Content-Length klopt niet met de inhoud.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['ongeldige-json', 'Ongeldige JSON', 'De inhoud is leeg terwijl Content-Type application/json is.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['ongeldige-json', 'Ongeldige JSON', 'De inhoud is geen geldige JSON.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['te-groot', 'Aanvraag te groot', 'De inhoud is groter dan deze aanvraag toestaat.'],
};

function fastifyProblem(fe: FastifyError): VvaError {
  const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
  if (known) return new VvaError(fe.statusCode ?? 400, known[0], known[1], known[2]);
  const status = fe.statusCode ?? 400;
  return status === 413 ? new VvaError(413, 'te-groot', 'Aanvraag te groot', 'De aanvraag is te groot.')
    : new VvaError(status, 'ongeldige-aanvraag', 'Ongeldige aanvraag', 'De aanvraag kan niet worden gelezen.');
}

function isFastifyClientError(err: unknown): boolean {
  const status = (err as FastifyError | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
