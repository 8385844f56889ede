import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import { ReadCache, type CachedBody, type Computed, type ReadModel } from './read-cache.ts';

declare module 'fastify' {
  interface FastifyInstance {
    readCache: ReadCache;
  }
}

/**
 * Sends a cached answer: JSON bytes with their ETag; `304 Not Modified` when the request's
 * If-None-Match names it (the bytes are the same, so the client's copy is).
 */
export function sendCached(req: FastifyRequest, reply: FastifyReply, cached: CachedBody): FastifyReply {
  reply.header('etag', cached.etag);
  const asked = req.headers['if-none-match'];
  if (typeof asked === 'string' && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === cached.etag))
    return reply.status(304).send();
  return reply.type('application/json; charset=utf-8').send(cached.body);
}

/**
 * The cached read models (issue 19, read-cache.ts): `app.readCache`, bounded by READ_CACHE_MB, its
 * hits and misses by model and its size in the app's metrics (`planner_read_cache_requests_total`,
 * `planner_read_cache_bytes`).
 */
export default fp(
  async (app) => {
    const registers = app.hasDecorator('metrics') ? [app.metrics.registry] : [];
    const requests = new Counter({
      name: 'planner_read_cache_requests_total',
      help: 'Reads of cached read models, by model and result (hit, miss)',
      labelNames: ['model', 'result'],
      registers,
    });
    const bytes = new Gauge({
      name: 'planner_read_cache_bytes',
      help: 'Bytes held by the cached read models (bounded by READ_CACHE_MB)',
      registers,
    });
    const cache = new ReadCache(app.db, app.config.readCacheBytes, {
      hit: (model) => requests.inc({ model, result: 'hit' }),
      miss: (model) => requests.inc({ model, result: 'miss' }),
      bytes: (n) => bytes.set(n),
    });
    app.decorate('readCache', cache);
    app.addHook('onClose', async () => cache.clear());
  },
  { name: 'read-cache', dependencies: ['config', 'database'] },
);

/**
 * Answers a read from the cache (read-cache.ts): `compute` runs on a miss, its value serialised by the
 * route's own response schema (the bytes are what the uncached route sent). `scope` must name everything
 * that decides what the caller may see; `key` everything else the answer depends on (the query).
 */
export async function cachedReply(
  req: FastifyRequest,
  reply: FastifyReply,
  model: ReadModel,
  scope: string,
  key: string,
  compute: () => Promise<Computed>,
): Promise<FastifyReply> {
  const cached = await req.server.readCache.read(model, scope, key, compute, (v) => reply.serialize(v) as string);
  return sendCached(req, reply, cached);
}
