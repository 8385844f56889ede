/**
 * Which real backends this test run uses. `pnpm test` runs on the embedded default (PGlite, in-process
 * bus); `.ci/run`'s second pass sets DATABASE_URL and REDIS_URL and the same suites run on PostgreSQL
 * and Redis.
 *
 * Under `CI=true` nothing a suite needs may be missing: a missing Chromium, an unreachable PostgreSQL or
 * Redis fails the run (see global-setup.ts and browser.ts) instead of skipping.
 */
export const DATABASE_URL = process.env.DATABASE_URL || undefined;
export const REDIS_URL = process.env.REDIS_URL || undefined;
export const dbKind: 'pglite' | 'postgres' = DATABASE_URL ? 'postgres' : 'pglite';
export const busKind: 'memory' | 'redis' = REDIS_URL ? 'redis' : 'memory';
/** A CI run: every suite must run; what would be skipped on a newcomer's machine fails instead. */
export const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

const noted = new Set<string>();

/**
 * Whether a suite that needs `what` may run. Available: true. Missing on a newcomer's machine: false,
 * with a visible note (the suite is reported as skipped). Missing under CI=true: throws, so the file
 * fails with the reason instead of skipping quietly.
 */
export function needs(available: boolean, what: string, hint: string): boolean {
  if (available) return true;
  if (CI) throw new Error(`CI=true but ${what} is missing: ${hint}`);
  if (!noted.has(what)) {
    noted.add(what);
    console.warn(`\n[skipped] ${what} is missing, so the suites that need it are skipped (${hint}). Under CI=true this fails.\n`);
  }
  return false;
}
