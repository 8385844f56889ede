import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';

const API_PREFIXES = ['/api/', '/yjs/', '/socket.io/', '/media/'];

/**
 * Serves the built SvelteKit client (adapter-static, SPA fallback) from the same port as the API.
 * Unknown API paths answer JSON 404; every other unknown path gets the SPA shell.
 */
export default fp(
  async (app) => {
    const dir = app.config.clientDir;
    const fallback = ['200.html', 'index.html'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (fallback) {
      // wildcard: files are looked up per request, so a rebuilt client is served without a restart;
      // a path that is no file falls through to the not-found handler below (the SPA shell).
      await app.register(fastifyStatic, {
        root: dir,
        wildcard: true,
        index: false,
        cacheControl: false,
        setHeaders(res, file) {
          res.header('cache-control', file.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
      // The shell at the root (a directory, which the static handler would refuse).
      app.get('/', (_req, reply) =>
        reply.type('text/html').header('cache-control', 'no-cache').sendFile(path.basename(fallback)),
      );
    } else {
      app.log.warn({ dir }, 'client build not found; run `pnpm build` to serve the web app');
    }
    app.setNotFoundHandler((req, reply) => {
      const url = req.url;
      if (req.method !== 'GET' || API_PREFIXES.some((p) => url.startsWith(p)) || url === '/api' || !fallback) {
        // `message` keeps the route for API users; clients render the key.
        return reply.status(404).send({
          error: { code: 'NOT_FOUND', key: 'error.routeNotFound', message: `No route ${req.method} ${url.split('?')[0]}` },
        });
      }
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile(path.basename(fallback));
    });
  },
  { name: 'client', dependencies: ['config'] },
);
