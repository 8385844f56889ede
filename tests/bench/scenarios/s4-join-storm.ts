/**
 * S4 join storm: a document of about `docBytes` is uploaded (by a client that stays connected, so
 * no server unloads it), then `clients` raw websocket probes (lib/raw-client.ts) open it at the same
 * instant. Each times its connect until the last byte of its sync reply, without assembling the
 * reply; the server's peak RSS is sampled throughout.
 */
import { LightClient } from '../lib/clients.ts';
import { buildBigDoc } from '../lib/big-doc.ts';
import { Generator } from '../lib/generator.ts';
import type { ClientSpec } from '../lib/messages.ts';
import { docUrl, measureTarget, PROTOCOL, startTarget, type TargetName } from '../lib/target.ts';
import { sleep, summarize } from '../lib/stats.ts';
import { nowMs } from '../lib/wire.ts';
import type { RunRow } from './types.ts';

export interface JoinStormOptions {
  clients: number;
  docBytes: number;
  workers: number;
  /** Server environment (ours on PostgreSQL) and the label its rows carry. */
  env?: Record<string, string>;
  label?: string;
}

let cached: { size: number; doc: ReturnType<typeof buildBigDoc> } | undefined;

export async function runJoinStorm(target: TargetName, o: JoinStormOptions, round = 1): Promise<RunRow> {
  if (cached?.size !== o.docBytes) cached = { size: o.docBytes, doc: buildBigDoc(o.docBytes) };
  const big = cached.doc;
  const server = await startTarget(target, o.env);
  let gen: Generator | undefined;
  const doc = `bench-s4-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const url = docUrl(target, server.wsBase, doc);
  const protocol = PROTOCOL[target];
  const seeder = new LightClient(protocol, url, doc, 'seeder', null);
  try {
    const meter = measureTarget(server);
    await seeder.connect();
    // Upload at a pace every server accepts (ours limits frames and bytes per second per connection).
    for (let i = 0; i < big.updates.length; i += 20) {
      seeder.sendUpdates(big.updates.slice(i, i + 20));
      await sleep(100);
    }
    let stored = 0;
    for (let tries = 0; tries < 60 && stored < big.bytes * 0.95; tries++) {
      await sleep(500);
      const probe = new LightClient(protocol, url, doc, 'probe', null);
      await probe.connect();
      stored = probe.syncBytes;
      probe.close();
    }
    if (stored < big.bytes * 0.95) throw new Error(`S4: server holds ${stored} of ${big.bytes} bytes after upload`);
    gen = await Generator.start(o.workers);
    await sleep(1000);
    const before = measureTarget(server);
    const clients: ClientSpec[] = Array.from({ length: o.clients }, (_, i) => ({ kind: 'sync-probe', url, doc, id: `j${i}` }));
    const setup = await gen.setup(protocol, clients, { concurrency: o.clients, timeoutMs: 120_000, openAt: nowMs() + 1000 });
    const storm = before.stop();
    const whole = meter.stop();
    const s = summarize(setup.syncMs.filter((x) => Number.isFinite(x)));
    const load = setup.load!;
    return {
      scenario: 'S4',
      variant: `${o.clients} clients × ${(big.bytes / 2 ** 20).toFixed(1)} MB`,
      target: o.label ?? target,
      round,
      valid: load.valid && setup.errors.length === 0,
      note:
        [
          load.valid ? '' : `generator ELU ${load.maxElu.toFixed(2)} > 0.7`,
          setup.errors.length ? `${setup.errors.length} clients failed: ${setup.errors[0]}` : '',
        ]
          .filter(Boolean)
          .join('; ') || undefined,
      metrics: {
        p50: s.p50,
        p95: s.p95,
        p99: s.p99,
        max: s.max,
        synced: s.n,
        failed: setup.errors.length,
        docMB: big.bytes / 2 ** 20,
        cpuS: storm.cpuSeconds,
        peakRssMB: whole.peakRss / 2 ** 20,
        hwmMB: whole.hwm / 2 ** 20,
        genWorkers: load.workers,
        genEluMax: load.maxElu,
        genDelayP99: load.maxDelayP99,
      },
    };
  } finally {
    seeder.close();
    await gen?.close();
    await server.stop();
  }
}
