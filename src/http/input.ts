import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { VvaError, type InvalidParam } from '../shared/errors.ts';
import { badUtf8, firstBadUtf8Line } from '../shared/utf8.ts';
import { invalidParamsOf, type ValidationIssue } from './problem.ts';

// In Fastify's own order of validation: it stops at the first invalid part, the later ones stay unread.
const PARTS = ['params', 'body', 'querystring', 'headers'] as const;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/** Every problem of a request in one answer: each input part, and whether the caller may do this at all. */
async function allInputProblems(req: FastifyRequest): Promise<InvalidParam[]> {
  const params: InvalidParam[] = [];
  const input = { params: req.params, querystring: req.query, body: req.body, headers: req.headers };
  const first = PARTS.indexOf((req.validationError as { validationContext?: (typeof PARTS)[number] }).validationContext ?? 'params');
  // The parts before the failing one passed (and hold their parsed values now): only it and those after it are checked.
  for (const part of PARTS.slice(Math.max(first, 0))) {
    let validate = req.getValidationFunction(part) as unknown;
    if (validate && typeof validate === 'object') validate = (validate as Record<string, unknown>)[req.mediaType ?? ''];
    if (typeof validate !== 'function') continue;
    const result = (await validate(input[part])) as { error?: ValidationIssue[] };
    if (Array.isArray(result?.error)) params.push(...invalidParamsOf({ validation: result.error, validationContext: part }));
  }
  return params;
}

/**
 * Fastify stops at the first invalid part and before the handler, where authorisation is decided.
 * Here each route validates into `req.validationError` instead; its handler then runs with its input
 * fenced off: a `requireSoort` (or any check on the actor alone) still refuses with 403, now with the
 * field problems beside it; the first touch of the input ends the run with every field problem.
 */
function withAllProblems(handler: RouteHandlerMethod): RouteHandlerMethod {
  return async function (this: FastifyInstance, req, reply) {
    if (!req.validationError) return handler.call(this, req, reply);
    const problems = await allInputProblems(req);
    const invalid = VvaError.invalid(problems);
    const saved = { body: req.body, query: req.query, params: req.params };
    for (const key of Object.keys(saved)) Object.defineProperty(req, key, { configurable: true, get: () => { throw invalid; } });
    try {
      await handler.call(this, req, reply);
    } catch (err) {
      if (err instanceof VvaError && err.status === 403) {
        throw new VvaError(403, err.code, err.title, `${err.detail ?? err.title} Daarnaast bevat de aanvraag ongeldige velden.`, problems);
      }
      throw err;
    } finally {
      for (const [key, value] of Object.entries(saved)) Object.defineProperty(req, key, { configurable: true, writable: true, enumerable: true, value });
    }
    throw invalid;
  };
}

/**
 * Input rules for every API route: all problems at once, UTF-8 bodies, JSON where a body is
 * expected (415 otherwise), and 405 with `Allow` for a path that exists under another method.
 * Registered before the routes: its onRoute hook sees each of them.
 */
export function registerInputRules(app: FastifyInstance) {
  const router = FindMyWay();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && !router.hasRoute(method as HTTPMethod, route.url)) router.on(method as HTTPMethod, route.url, () => undefined);
    }
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema || !PARTS.some((p) => schema[p])) return;
    route.attachValidation = true;
    route.handler = withAllProblems(route.handler);
    if (schema.body && route.url.startsWith('/api/')) {
      // Any other body (text/plain, form data) would reach the schema as a string: say what is wrong instead.
      const previous = [route.preValidation ?? []].flat();
      route.preValidation = [async (req: FastifyRequest) => {
        if (!JSON_TYPE.test(req.mediaType ?? '')) throw unsupportedMediaType(req.headers['content-type']);
      }, ...previous];
    }
  });
  app.removeContentTypeParser('application/json');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const line = firstBadUtf8Line(body as Buffer);
    if (line !== null) return done(badUtf8(line), undefined);
    const text = (body as Buffer).toString('utf8');
    parseJson(req, text, (err, value) => {
      // Fastify drops JSON.parse's message, which holds where the text stopped being JSON.
      if ((err as { code?: string } | null)?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return done(invalidJson(text), undefined);
      done(err, value);
    });
  });
  return {
    /** The methods a path is served under, for `Allow` on 405; empty when the path does not exist. */
    allowed(url: string): string[] {
      const path = url.split('?')[0]!;
      // An empty parameter (`/uploads/`) is no match: Fastify's own router answers 404 there too.
      return (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HTTPMethod[]).filter((m) => {
        const found = router.find(m, path);
        return found !== null && Object.values(found.params).every((v) => v !== '' && v !== undefined);
      });
    },
  };
}

/** Where a text stops being JSON, as line and column (JSON.parse gives a position, or the token). */
function invalidJson(text: string): VvaError {
  let waar = 'onleesbaar';
  try {
    JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const token = /^Unexpected token '(.+?)'/.exec(message)?.[1];
    if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n');
      waar = `regel ${before.length} kolom ${before.at(-1)!.length + 1}`;
    } else if (token !== undefined) {
      waar = `onverwacht teken '${token}'`;
    } else if (/end of JSON input/.test(message)) {
      waar = 'de tekst houdt midden in op';
    }
  }
  return new VvaError(400, 'ongeldige-json', 'Ongeldige JSON', `De inhoud is geen geldige JSON: ${waar}.`);
}

export function unsupportedMediaType(contentType: string | undefined): VvaError {
  return new VvaError(415, 'niet-ondersteund-mediatype', 'Niet-ondersteund mediatype',
    `Content-Type ${contentType ? `"${contentType}"` : 'ontbreekt'}; deze aanvraag neemt alleen application/json (UTF-8).`);
}
