/**
 * Our server under test: the real app from `buildApp` with the configuration from the environment
 * (DATABASE_URL / REDIS_URL when the scenario sets them, else the embedded PGlite in DATA_DIR and the
 * in-process bus). The benchmark bypasses account lookup: every websocket is granted write access by
 * the injected `docAuthorizer`, so the numbers measure sync, not login. Prints `BENCH_LISTENING <port>`.
 */
import { appendFileSync } from 'node:fs';
import v8 from 'node:v8';
import { buildApp, loadConfig, type DocAuthorizer } from '@planner/server';

// BENCH_MEM_FILE (the soak's memory breakdown, tests/bench/soak.ts): every BENCH_MEM_EVERY_MS (5 s) one
// JSON line with what only the process itself can tell: process.memoryUsage() and V8's heap, by space.
const memFile = process.env.BENCH_MEM_FILE;
if (memFile) {
  const sampleMemory = () => {
    const m = process.memoryUsage();
    const h = v8.getHeapStatistics();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]));
    const line = {
      t: Date.now(),
      rss: m.rss,
      heapTotal: m.heapTotal,
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      v8Physical: h.total_physical_size,
      v8Malloced: h.malloced_memory,
      spaces,
    };
    appendFileSync(memFile, `${JSON.stringify(line)}\n`);
  };
  setInterval(sampleMemory, Number(process.env.BENCH_MEM_EVERY_MS ?? 5000)).unref();
}

// Each connection is its own user: the benchmark's hundreds of clients stand for hundreds of people,
// and one user may hold only SYNC_MAX_SOCKETS_PER_USER sockets.
let connections = 0;
const grantAll: DocAuthorizer = async () => ({ userId: `bench-${++connections}`, canWrite: true });

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: process.env.PORT ?? '0',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  DEMO_DATA: 'false',
});
const app = await buildApp({ config, docAuthorizer: grantAll });
await app.listen({ port: config.port, host: config.host });
const addr = app.server.address();
console.log(`BENCH_LISTENING ${typeof addr === 'object' && addr ? addr.port : 0}`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
