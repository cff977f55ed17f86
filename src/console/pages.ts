import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';

/** A page route is public for the API's token check (a browser has no API token); its plugin's own hook guards it. */
export const OPENBAAR_VOOR_API = { config: { public: true } } as const;

const require = createRequire(import.meta.url);
const pakketMap = (pkg: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'dist');

/**
 * The three style sheets the pages use (NL Design System components and tokens, and the console's
 * own layout), read once at start and served with an hour's caching; nothing else under /static. The Centraal
 * Aanmelden portal and the instelling pages register the same sheets under their own prefix.
 */
export async function registerStijlbladen(s: FastifyInstance) {
  const bladen: Record<string, string> = {
    '/static/utrecht/index.css': path.join(pakketMap('@utrecht/component-library-css'), 'index.css'),
    '/static/tokens/index.css': path.join(pakketMap('@utrecht/design-tokens'), 'index.css'),
    '/static/console/console.css': path.join(path.dirname(fileURLToPath(import.meta.url)), 'static', 'console.css'),
  };
  for (const [url, bestand] of Object.entries(bladen)) {
    const css = await readFile(bestand, 'utf8');
    s.get(url, OPENBAAR_VOOR_API, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css));
  }
}

/**
 * What every server-rendered set of pages needs, in its own plugin scope: kept out of the API's OpenAPI
 * document, cookies and forms read, the style sheets served, and the same security headers on every
 * answer (a strict CSP with no scripts, nosniff, same-origin referrers). The beheer console, the student
 * portal and the instellingen's pages each start with it, before their own session hook.
 */
export async function registerPageBasics(s: FastifyInstance): Promise<void> {
  s.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await s.register(fastifyCookie);
  await s.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await registerStijlbladen(s);
  s.addHook('onRequest', async (_req, reply) => {
    reply.header('content-security-policy', "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });
}
