/**
 * The common part of the fault scenarios with PostgreSQL outages and killed instances: two real app
 * instances (main.ts as child processes) on a private PostgreSQL cluster and a Redis, a demo plan with
 * two designers, stock y-websocket clients writing numbered edits, and the final count in every client,
 * both instances and the database.
 *
 * Acknowledged means what the product means by "Gespeichert": the server's saved message (`?ack=1`,
 * MESSAGE_SAVED) whose state vector covers the edit's clock, sent only after the update is committed.
 */
import { WebsocketProvider } from 'y-websocket';
import WS from 'ws';
import * as Y from 'yjs';
import { MESSAGE_SAVED, decodeSavedMessage } from '@planner/shared/sync-protocol';
import { createDemoSet, openDatabase } from '@planner/server';
import { SqlDocStore, mergeStored } from '@planner/server/sync/index';
import { spawnServer, type ServerProcess } from '../../helpers/process.ts';
import type { PrivatePostgres } from './postgres.ts';

/** The shared Redis of the machine/CI (read and written, never stopped), or the run's REDIS_URL. */
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** One app instance as its own process: main.ts with the private cluster and Redis. */
export async function startInstance(pg: PrivatePostgres, port = 0): Promise<ServerProcess> {
  return spawnServer({
    DATABASE_URL: pg.url,
    REDIS_URL,
    PORT: String(port),
    NODE_ENV: 'test',
    DEMO_DATA: 'false',
    SESSION_SECRET: 'fault-suite-secret-0123456789abcdef0123456789',
  });
}

export interface World {
  planId: string;
  /** Bearer tokens of the plan's two designers (both may write). */
  tokens: [string, string];
}

/** A demo set in the private cluster (accounts, a draft plan) and bearer tokens of its two designers. */
export async function seedWorld(pg: PrivatePostgres, instance: ServerProcess): Promise<World> {
  const db = await openDatabase({ databaseUrl: pg.url, dataDir: '/nonexistent' });
  try {
    const demo = await createDemoSet(db, { emailSuffix: Math.random().toString(36).slice(2, 10) });
    const token = async (email: string) => {
      const res = await fetch(`${instance.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: demo.password }),
      });
      if (res.status !== 201) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    };
    return { planId: demo.planId, tokens: [await token(demo.users.designer1.email), await token(demo.users.designer2.email)] };
  } finally {
    await db.close();
  }
}

/** Where a client connects: an instance, or any websocket URL (a proxy) from a chosen local address. */
export type Target = ServerProcess | { wsUrl: string; localAddress?: string };

const wsUrlOf = (t: Target) => ('wsUrl' in t ? t.wsUrl : `ws://127.0.0.1:${t.port}`);

/**
 * A stock y-websocket client that writes numbered edits (`<name>-<n>`) into the plan document's
 * `items` array and records which of them the server acknowledged as saved. `moveTo` is what a load
 * balancer does when an instance dies: the same document, a new connection to another instance.
 */
export class EditClient {
  readonly doc = new Y.Doc();
  provider!: WebsocketProvider;
  /** Every edit with the client's clock after it: the edit is saved once the saved clock reaches it. */
  readonly sent: { value: string; clock: number; at: number }[] = [];
  savedClock = 0;
  /** When each connection closed (after the first sync) and, if it came back, how long until it synced again. */
  readonly outages: { at: number; code: number; backMs?: number }[] = [];
  private n = 0;

  constructor(
    readonly name: string,
    private readonly planId: string,
    private readonly token: string,
    instance: Target,
  ) {
    this.connect(instance);
  }

  private connect(target: Target) {
    const localAddress = 'wsUrl' in target ? target.localAddress : undefined;
    // ws takes http.request's options: a client bound to its own loopback address, as a distinct
    // client to the proxy's ip_hash (which keys on the first three octets).
    const Polyfill = localAddress
      ? class BoundWS extends WS {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { localAddress });
          }
        }
      : WS;
    this.provider = new WebsocketProvider(`${wsUrlOf(target)}/yjs`, this.planId, this.doc, {
      WebSocketPolyfill: Polyfill as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token: this.token, ack: '1' },
      maxBackoffTime: 500,
    });
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const msg = decodeSavedMessage(decoder.arr.subarray(0));
      const clock = msg?.stateVector.get(this.doc.clientID) ?? 0;
      if (clock > this.savedClock) this.savedClock = clock;
    };
    const provider = this.provider;
    let wasSynced = false;
    provider.on('connection-close', (event: { code?: number } | null) => {
      if (provider !== this.provider || !wasSynced) return;
      const last = this.outages.at(-1);
      if (!last || last.backMs !== undefined) this.outages.push({ at: Date.now(), code: event?.code ?? 0 });
    });
    provider.on('sync', (synced: boolean) => {
      if (!synced || provider !== this.provider) return;
      wasSynced = true;
      const last = this.outages.at(-1);
      if (last && last.backMs === undefined) last.backMs = Date.now() - last.at;
    });
  }

  synced(timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.provider.synced) return resolve();
      const timer = setTimeout(() => reject(new Error(`${this.name} did not sync in ${timeoutMs} ms`)), timeoutMs);
      this.provider.once('sync', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  moveTo(instance: Target) {
    this.provider.destroy();
    this.connect(instance);
  }

  edit() {
    const value = `${this.name}-${this.n++}`;
    this.doc.getArray<string>('items').push([value]);
    this.sent.push({ value, clock: Y.getState(this.doc.store, this.doc.clientID), at: Date.now() });
  }

  acknowledged(): string[] {
    return this.sent.filter((s) => s.clock <= this.savedClock).map((s) => s.value);
  }

  items(): string[] {
    return this.doc.getArray<string>('items').toArray();
  }

  close() {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** Every client edits every `everyMs` until stopped; `stoppedAt` is the time of the last edit. */
export function editing(clients: EditClient[], everyMs = 100): { stop(): void; stoppedAt: number } {
  const timer = setInterval(() => {
    for (const c of clients) c.edit();
  }, everyMs);
  const handle = {
    stoppedAt: 0,
    stop() {
      clearInterval(timer);
      handle.stoppedAt = Date.now();
    },
  };
  return handle;
}

/** Starts both instances at once (migrations take an advisory lock); kills the one that started if the other did not. */
export async function startPair(pg: PrivatePostgres): Promise<[ServerProcess, ServerProcess]> {
  const [a, b] = await Promise.allSettled([startInstance(pg), startInstance(pg)]);
  if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
  for (const r of [a, b]) if (r.status === 'fulfilled') await r.value.kill();
  throw (a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason) as Error;
}

/**
 * Polls until the live clients hold the same items, every edit they sent is acknowledged, and every
 * acknowledged edit of `gone` clients is there; returns the milliseconds it took, or throws after `timeoutMs`.
 */
export async function convergence(live: EditClient[], gone: EditClient[], from: number, timeoutMs = 10_000): Promise<number> {
  const mustHave = () => [...live.flatMap((c) => c.sent.map((s) => s.value)), ...gone.flatMap((c) => c.acknowledged())];
  const converged = () => {
    const first = live[0].items();
    if (!live.every((c) => c.items().length === first.length && c.items().every((v, i) => v === first[i]))) return false;
    if (!live.every((c) => c.savedClock >= (c.sent.at(-1)?.clock ?? 0))) return false;
    const have = new Set(first);
    return mustHave().every((v) => have.has(v));
  };
  for (;;) {
    if (converged()) return Date.now() - from;
    if (Date.now() - from > timeoutMs) {
      const have = new Set(live[0].items());
      const missing = mustHave().filter((v) => !have.has(v));
      const counts = live.map((c) => `${c.name}: ${c.items().length} items, saved ${c.savedClock}/${c.sent.at(-1)?.clock ?? 0}`);
      throw new Error(
        `no convergence ${timeoutMs} ms after recovery; ${counts.join('; ')}; missing ${missing.length}: ${missing.slice(0, 10).join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * While edits go on: polls until every edit the live clients sent up to `from` is acknowledged and in
 * every live client, and every acknowledged edit of `gone` clients is too; returns the milliseconds
 * since `from`, or throws after `timeoutMs`.
 */
export async function recovery(live: EditClient[], gone: EditClient[], from: number, timeoutMs = 10_000): Promise<number> {
  const before = live.flatMap((c) => c.sent.filter((s) => s.at <= from).map((s) => ({ c, ...s })));
  const mustHave = [...before.map((s) => s.value), ...gone.flatMap((c) => c.acknowledged())];
  for (;;) {
    const acked = before.every((s) => s.clock <= s.c.savedClock);
    const everywhere = live.every((c) => {
      const have = new Set(c.items());
      return mustHave.every((v) => have.has(v));
    });
    if (acked && everywhere) return Date.now() - from;
    if (Date.now() - from > timeoutMs)
      throw new Error(`edits from before ${new Date(from).toISOString()} not everywhere after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A fresh stock client on an instance: the items that instance serves. */
export async function itemsOn(instance: ServerProcess, world: World): Promise<string[]> {
  const reader = new EditClient('reader', world.planId, world.tokens[0], instance);
  try {
    await reader.synced();
    return reader.items();
  } finally {
    reader.close();
  }
}

/** The items stored in the database (snapshot plus update log), read directly. */
export async function itemsInDatabase(pg: PrivatePostgres, planId: string): Promise<string[]> {
  const db = await openDatabase({ databaseUrl: pg.url, dataDir: '/nonexistent' });
  try {
    const stored = await new SqlDocStore(db).load(planId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, mergeStored(stored.snapshot, stored.updates));
    return doc.getArray<string>('items').toArray();
  } finally {
    await db.close();
  }
}
