// Loaded with `--import` into a process that must run compiled JavaScript only: it fails as soon as
// anything resolves tsx or a TypeScript file (test/dist.test.ts starts the production build with it).
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.includes('/node_modules/tsx/') || /\\.[cm]?ts$/.test(new URL(r.url).pathname)) throw new Error('TypeScript at run time: ' + r.url);
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
