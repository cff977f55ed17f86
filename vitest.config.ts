import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'clients/*/test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Two cores on the project's machines; each test file gets its own database copy.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    // On the PostgreSQL run, a commit does not wait for its WAL to reach the disk: the server is never
    // crashed by a test (a killed hub or a cut connection loses nothing committed either way), and the
    // run is faster (the upload fuzz: 120 s → 76 s on a loaded machine). Production keeps the default.
    env: { PGOPTIONS: process.env.PGOPTIONS ?? '-c synchronous_commit=off' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
