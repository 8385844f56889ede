import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isClientRoute } from './client-routes.ts';
import { ShellTemplate } from './shell.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The built client's HTML shell, for server-rendered pages (public-web). */
    shell: ShellTemplate;
  }
}

const API_PREFIXES = ['/api/', '/yjs/', '/socket.io/', '/media/'];
/** The PWA's files at the root of the client build (issue 18): client/src/service-worker.ts, client/static. */
export const SERVICE_WORKER = 'service-worker.js';
export const MANIFEST = 'manifest.webmanifest';

/**
 * Serves the built SvelteKit client (adapter-static, SPA fallback) from the same port as the API.
 * Unknown API paths answer JSON 404. A GET for one of the app's routes (client-routes.ts) gets the SPA
 * shell with 200; any other unknown path gets the shell with its not-found content and status 404, so
 * crawlers and link checkers see a missing page as missing while the app still shows its own 404 page.
 */
export default fp(
  async (app) => {
    const dir = app.config.clientDir;
    const shell = new ShellTemplate(dir);
    app.decorate('shell', shell);
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
          const name = path.basename(file);
          if (name === SERVICE_WORKER) {
            // The browser checks the worker for updates on every navigation: never a stale copy from an
            // HTTP cache, and its scope is the whole app (it sits at the root, so no Service-Worker-Allowed).
            res.header('content-type', 'text/javascript; charset=utf-8');
          } else if (name === MANIFEST) {
            res.header('content-type', 'application/manifest+json; charset=utf-8');
          }
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
      const pathname = url.split('?')[0];
      if (isClientRoute(pathname)) {
        return reply.type('text/html').header('cache-control', 'no-cache').sendFile(path.basename(fallback));
      }
      const page = shell.render({
        title: '404 – Seite nicht gefunden – Kreativquartiere Planner',
        head: '<meta name="robots" content="noindex">',
        body: '<main class="ssr-main"><h1>Seite nicht gefunden</h1><p><a href="/">Zur Startseite</a></p></main>',
      });
      return reply.status(404).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    });
  },
  { name: 'client', dependencies: ['config'] },
);
