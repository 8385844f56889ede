/**
 * S7 two instances (ours, PostgreSQL + Redis): S1 on one instance, and S1 with the writers on
 * instance A and every observer on instance B, so every measured delivery crosses Redis. Both runs
 * use the same backends; the ratio is cross-instance p99 over single-instance p99.
 */
import { freshDatabase, REDIS_URL } from '../lib/backends.ts';
import { runFanout, type FanoutOptions } from './s1-fanout.ts';
import type { RunRow } from './types.ts';

export async function runTwoInstances(o: FanoutOptions, round = 1): Promise<RunRow[]> {
  const fresh = await freshDatabase();
  try {
    const env = { DATABASE_URL: fresh.url, REDIS_URL };
    const single = () => runFanout('ours', { ...o, env, instances: 1 }, 'S7', 'single instance', round);
    const cross = () =>
      runFanout('ours', { ...o, env, instances: 2, crossOnly: true }, 'S7', 'two instances (writers A, observers B)', round);
    // Alternate which goes first from round to round.
    if (round % 2) return [await single(), await cross()];
    const c = await cross();
    return [await single(), c];
  } finally {
    await fresh.drop();
  }
}
