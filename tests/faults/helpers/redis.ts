import { expect } from 'vitest';
import * as Y from 'yjs';
import { MemoryPubSub } from '@planner/server';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { connectDoc, type DocClient } from '../../helpers/yjs.ts';

import { startPrivateRedis, type PrivateRedis } from '../../helpers/private-redis.ts';
import { createWorld, type World } from '../../integration/accounts/fixtures.ts';

export { startPrivateRedis, type PrivateRedis } from '../../helpers/private-redis.ts';

/** Two instances on one private redis-server, with the accounts world seeded through the first. */
export interface RedisPair {
  redis: PrivateRedis;
  a: TestServer;
  b: TestServer;
  world: World;
  close(): Promise<void>;
}

export async function startRedisPair(): Promise<RedisPair> {
  const redis = await startPrivateRedis();
  const pair = await startInstancePair({ REDIS_URL: redis.url });
  return {
    ...pair,
    redis,
    async close() {
      await pair.close();
      await redis.close();
    },
  };
}

/**
 * Two instances with this Redis setting (e.g. REDIS_SENTINELS or REDIS_CLUSTER_NODES; the run's
 * REDIS_URL is left out unless given), with the accounts world seeded through the first.
 */
export async function startInstancePair(redisEnv: Record<string, string>) {
  const env = { REDIS_URL: undefined, ...redisEnv, LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'fatal' };
  const a = await startServer({ env });
  const b = await startServer({ env });
  const world = await createWorld(a);
  return {
    a,
    b,
    world,
    async close() {
      await Promise.allSettled([a.close(), b.close()]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The edit kit of the Redis fault scenarios: stock y-websocket clients (with the server's "saved"
// acknowledgements) writing numbered edits into one array of the plan document, and the counts.

export const EDITS = 'faultEdits';

/** One stock client writing numbered edits `<name>:<n>`; `acked()` lists the ones the server saved. */
export class EditWriter {
  readonly client: DocClient;
  /** Per edit: its number, when it was made, and the client's clock after it. */
  readonly sent: { n: number; at: number; clock: number }[] = [];
  closedAt = 0;
  closeCode = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly name: string,
    wsUrl: string,
    planId: string,
    token: string,
  ) {
    this.client = connectDoc(wsUrl, planId, { token, ack: true, maxBackoffTime: 500 });
    this.client.provider.on('connection-close', (event: { code?: number } | null) => {
      if (!this.closedAt) {
        this.closedAt = Date.now();
        this.closeCode = event?.code ?? 0;
      }
    });
  }

  get doc(): Y.Doc {
    return this.client.doc;
  }

  edit(): void {
    const n = this.sent.length;
    this.doc.getArray<string>(EDITS).push([`${this.name}:${n}`]);
    const clock = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
    this.sent.push({ n, at: Date.now(), clock });
  }

  start(everyMs = 50): void {
    this.stop();
    this.timer = setInterval(() => this.edit(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The edits the server acknowledged as saved. */
  acked(): string[] {
    const through = this.client.saved.clock;
    return this.sent.filter((e) => e.clock <= through).map((e) => `${this.name}:${e.n}`);
  }

  all(): string[] {
    return this.sent.map((e) => `${this.name}:${e.n}`);
  }

  close(): void {
    this.stop();
    this.client.close();
  }
}

/** The numbered edits in a document (or a document state). */
export function editsIn(doc: Y.Doc | Uint8Array): Set<string> {
  let d: Y.Doc;
  if (doc instanceof Uint8Array) {
    d = new Y.Doc();
    Y.applyUpdate(d, doc);
  } else d = doc;
  return new Set(d.getArray<string>(EDITS).toArray());
}

export const missing = (wanted: Iterable<string>, have: Set<string>): string[] => [...wanted].filter((e) => !have.has(e));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The document state of the plan as an instance holds it. */
export const instanceEdits = async (server: TestServer, planId: string) => editsIn(await server.app.sync.getDocState(planId));

/** What the database holds: a fresh instance (a restart) on the same database loads the document. */
export async function databaseEdits(planId: string): Promise<Set<string>> {
  const fresh = await startServer({ bus: new MemoryPubSub() });
  try {
    return await instanceEdits(fresh, planId);
  } finally {
    await fresh.close();
  }
}

export interface OutageScenario {
  name: string;
  /** `stop` begins the outage, `start` ends it (and resolves once Redis is back: recovery). */
  redis: Pick<PrivateRedis, 'stop' | 'start'>;
  /** What the figures line calls the outage; default `redis down <outageMs> ms`. */
  outage?: string;
  servers: [TestServer, TestServer];
  planId: string;
  /** One writer token per client; clients alternate between the two instances. */
  tokens: string[];
  outageMs: number;
  /** Edits stop this long into the outage (and do not resume); default: edits run throughout. */
  stopEditsAfterMs?: number;
}

/**
 * Stock clients on both instances write numbered edits; Redis is killed for `outageMs` and started
 * again. Asserts every acknowledged edit is in every client, both instances and the database, and that
 * everything converged within 10 s of recovery. Prints one line of figures.
 */
export async function runOutageScenario(s: OutageScenario) {
  const writers = s.tokens.map((t, i) => new EditWriter(`${s.name}-c${i}`, s.servers[i % 2].wsUrl, s.planId, t));
  try {
    await Promise.all(writers.map((w) => w.client.synced));
    for (const w of writers) w.start(50);
    await sleep(2000);
    await s.redis.stop();
    const downAt = Date.now();
    if (s.stopEditsAfterMs !== undefined) {
      await sleep(s.stopEditsAfterMs);
      for (const w of writers) w.stop();
    }
    await sleep(s.outageMs - (Date.now() - downAt));
    await s.redis.start();
    const recoveredAt = Date.now();
    if (s.stopEditsAfterMs === undefined) {
      await sleep(2000);
      for (const w of writers) w.stop();
    }
    const everything = writers.flatMap((w) => w.all());
    const converged = async () => {
      for (const w of writers) if (missing(everything, editsIn(w.doc)).length) return false;
      for (const server of s.servers) if (missing(everything, await instanceEdits(server, s.planId)).length) return false;
      return true;
    };
    await expect.poll(converged, { timeout: 10_000 - (Date.now() - recoveredAt), interval: 100 }).toBe(true);
    const convergenceMs = Date.now() - recoveredAt;
    // Let the last acknowledgements arrive, then count everywhere.
    await expect.poll(() => writers.every((w) => w.acked().length === w.all().length), { timeout: 5000 }).toBe(true);
    const acked = writers.flatMap((w) => w.acked());
    const inDb = await databaseEdits(s.planId);
    // Only this scenario's edits (the plan may hold earlier scenarios' too).
    const ours = (set: Set<string>) => [...set].filter((e) => e.startsWith(`${s.name}-`)).length;
    const counts = {
      clients: writers.map((w) => ours(editsIn(w.doc))),
      instances: await Promise.all(s.servers.map(async (srv) => ours(await instanceEdits(srv, s.planId)))),
      database: ours(inDb),
    };
    console.log(
      `[fault ${s.name}] ${s.outage ?? `redis down ${s.outageMs} ms`}: edits sent ${everything.length}, acknowledged ${acked.length}, ` +
        `found: clients ${counts.clients.join('/')}, instances ${counts.instances.join('/')}, database ${counts.database}; ` +
        `converged ${convergenceMs} ms after recovery`,
    );
    expect(missing(acked, inDb)).toEqual([]);
    for (const w of writers) expect(missing(acked, editsIn(w.doc))).toEqual([]);
    expect(convergenceMs).toBeLessThanOrEqual(10_000);
    return { sent: everything.length, acked: acked.length, convergenceMs, counts };
  } finally {
    for (const w of writers) w.close();
  }
}
