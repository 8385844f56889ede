/**
 * A rolling restart behind the proxy (issue 21), shared by the fault suite (short) and
 * `pnpm bench --rolling` (longer): stock y-websocket clients write numbered edits through nginx, two
 * socket.io clients (websocket and polling-only) listen to the plan room, comments are posted through
 * the proxy, and the instances are restarted one after another (SIGTERM, wait for the exit, start on the
 * same port). Returns the figures; the caller asserts on them.
 *
 * - edits lost: acknowledged edits missing anywhere, and edits sent by a connected client that never
 *   arrived (every client must end with every edit, all acknowledged, and the database too);
 * - reconnect: per client and restart, from the socket's close to the next completed sync;
 * - socket.io: every comment posted must be heard live or found by the catch-up (`?since=`) that a
 *   client runs after each reconnect;
 * - HTTP errors: answers other than 2xx (or no answer) to the requests sent through the proxy, and the
 *   5xx answers nginx logged.
 */
import http from 'node:http';
import * as Y from 'yjs';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@planner/shared';
import { openDatabase } from '@planner/server';
import { SqlDocStore, mergeStored } from '@planner/server/sync/index';
import { EditClient, convergence, editing } from './edits.ts';
import { clientAddress, httpFrom, type Cluster } from './proxy-cluster.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RollingOptions {
  clients: number;
  /** Each client edits this often. */
  editEveryMs: number;
  /** Edits before the first restart. */
  warmupMs: number;
  /** After an instance is back, before the next one stops. */
  pauseMs: number;
  /** A comment through the proxy this often. */
  commentEveryMs: number;
  /** Full passes over the instances. */
  rounds: number;
  log?: (line: string) => void;
}

export interface RollingFigures {
  clients: number;
  restarts: { instance: number; code: number | null; stopMs: number; startMs: number }[];
  editsSent: number;
  editsAcknowledged: number;
  /** Acknowledged edits missing from some client or the database. */
  acknowledgedLost: number;
  /** Edits sent by a connected client missing from some client or the database at the end. */
  sentLost: number;
  convergedMs: number;
  reconnects: number;
  reconnectP50: number;
  reconnectP99: number;
  reconnectMax: number;
  /** Outages a client never came back from. */
  notBack: number;
  closeCodes: Record<string, number>;
  socketIo: { transport: string; reconnects: number; reconnectMaxMs: number }[];
  eventsPosted: number;
  eventsHeardLive: number;
  /** Posted, but neither heard nor found by the catch-up, per socket.io client. */
  eventsMissed: number;
  httpRequests: number;
  httpErrors: Record<string, number>;
  proxy5xx: number;
  /** socket.io polls nginx passed to an instance that no longer knew the session (400): reconnects. */
  proxySocketIo4xx: number;
  durationMs: number;
}

/** The nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A socket.io client through the proxy that rejoins the plan after every reconnect and catches up. */
class RoomListener {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly heard = new Set<string>();
  readonly caughtUp = new Set<string>();
  readonly reconnectMs: number[] = [];
  private cursor = 0;
  private downAt = 0;
  private connects = 0;
  private readonly agent: http.Agent;

  constructor(
    readonly transport: 'websocket' | 'polling',
    private readonly cluster: Cluster,
    private readonly address: string,
  ) {
    this.agent = new http.Agent({ localAddress: address, keepAlive: true });
    this.socket = io(cluster.nginx.url, {
      path: '/socket.io',
      transports: [transport],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      agent: this.agent as never,
      auth: { token: cluster.tokens[0] },
    });
    this.socket.on('comment:created', (c) => this.heard.add(c.id));
    this.socket.on('disconnect', () => {
      this.downAt = Date.now();
    });
    this.socket.on('connect', () => {
      this.connects++;
      void this.rejoin();
    });
  }

  joined = false;

  private async rejoin() {
    const again = this.connects > 1;
    try {
      const ack = await this.socket.timeout(5000).emitWithAck('plan:join', { planId: this.cluster.planId });
      if (!ack.ok) return;
      if (again) {
        // What happened while away: the durable record, from the cursor of the last catch-up.
        await this.catchUp();
        this.reconnectMs.push(Date.now() - this.downAt);
      }
      this.joined = true;
    } catch {
      /* the next connect tries again */
    }
  }

  async catchUp() {
    for (;;) {
      const res = await httpFrom(
        this.address,
        `${this.cluster.nginx.url}/api/plans/${this.cluster.planId}/comments?since=${this.cursor}`,
        {
          headers: { authorization: `Bearer ${this.cluster.tokens[0]}` },
        },
      );
      if (res.status !== 200) throw new Error(`catch-up: ${res.status}`);
      for (const c of res.body.items as { id: string }[]) this.caughtUp.add(c.id);
      if (res.body.cursor === this.cursor || !res.body.items.length) return;
      this.cursor = res.body.cursor;
    }
  }

  has(id: string) {
    return this.heard.has(id) || this.caughtUp.has(id);
  }

  close() {
    this.socket.close();
    this.agent.destroy();
  }
}

/** The plan's edits as the database holds them (snapshot and update log). */
async function itemsInDatabase(databaseUrl: string, planId: string): Promise<Set<string>> {
  const db = await openDatabase({ databaseUrl, dataDir: '/nonexistent' });
  try {
    const stored = await new SqlDocStore(db).load(planId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, mergeStored(stored.snapshot, stored.updates));
    return new Set(doc.getArray<string>('items').toArray());
  } finally {
    await db.close();
  }
}

export async function runRollingRestart(cluster: Cluster, databaseUrl: string, o: RollingOptions): Promise<RollingFigures> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const logFrom = cluster.nginx.accessLog().length;
  // Every stock provider adds an exit listener to the process.
  process.setMaxListeners(Math.max(process.getMaxListeners(), o.clients + 20));
  const clients = Array.from(
    { length: o.clients },
    (_, i) =>
      new EditClient(`roll${i}`, cluster.planId, cluster.tokens[i % 3], {
        wsUrl: cluster.nginx.wsUrl,
        localAddress: clientAddress(100 + i),
      }),
  );
  const listeners = [
    new RoomListener('websocket', cluster, clientAddress(200)),
    new RoomListener('polling', cluster, clientAddress(201)),
  ];
  const posted: string[] = [];
  const httpErrors: Record<string, number> = {};
  let httpRequests = 0;
  let commenting = true;
  let commentLoop: Promise<void> = Promise.resolve();
  try {
    await Promise.all(clients.map((c) => c.synced()));
    const until = Date.now() + 10_000;
    while (!listeners.every((l) => l.joined)) {
      if (Date.now() > until) throw new Error('the socket.io clients did not join the plan');
      await sleep(20);
    }
    const edits = editing(clients, o.editEveryMs);
    commentLoop = (async () => {
      let n = 0;
      while (commenting) {
        const from = clientAddress(220 + (n % 20));
        for (const req of [
          {
            method: 'POST',
            path: `/api/plans/${cluster.planId}/comments`,
            body: { body: `Kommentar ${n}`, anchor: { kind: 'plan' }, mentions: [] },
          },
          { method: 'GET', path: `/api/plans/${cluster.planId}` },
        ]) {
          httpRequests++;
          try {
            const res = await httpFrom(from, cluster.nginx.url + req.path, {
              method: req.method,
              headers: { authorization: `Bearer ${cluster.tokens[2]}` },
              body: req.body,
            });
            if (res.status >= 300) httpErrors[res.status] = (httpErrors[res.status] ?? 0) + 1;
            else if (req.method === 'POST') posted.push(res.body.id);
          } catch (err) {
            const key = (err as Error).message.slice(0, 40);
            httpErrors[key] = (httpErrors[key] ?? 0) + 1;
          }
        }
        n++;
        await sleep(o.commentEveryMs);
      }
    })();

    await sleep(o.warmupMs);
    const restarts: RollingFigures['restarts'] = [];
    for (let round = 0; round < o.rounds; round++) {
      for (let i = 0; i < cluster.instances.length; i++) {
        const r = await cluster.restart(i);
        restarts.push({ instance: i, ...r });
        log(`instance ${i + 1} restarted: exit ${r.code}, stop took ${r.stopMs} ms, start ${r.startMs} ms`);
        await sleep(o.pauseMs);
      }
    }
    const lastRestartAt = Date.now();
    edits.stop();
    commenting = false;
    await commentLoop;
    const convergedMs = await convergence(clients, [], lastRestartAt, 20_000).catch((err: Error) => {
      log(err.message);
      return -1;
    });

    // Counting: what every client holds, what was sent and acknowledged, what the database holds.
    await sleep(500);
    const sent = clients.flatMap((c) => c.sent.map((s) => s.value));
    const acknowledged = clients.flatMap((c) => c.acknowledged());
    const inDb = await itemsInDatabase(databaseUrl, cluster.planId);
    const holders = [...clients.map((c) => new Set(c.items())), inDb];
    const lostFrom = (values: string[]) => values.filter((v) => holders.some((h) => !h.has(v))).length;
    const outages = clients.flatMap((c) => c.outages);
    const back = outages.filter((o) => o.backMs !== undefined).map((o) => o.backMs!);
    const closeCodes: Record<string, number> = {};
    for (const o of outages) closeCodes[o.code] = (closeCodes[o.code] ?? 0) + 1;
    // No extra catch-up here: a client that did not reconnect by itself would find everything that way.
    // The last events only need to arrive.
    const heardBy = Date.now() + 5000;
    while (Date.now() < heardBy && !listeners.every((l) => posted.every((id) => l.has(id)))) await sleep(50);
    const proxyLines = cluster.nginx.accessLog().slice(logFrom);
    return {
      clients: o.clients,
      restarts,
      editsSent: sent.length,
      editsAcknowledged: acknowledged.length,
      acknowledgedLost: lostFrom(acknowledged),
      sentLost: lostFrom(sent),
      convergedMs,
      reconnects: back.length,
      reconnectP50: percentile(back, 50),
      reconnectP99: percentile(back, 99),
      reconnectMax: back.length ? Math.max(...back) : 0,
      notBack: outages.length - back.length,
      closeCodes,
      socketIo: listeners.map((l) => ({
        transport: l.transport,
        reconnects: l.reconnectMs.length,
        reconnectMaxMs: l.reconnectMs.length ? Math.max(...l.reconnectMs) : 0,
      })),
      eventsPosted: posted.length,
      eventsHeardLive: Math.min(...listeners.map((l) => posted.filter((id) => l.heard.has(id)).length)),
      eventsMissed: listeners.reduce((n, l) => n + posted.filter((id) => !l.has(id)).length, 0),
      httpRequests,
      httpErrors,
      proxy5xx: proxyLines.filter((l) => l.status >= 500).length,
      proxySocketIo4xx: proxyLines.filter((l) => l.uri.startsWith('/socket.io/') && l.status >= 400 && l.status < 500).length,
      durationMs: Date.now() - started,
    };
  } finally {
    commenting = false;
    await commentLoop.catch(() => {});
    for (const c of clients) c.close();
    for (const l of listeners) l.close();
  }
}

/** One line of figures. */
export function describeRolling(f: RollingFigures): string {
  const errors = Object.entries(f.httpErrors)
    .map(([k, n]) => `${k}×${n}`)
    .join(', ');
  return (
    `${f.clients} clients, ${f.restarts.length} restarts (stop ${f.restarts.map((r) => r.stopMs).join('/')} ms, start ${f.restarts
      .map((r) => r.startMs)
      .join(
        '/',
      )} ms): edits sent ${f.editsSent}, acknowledged ${f.editsAcknowledged}, lost ${f.acknowledgedLost} acknowledged / ${f.sentLost} sent; ` +
    `converged ${f.convergedMs} ms after the last restart; reconnects ${f.reconnects} (p50 ${f.reconnectP50} ms, p99 ${f.reconnectP99} ms, max ${f.reconnectMax} ms, not back ${f.notBack}; close codes ${JSON.stringify(f.closeCodes)}); ` +
    `socket.io ${f.socketIo.map((s) => `${s.transport}: ${s.reconnects} reconnects, max ${s.reconnectMaxMs} ms`).join('; ')}; ` +
    `events posted ${f.eventsPosted}, heard live ${f.eventsHeardLive}, missed after catch-up ${f.eventsMissed}; ` +
    `HTTP through the proxy: ${f.httpRequests} requests, errors ${errors || 'none'}; nginx 5xx ${f.proxy5xx}, socket.io polls refused (4xx) ${f.proxySocketIo4xx}; ${f.durationMs} ms`
  );
}
