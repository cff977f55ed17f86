// The verification worker from the TypeScript sources (tests, a clone without a build): a worker
// thread does not inherit the main thread's tsx hooks, so it registers them itself, as bin/vva.mjs
// does. The build runs dist/audit/verify-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker.ts');
