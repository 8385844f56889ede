import { defineConfig } from 'vitest/config';

// One test command for the whole workspace. Test files of a project share one worker process
// (isolate: false), so the embedded PGlite database is opened once per process, not once per file.
const common = { testTimeout: 30_000, hookTimeout: 120_000, pool: 'forks' as const, isolate: false };

export default defineConfig({
  test: {
    // With DATABASE_URL set, each run works in a fresh database (see the file).
    globalSetup: ['./tests/helpers/global-setup.ts'],
    projects: [
      { test: { ...common, name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      { test: { ...common, name: 'server', root: './server', include: ['src/**/*.test.ts'] } },
      {
        test: {
          ...common,
          name: 'tests',
          root: './tests',
          include: ['integration/**/*.test.ts', 'bench/**/*.test.ts'],
        },
      },
      {
        // Browser tests drive Debian's Chromium; one file at a time keeps the 2-core machine responsive.
        test: { ...common, name: 'e2e', root: './tests', include: ['e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000 },
      },
    ],
  },
});
