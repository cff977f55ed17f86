#!/usr/bin/env node
// Production (NODE_ENV=production) runs the compiled JavaScript in dist/ (`npm run build`): no tsx and no
// compiling at run time. Everywhere else the TypeScript sources run through tsx, so a fresh clone needs no
// build step and a test never runs a stale build; an install without dev dependencies (no tsx) runs dist/.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const hasTsx = (() => {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
})();

if (process.env.NODE_ENV === 'production' || !hasTsx) {
  if (!existsSync(compiled)) {
    console.error('vva: dist/ ontbreekt; bouw eerst met `npm run build` (productie draait de gecompileerde JavaScript).');
    process.exit(2);
  }
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
