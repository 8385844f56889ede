import fp from 'fastify-plugin';
import { platformRoutes } from '@planner/shared';
import { version } from '../version.ts';
import { route } from './routes.ts';

/** Whether `fn` resolves within `ms` (the health check, and the metrics' health gauges). */
export async function probe(fn: () => Promise<void>, ms = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /api/health`: the kind of each backend and whether it answers; 503 naming the ones that do not
 * (`down`), with Retry-After; 503 with status `draining` while the instance stops (drain.ts).
 * `GET /api/public/config`: public settings for the browser (e.g. the optional map tile URL).
 */
export default fp(
  async (app) => {
    /** What the browser needs to know before sign-in: nothing secret, only public settings. */
    route(app, platformRoutes.publicConfig, { access: 'public' }, async () => ({
      version,
      mapTileUrl: app.config.mapTileUrl ?? null,
      sso: app.config.oidc !== undefined,
    }));

    // The 503 answer has the same body (which backend is down), so its schema is the success schema.
    route(app, platformRoutes.health, { access: 'public' }, async (_req, reply) => {
      const [dbOk, busOk] = await Promise.all([probe(() => app.db.ping()), probe(() => app.bus.ping())]);
      const ok = dbOk && busOk;
      // An instance stopping (SIGTERM, drain.ts) fails its health check first, so that whoever watches
      // it sends new work elsewhere; its backends are still reported as they are.
      if (app.drain.draining) reply.header('retry-after', '1');
      return reply.status(ok && !app.drain.draining ? 200 : 503).send({
        status: app.drain.draining ? 'draining' : ok ? 'ok' : 'unavailable',
        db: app.db.kind,
        bus: app.bus.kind,
        dbOk,
        busOk,
        down: [...(dbOk ? [] : ['db' as const]), ...(busOk ? [] : ['bus' as const])],
        version,
      });
    });
  },
  { name: 'routes-health', dependencies: ['database', 'bus', 'drain'] },
);
