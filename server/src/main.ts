import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import { buildApp } from './app.ts';
import { describeRedis } from './platform/redis/settings.ts';
import { drainAndClose } from './platform/http/drain.ts';

/**
 * Starts the server and shuts it down gracefully. SIGTERM (an orchestrator's stop, one instance of a
 * rolling restart): drain for SHUTDOWN_DRAIN_MS (health 503, new upgrades refused), then close: stop
 * listening, let requests under way finish, write pending document updates, close websockets with 1001
 * and socket.io transports, close the database and bus (platform/http/drain.ts). SIGINT (Ctrl-C at a
 * terminal) closes without the drain delay.
 */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  // Readable logs for a person at a terminal in development; JSON lines everywhere else.
  const pretty = config.nodeEnv === 'development' && process.stdout.isTTY;
  const app = await buildApp({
    config,
    logger: pretty
      ? {
          level: config.logLevel,
          transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } },
        }
      : undefined,
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const drainMs = signal === 'SIGTERM' ? config.shutdownDrainMs : 0;
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, drainMs + 15_000);
    force.unref();
    try {
      await drainAndClose(app, drainMs);
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const bus = config.redis && app.bus.kind === 'redis' ? `redis, ${describeRedis(config.redis)}` : app.bus.kind;
  app.log.info(`Kreativquartiere Planner läuft auf http://localhost:${port} (db: ${app.db.kind}, bus: ${bus})`);
  app.startupBanner?.forEach((line) => {
    console.log(line);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
