/**
 * Measures for the sync issue's closing note (not a test; no assertions):
 *   npx tsx tests/integration/sync/measure.ts            # PGlite + in-process bus
 *   DATABASE_URL=… REDIS_URL=… npx tsx tests/integration/sync/measure.ts
 * 1. load time of a document with 100,000 stored small updates, before and after compaction;
 * 2. latency from an edit to a second client's receipt, on one instance and across two.
 */
import * as Y from 'yjs';
import { MemoryPubSub } from '@planner/server';
import { SqlDocStore, SyncServer } from '@planner/server/sync/index';
import { sharedDatabase } from '../../helpers/db.ts';
import { DATABASE_URL, REDIS_URL } from '../../helpers/backends.ts';
import { startServer } from '../../helpers/server.ts';
import { connect, freshDocId, testDocAuthorizer } from './helpers.ts';

const N = Number(process.env.MEASURE_UPDATES ?? 100_000);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function loadTimes() {
  const db = await sharedDatabase();
  const store = new SqlDocStore(db);
  const docId = freshDocId('measure-load');
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  // Small edits like typing and moving items: one character or one field per update.
  for (let i = 0; i < N; i++) {
    if (i % 3 === 0) doc.getMap('layout').set(`item${i % 200}`, i);
    else doc.getText('concept').insert(doc.getText('concept').length, String.fromCharCode(97 + (i % 26)));
  }
  for (let i = 0; i < updates.length; i += 1000) {
    await store.append(updates.slice(i, i + 1000).map((update) => ({ docId, update })));
  }
  const bytes = updates.reduce((n, u) => n + u.length, 0);
  const timeLoad = async () => {
    // A fresh server instance, so the document is loaded from the database (compaction off here).
    const server = new SyncServer({ store, bus: new MemoryPubSub(), compaction: { maxRows: Infinity, maxBytes: Infinity } });
    const t0 = performance.now();
    const state = await server.getDocState(docId);
    const ms = performance.now() - t0;
    await server.close();
    return { ms, state };
  };
  const before = await timeLoad();
  const t0 = performance.now();
  const result = await store.compact(docId);
  const compactMs = performance.now() - t0;
  const after = await timeLoad();
  const same = Buffer.from(before.state).equals(Buffer.from(after.state));
  console.log(`load of ${N} stored updates (${(bytes / 1024).toFixed(0)} KiB in the log), db ${db.kind}:`);
  console.log(`  before compaction: ${fmt(before.ms)}`);
  console.log(`  compaction: ${fmt(compactMs)} (${result.merged} rows → snapshot of ${(result.bytes / 1024).toFixed(1)} KiB)`);
  console.log(`  after compaction:  ${fmt(after.ms)}   (same state: ${same})`);
}

async function latency(label: string, twoInstances: boolean, edits = 400) {
  const a = await startServer({ docAuthorizer: testDocAuthorizer });
  const b = twoInstances ? await startServer({ docAuthorizer: testDocAuthorizer }) : a;
  const docId = freshDocId('measure-latency');
  const sender = connect(a.wsUrl, docId, 'w:sender');
  const receiver = connect(b.wsUrl, docId, 'w:receiver');
  await Promise.all([sender.synced, receiver.synced]);
  const sentAt = new Map<number, number>();
  const samples: number[] = [];
  receiver.doc.getMap('ping').observe((e) => {
    const now = performance.now();
    for (const key of e.keysChanged) {
      const t = sentAt.get(Number(key));
      if (t !== undefined) samples.push(now - t);
    }
  });
  for (let i = 0; i < edits; i++) {
    sentAt.set(i, performance.now());
    sender.doc.getMap('ping').set(String(i), i);
    await new Promise((r) => setTimeout(r, 5));
  }
  const deadline = Date.now() + 5000;
  while (samples.length < edits && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  console.log(
    `edit → receipt, ${label} (${samples.length}/${edits} edits): p50 ${fmt(pct(samples, 50))}, p95 ${fmt(pct(samples, 95))}, p99 ${fmt(pct(samples, 99))}`,
  );
  sender.destroy();
  receiver.destroy();
  await a.close();
  if (b !== a) await b.close();
}

console.log(`backends: db ${DATABASE_URL ? 'postgres' : 'pglite'}, bus ${REDIS_URL ? 'redis' : 'memory'}`);
await loadTimes();
await latency('one instance', false);
await latency('two instances over the bus', true);
process.exit(0);
