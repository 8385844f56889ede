/**
 * Peer under test: Hocuspocus 4 (`@hocuspocus/server`) with its defaults (no extensions, no
 * authentication hook, broadcasts batched per event-loop turn: `flushDelay: 0`), on a free loopback port.
 * Prints `BENCH_LISTENING <port>` once it listens.
 */
import { Server } from '@hocuspocus/server';

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
});
await server.listen();
console.log(`BENCH_LISTENING ${server.address.port}`);
