import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isTransientDbError } from '../db/errors.ts';
import { VvaError, type InvalidParam } from '../shared/errors.ts';
import { fieldPath } from '../shared/validation.ts';

export const PROBLEM_TYPE_BASE = 'urn:nl:vva:probleem:';

/** Zod issue path → the field name a client recognises: `berichten[2].pgn` (query: `query.limit`). */
export function fieldName(location: string, path: ReadonlyArray<PropertyKey>): string {
  const name = fieldPath(path, location === 'body' ? '' : location);
  return name === '' ? location : name;
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: { keys?: string[] };
}

/** fastify-type-provider-zod reports each zod issue with a JSON-pointer path (`/berichten/2/pgn`). */
function invalidParamsOf(err: { validation: ValidationIssue[]; validationContext?: string }): InvalidParam[] {
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
  return params;
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
    const fe = err as FastifyError;
    const status = fe.statusCode ?? 400;
    const title = status === 415 ? 'Niet-ondersteund mediatype' : status === 413 ? 'Aanvraag te groot' : 'Ongeldige aanvraag';
    problem = new VvaError(status, fe.code?.toLowerCase().replace(/^fst_err_/, '') ?? 'ongeldige-aanvraag', title, fe.message);
  } else {
    req.log.error({ err }, 'unhandled error');
    problem = new VvaError(500, 'interne-fout', 'Interne fout', `Er ging iets mis in de hub. Referentie: ${req.id}`);
  }
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

function isFastifyClientError(err: unknown): boolean {
  const status = (err as FastifyError | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
