/**
 * Which real backends this test run uses. `pnpm test` runs on the embedded default (PGlite, in-process
 * bus); `.ci/run`'s second pass sets DATABASE_URL and REDIS_URL and the same suites run on PostgreSQL
 * and Redis.
 */
export const DATABASE_URL = process.env.DATABASE_URL || undefined;
export const REDIS_URL = process.env.REDIS_URL || undefined;
export const dbKind: 'pglite' | 'postgres' = DATABASE_URL ? 'postgres' : 'pglite';
export const busKind: 'memory' | 'redis' = REDIS_URL ? 'redis' : 'memory';
