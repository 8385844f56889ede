import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// One test command for the whole workspace. Test files of a project share one worker process
// (isolate: false), so the embedded PGlite database is opened once per process, not once per file.
const common = { testTimeout: 30_000, hookTimeout: 120_000, pool: 'forks' as const, isolate: false };

// `*.integration.test.ts` files need real PostgreSQL and Redis. They run in .ci/run's second pass
// (DATABASE_URL and REDIS_URL set) and are left out of the embedded pass by this config, visibly,
// rather than collected and skipped. Under CI=true an unreachable service fails the run (global-setup).
const realServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const integration = '**/*.integration.test.ts';
if (!realServices) {
  console.warn(`[embedded pass] ${integration} left out: they need DATABASE_URL and REDIS_URL (the second pass of .ci/run).`);
}
const exclude = realServices ? configDefaults.exclude : [...configDefaults.exclude, integration];

export default defineConfig({
  test: {
    // With DATABASE_URL set, each run works in a fresh database (see the file).
    globalSetup: ['./tests/helpers/global-setup.ts'],
    projects: [
      { test: { ...common, name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      { test: { ...common, name: 'server', root: './server', include: ['src/**/*.test.ts'], exclude } },
      {
        test: {
          ...common,
          name: 'tests',
          root: './tests',
          include: ['integration/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude,
        },
      },
      {
        // The client's own unit tests (no browser): `$lib` resolved as SvelteKit does.
        resolve: { alias: { $lib: fileURLToPath(new URL('./client/src/lib', import.meta.url)) } },
        test: { ...common, name: 'client', root: './client', include: ['src/**/*.test.ts'] },
      },
      // The fault suite (tests/faults/): private PostgreSQL clusters and redis-server processes that it
      // stops and kills, with app instances on them. Needs the real-service tools, so it runs in the
      // second pass of .ci/run only; one file at a time, since each one runs its own services.
      ...(realServices
        ? [
            {
              test: {
                ...common,
                name: 'faults',
                root: './tests',
                include: ['faults/**/*.test.ts'],
                fileParallelism: false,
                testTimeout: 180_000,
              },
            },
          ]
        : []),
      {
        // Browser tests drive Debian's Chromium; one file at a time keeps the 2-core machine responsive.
        test: {
          ...common,
          name: 'e2e',
          root: './tests',
          include: ['e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          // A page on a busy 2-core machine can take longer than expect.poll's default second to render.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
