import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'clients/*/test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Two cores on the project's machines; each test file gets its own database copy.
    maxWorkers: 2,
    // A worker imports the app once, not once per file: every file built the same module graph again
    // (fastify, zod's schemas, oidc-provider, the pages), 65 s of a PGlite run's 379 s here and 60 s of
    // PostgreSQL's. No test depends on a module's state from another file: each builds its own hub,
    // database and clock, and none mocks a module (vi.mock) or changes process.env.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    // On the PostgreSQL run, a commit does not wait for its WAL to reach the disk: the server is never
    // crashed by a test (a killed hub or a cut connection loses nothing committed either way), and the
    // run is faster (the upload fuzz: 120 s → 76 s on a loaded machine). Production keeps the default.
    env: { PGOPTIONS: process.env.PGOPTIONS ?? '-c synchronous_commit=off' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
