import type { FastifyError, FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

/**
 * Spec §1: no PGN (BSN) in logs. Anything nine digits long is taken for one — in a URL a client got
 * wrong, in a database error's detail or context — and the Dutch address a PostgreSQL error context
 * may quote (postcode and house number) goes too.
 */
const PGN = /(?<![0-9])[0-9]{9}(?![0-9])/g;
const POSTCODE = /(?<![0-9A-Za-z])[1-9][0-9]{3} ?[A-Z]{2}(?![A-Za-z])/g;

export function redact(text: string): string {
  return text.replace(PGN, '[pgn]').replace(POSTCODE, '[postcode]');
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)]));
}

/** Pino serializers for the hub's logger: request URLs and errors pass through `redact`. */
export const redactingSerializers = {
  // Fastify's own fields, with the URL redacted.
  req(req: FastifyRequest) {
    return { method: req.method, url: redact(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
  },
  err(err: FastifyError) {
    return redactDeep(stdSerializers.err(err)) as Record<string, unknown> & { type: string; message: string; stack: string };
  },
};
