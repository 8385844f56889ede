/**
 * The load generator: N forked worker processes (worker.ts), each hosting a share of the clients.
 * Clients are dealt round-robin, so one document's clients are spread over all workers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientSpec, FromWorker, ObserverResult, ToWorker, WorkerLoad } from './messages.ts';
import type { Protocol } from './target.ts';
import { summarize, sleep } from './stats.ts';
import { nowMs } from './wire.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** A run whose generator processes were busier than this is not valid (the generator was the bottleneck). */
export const MAX_GENERATOR_ELU = 0.7;

export interface LoadSummary {
  workers: number;
  maxElu: number;
  maxDelayP99: number;
  perWorker: WorkerLoad[];
  valid: boolean;
}

export function summarizeLoad(loads: WorkerLoad[]): LoadSummary {
  const maxElu = Math.max(...loads.map((l) => l.elu));
  return {
    workers: loads.length,
    maxElu,
    maxDelayP99: Math.max(...loads.map((l) => l.delayP99)),
    perWorker: loads,
    valid: maxElu <= MAX_GENERATOR_ELU,
  };
}

export interface RunResult {
  latency: ReturnType<typeof summarize>;
  ack: ReturnType<typeof summarize>;
  sent: number;
  expected: number;
  received: number;
  undelivered: number;
  duplicates: number;
  observersClosed: number;
  /** Mean awareness frames received per observer during the run. */
  awarenessPerObserver: number;
  load: LoadSummary;
}

export class Generator {
  private constructor(private readonly workers: ChildProcess[]) {}

  static async start(n: number): Promise<Generator> {
    const workers = await Promise.all(
      Array.from({ length: n }, async () => {
        const w = fork(path.join(here, 'worker.ts'), [], {
          execArgv: ['--import', 'tsx'],
          serialization: 'advanced',
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        await nextMessage(w, 'hello', 60_000);
        return w;
      }),
    );
    return new Generator(workers);
  }

  get pids() {
    return this.workers.map((w) => w.pid!);
  }

  /** Deals the clients to the workers and connects them; with `openAt`, all start at that instant. */
  async setup(
    protocol: Protocol,
    clients: ClientSpec[],
    opts: { concurrency?: number; timeoutMs?: number; openAt?: number } = {},
  ) {
    const shares: ClientSpec[][] = this.workers.map(() => []);
    clients.forEach((c, i) => {
      shares[i % shares.length].push(c);
    });
    const replies = await Promise.all(
      this.workers.map((w, i) => {
        post(w, {
          type: 'setup',
          protocol,
          clients: shares[i],
          concurrency: opts.concurrency ?? 20,
          timeoutMs: opts.timeoutMs ?? 60_000,
          openAt: opts.openAt,
        });
        return nextMessage(w, 'ready', (opts.timeoutMs ?? 60_000) + 30_000);
      }),
    );
    return {
      errors: replies.flatMap((r) => r.errors),
      syncMs: replies.flatMap((r) => r.syncMs),
      syncBytes: replies.flatMap((r) => r.syncBytes),
      load: replies[0].load ? summarizeLoad(replies.map((r) => r.load!)) : undefined,
    };
  }

  /** Edits and awareness for `durationMs` (starting together in every worker), then waits `drainMs` and collects. */
  async run(opts: {
    durationMs: number;
    editsPerSec: number;
    awarenessHz: number;
    drainMs: number;
    maxDrainMs?: number;
    onStarted?: () => void;
  }): Promise<RunResult> {
    const at = nowMs() + 300;
    for (const w of this.workers)
      post(w, { type: 'start', at, durationMs: opts.durationMs, editsPerSec: opts.editsPerSec, awarenessHz: opts.awarenessHz });
    opts.onStarted?.();
    await sleep(at - nowMs() + opts.durationMs + 200);
    // Drain: wait while edits are still arriving (at least `drainMs`, at most `maxDrainMs`); what has
    // not arrived by then counts as undelivered, and everything that did arrive counts in the latency.
    const drainStart = nowMs();
    let last = -1;
    let stableSince = nowMs();
    for (;;) {
      await sleep(250);
      const progress = await Promise.all(
        this.workers.map((w) => {
          post(w, { type: 'progress' });
          return nextMessage(w, 'progress', 30_000);
        }),
      );
      const received = progress.reduce((n, p) => n + p.received, 0);
      if (received !== last) {
        last = received;
        stableSince = nowMs();
      }
      const elapsed = nowMs() - drainStart;
      if (elapsed >= (opts.maxDrainMs ?? 15_000)) break;
      if (elapsed >= opts.drainMs && nowMs() - stableSince >= 1500) break;
    }
    const results = await Promise.all(
      this.workers.map((w) => {
        post(w, { type: 'finish' });
        return nextMessage(w, 'result', 60_000);
      }),
    );
    const lat = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
    let off = 0;
    for (const r of results) {
      lat.set(r.latencies, off);
      off += r.latencies.length;
    }
    const writers = results.flatMap((r) => r.writers);
    const observers: ObserverResult[] = results.flatMap((r) => r.observers);
    const sentByDoc = new Map<string, number>();
    const sentById = new Map<string, number>();
    for (const w of writers) {
      sentByDoc.set(w.doc, (sentByDoc.get(w.doc) ?? 0) + w.sent);
      sentById.set(w.id, w.sent);
    }
    let expected = 0;
    let received = 0;
    let undelivered = 0;
    for (const o of observers) {
      const exp = (sentByDoc.get(o.doc) ?? 0) - (sentById.get(o.id) ?? 0);
      expected += exp;
      received += o.received;
      undelivered += Math.max(0, exp - o.received);
    }
    return {
      latency: summarize(lat),
      ack: summarize(results.flatMap((r) => Array.from(r.ackLatencies))),
      sent: writers.reduce((n, w) => n + w.sent, 0),
      expected,
      received,
      undelivered,
      duplicates: observers.reduce((n, o) => n + o.duplicates, 0),
      observersClosed: observers.filter((o) => o.closed).length,
      awarenessPerObserver: observers.reduce((n, o) => n + o.awareness, 0) / Math.max(1, observers.length),
      load: summarizeLoad(results.map((r) => r.load)),
    };
  }

  async close() {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null) return resolve();
            const t = setTimeout(() => w.kill('SIGKILL'), 10_000);
            w.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            post(w, { type: 'close' });
          }),
      ),
    );
  }
}

function post(w: ChildProcess, m: ToWorker) {
  w.send(m);
}

function nextMessage<T extends FromWorker['type']>(
  w: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`generator worker ${w.pid}: no '${type}' in ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: FromWorker) => {
      if (m.type === 'error') {
        cleanup();
        reject(new Error(`generator worker ${w.pid}: ${m.message}`));
      } else if (m.type === type) {
        cleanup();
        resolve(m as Extract<FromWorker, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`generator worker ${w.pid} exited (${code}) while waiting for '${type}'`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.once('exit', onExit);
  });
}
