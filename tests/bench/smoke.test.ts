/**
 * Smoke sizes of the benchmark's S1 (fan-out) and S3 (cold load), so the tool cannot rot: a few
 * writers and observers for a few seconds against each server, asserting that every edit was
 * delivered, never how fast. Runs on the embedded default (PGlite) or, when DATABASE_URL is set,
 * on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { TargetName } from './lib/target.ts';
import { runFanout } from './scenarios/s1-fanout.ts';
import { runColdLoad } from './scenarios/s3-cold-load.ts';

const small = { observers: 4, writers: 3, editsPerSec: 5, awarenessHz: 1, durationMs: 2000, workers: 2, drainMs: 1500 };

function expectAllDelivered(m: Record<string, number>) {
  expect(m.sent).toBe(small.writers * Math.floor((small.durationMs / 1000) * small.editsPerSec));
  expect(m.expected).toBe(m.sent * small.observers);
  expect(m.received).toBe(m.expected);
  expect(m.undelivered).toBe(0);
  expect(m.duplicates).toBe(0);
}

describe('benchmark smoke: S1 fan-out', () => {
  it('ours delivers every edit to every observer', { timeout: 120_000 }, async () => {
    const env = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {};
    const r = await runFanout('ours', { ...small, env }, 'S1', 'smoke');
    expectAllDelivered(r.metrics);
  });

  for (const peer of ['ywss', 'hocuspocus'] as TargetName[]) {
    it(`${peer} delivers every edit to every observer (the light clients speak its protocol)`, { timeout: 120_000 }, async () => {
      const r = await runFanout(peer, small, 'S1', 'smoke');
      expectAllDelivered(r.metrics);
    });
  }
});

describe('benchmark smoke: S3 cold load', () => {
  it('ours loads a logged document, compacts it, and loads the same state again', { timeout: 180_000 }, async () => {
    const [before, after] = await runColdLoad({ updates: 2000, storage: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
    expect(before.metrics.logRows).toBe(2000);
    expect(before.metrics.syncBytes).toBeGreaterThan(1000);
    expect(after.metrics.logRows).toBe(0);
    expect(after.metrics.snapshot).toBe(1);
    expect(after.metrics.syncBytes).toBe(before.metrics.syncBytes);
  });
});
