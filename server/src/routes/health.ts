import fp from 'fastify-plugin';
import { version } from '../version.ts';

async function probe(fn: () => Promise<void>, ms = 2000): Promise<boolean> {
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

/** `GET /api/health`: the kind of each backend and whether it answers; 503 when one does not. */
export default fp(
  async (app) => {
    app.get('/api/health', async (_req, reply) => {
      const [dbOk, busOk] = await Promise.all([probe(() => app.db.ping()), probe(() => app.bus.ping())]);
      const ok = dbOk && busOk;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        db: app.db.kind,
        bus: app.bus.kind,
        dbOk,
        busOk,
        version,
      });
    });
  },
  { name: 'routes-health', dependencies: ['database', 'bus'] },
);
