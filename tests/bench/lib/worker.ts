/**
 * One load-generator process (forked by generator.ts). It hosts a share of the clients, drives them on
 * the parent's schedule and reports what it saw, together with its own event-loop utilisation and
 * loop delay, so that a run whose generator was the bottleneck can be marked invalid.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LightClient, ProviderWriter, type Writer } from './clients.ts';
import { SyncProbe } from './raw-client.ts';
import type { ClientSpec, FromWorker, ToWorker, WorkerLoad } from './messages.ts';
import { nowMs } from './wire.ts';

const light: LightClient[] = [];
const probes: SyncProbe[] = [];
const writers: Writer[] = [];
const all: { close(): void }[] = [];
let latencies = new Float64Array(1 << 16);
let nLat = 0;
const timers = new Set<NodeJS.Timeout>();
const acks: number[] = [];

const sink = {
  onAck(ms: number) {
    acks.push(ms);
  },
  onMarker(_observer: LightClient, _writer: string, _seq: number, sentAt: number, receivedAt: number) {
    if (nLat === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[nLat++] = receivedAt - sentAt;
  },
};

/** Event-loop load of this process between begin() and end(). */
class LoopMeter {
  private elu0 = performance.eventLoopUtilization();
  private hist = monitorEventLoopDelay({ resolution: 10 });
  begin() {
    this.elu0 = performance.eventLoopUtilization();
    this.hist.reset();
    this.hist.enable();
  }
  end(): WorkerLoad {
    this.hist.disable();
    const elu = performance.eventLoopUtilization(this.elu0).utilization;
    const ms = (ns: number) => ns / 1e6;
    return {
      elu,
      delayP50: ms(this.hist.percentile(50)),
      delayP99: ms(this.hist.percentile(99)),
      delayMax: ms(this.hist.max),
    };
  }
}
const meter = new LoopMeter();

const send = (m: FromWorker) => process.send!(m);

function later(at: number, fn: () => void) {
  const t = setTimeout(
    () => {
      timers.delete(t);
      fn();
    },
    Math.max(0, at - nowMs()),
  );
  timers.add(t);
}

async function openClients(protocol: ToWorker & { type: 'setup' }) {
  const { clients, concurrency } = protocol;
  const open = async (spec: ClientSpec) => {
    if (spec.kind === 'sync-probe') {
      const p = new SyncProbe(protocol.protocol, spec.url, spec.doc);
      all.push(p);
      probes.push(p);
      await p.connect(protocol.timeoutMs);
      return;
    }
    if (spec.kind === 'provider-writer') {
      const w = new ProviderWriter(protocol.protocol, spec.url, spec.doc, spec.id);
      all.push(w);
      writers.push(w);
      await w.connect(protocol.timeoutMs);
      return;
    }
    const c = new LightClient(
      protocol.protocol,
      spec.url,
      spec.doc,
      spec.id,
      spec.kind === 'observer' || spec.kind === 'light-writer' ? sink : null,
      spec.kind === 'light-writer',
    );
    all.push(c);
    light.push(c);
    if (spec.kind === 'light-writer') writers.push(c);
    await c.connect(protocol.timeoutMs);
  };
  let next = 0;
  const errors: string[] = [];
  const lane = async () => {
    while (next < clients.length) {
      const spec = clients[next++];
      await open(spec).catch((err: Error) => errors.push(err.message));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, lane));
  return errors;
}

process.on('message', async (m: ToWorker) => {
  try {
    if (m.type === 'setup') {
      if (m.openAt) {
        // A join storm: every client of every worker starts connecting at the same instant.
        await new Promise<void>((r) => later(m.openAt!, r));
        meter.begin();
      }
      const errors = await openClients(m);
      const load = m.openAt ? meter.end() : undefined;
      send({
        type: 'ready',
        errors,
        syncMs: [...light, ...probes].map((c) => (c.syncedAt ? c.syncedAt - c.openedAt : NaN)),
        syncBytes: [...light, ...probes].map((c) => c.syncBytes),
        load,
      });
    } else if (m.type === 'start') {
      meter.begin();
      const end = m.at + m.durationMs;
      if (m.editsPerSec > 0) {
        const period = 1000 / m.editsPerSec;
        const count = Math.floor((m.durationMs / 1000) * m.editsPerSec);
        for (const w of writers) {
          const phase = Math.random() * period;
          let k = 0;
          const step = () => {
            w.edit();
            if (++k < count) later(m.at + phase + k * period, step);
          };
          later(m.at + phase, step);
        }
      }
      if (m.awarenessHz > 0) {
        const period = 1000 / m.awarenessHz;
        const everyone: Writer[] = [...new Set<Writer>([...writers, ...light])];
        for (const c of everyone) {
          const phase = Math.random() * period;
          let k = 0;
          const step = () => {
            const at = m.at + phase + k * period;
            if (at >= end) return;
            c.setAwareness({ user: { name: c.id }, cursor: { t: Math.round(nowMs()), k } });
            k++;
            later(m.at + phase + k * period, step);
          };
          later(m.at + phase, step);
        }
      }
    } else if (m.type === 'progress') {
      send({
        type: 'progress',
        sent: writers.reduce((n, w) => n + w.sent, 0),
        received: light.reduce((n, c) => n + c.seen.size, 0),
        expected: 0,
      });
    } else if (m.type === 'finish') {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const load = meter.end();
      send({
        type: 'result',
        latencies: latencies.slice(0, nLat),
        ackLatencies: Float64Array.from(acks),
        writers: writers.map((w) => ({ id: w.id, doc: w.doc, sent: w.sent })),
        observers: light
          .filter((c) => c.syncedAt)
          .map((c) => ({
            id: c.id,
            doc: c.doc,
            received: c.seen.size,
            ownEchoes: c.ownEchoes,
            duplicates: c.duplicates,
            closed: c.closedEarly,
            awareness: c.awarenessReceived,
          })),
        load,
      });
    } else if (m.type === 'close') {
      for (const c of all) c.close();
      setTimeout(() => process.exit(0), 200);
    }
  } catch (err) {
    send({ type: 'error', message: (err as Error).stack ?? String(err) });
  }
});
send({ type: 'hello' });
