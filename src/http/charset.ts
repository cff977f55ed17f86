import type { FastifyInstance } from 'fastify';
import { VvaError } from '../shared/errors.ts';

// `charset=<name>` in a Content-Type header; the value may be quoted (RFC 9110 §8.3.1).
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;
const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * Request bodies are UTF-8 (JSON by RFC 8259, CSV by spec §11). A body labelled with another charset
 * is refused with 415 rather than read as UTF-8 and silently misread.
 */
export function registerCharsetCheck(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    const type = req.headers['content-type'];
    if (!type) return;
    const match = CHARSET.exec(type);
    const charset = (match?.[1] ?? match?.[2])?.toLowerCase();
    if (charset !== undefined && !UTF8.has(charset)) {
      throw new VvaError(415, 'niet-ondersteunde-tekenset', 'Niet-ondersteunde tekenset', `Tekenset "${charset}" wordt niet ondersteund; stuur UTF-8 (charset=utf-8).`);
    }
  });
}
