/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * The web app's service worker (issue 18): the app opens without a network, with the plans and
 * attachments this person has opened.
 *
 * - App shell: the build's files (`build`: the hashed JS/CSS chunks, workers) and the static files
 *   (`files`: icons, manifest), plus the SPA shell `/`, are cached at install in a cache named by the
 *   build's version; older versions' caches are deleted on activation. Navigations go to the network
 *   first and fall back to the cached shell (the app then routes itself), the same way.
 * - Plan data: GETs of the session, of a plan and its parts (`/api/plans/:id/…`) and of a storefront
 *   (`/api/storefronts/:id/…`) go to the network first; a network answer 200 is stored, and only when
 *   the network fails (no answer at all), or gives none within 6 s (poor reception), is the stored one
 *   used. A 401/403/404 from the server is passed on (and its stored answer deleted), never replaced.
 * - Files: attachment, photo and underlay files (their URLs name an immutable upload) and `/media/…`
 *   come from the cache first.
 * - Never cached: anything but GET, socket.io, `/yjs` (websockets do not pass here anyway), other
 *   origins, and every other API path.
 *
 * Cached answers are one person's data: the page deletes the runtime caches (`kq-data`, `kq-files`) on
 * sign-out and when another account signs in (client/src/lib/offline/caches.ts).
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_CACHE = `kq-shell-${version}`;
const DATA_CACHE = 'kq-data';
const FILE_CACHE = 'kq-files';
const SHELL_URL = '/';
const ASSETS = new Set([...build, ...files]);

/** Network first: plan data, the session. */
const DATA_PATHS = [
  /^\/api\/auth\/session$/,
  /^\/api\/plans\/[^/]+(\/(?!attachments\/[^/]+\/files\/|calendar\.ics)[^?]*)?$/,
  /^\/api\/storefronts\/[^/]+(\/(?!photos\/[^/]+\/files\/|underlay\/[^/]+\/image|calendar\.ics)[^?]*)?$/,
];
/** Cache first: files under immutable URLs. */
const FILE_PATHS = [
  /^\/api\/plans\/[^/]+\/attachments\/[^/]+\/files\/[^/]+$/,
  /^\/api\/storefronts\/[^/]+\/photos\/[^/]+\/files\/[^/]+$/,
  /^\/api\/storefronts\/[^/]+\/underlay\/[^/]+\/image$/,
  /^\/media\//,
];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll([SHELL_URL, ...ASSETS]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('kq-shell-') && key !== SHELL_CACHE) await caches.delete(key);
      }
      await sw.clients.claim();
    })(),
  );
});

/**
 * The page's first load ran before this worker controlled it, so its answers are not stored yet: the page
 * sends the URLs it fetched (`{ type: 'warm', urls }`), and those this worker would store are fetched
 * and stored now (answers 200 only; files already stored stay). Answers `{ type: 'warmed' }` on the port.
 */
sw.addEventListener('message', (event) => {
  const msg = event.data as { type?: string; urls?: unknown } | null;
  if (msg?.type !== 'warm' || !Array.isArray(msg.urls)) return;
  const urls = msg.urls.filter((u): u is string => typeof u === 'string').slice(0, 200);
  event.waitUntil(
    (async () => {
      await Promise.all(
        urls.map(async (u) => {
          const url = new URL(u, sw.location.origin);
          if (url.origin !== sw.location.origin) return;
          const p = url.pathname;
          const req = new Request(url.href, { credentials: 'same-origin' });
          try {
            if (FILE_PATHS.some((re) => re.test(p))) await cacheFirst(req, FILE_CACHE);
            else if (DATA_PATHS.some((re) => re.test(p))) await networkFirst(req, DATA_CACHE, event);
          } catch {
            // Offline meanwhile: nothing to store.
          }
        }),
      );
      event.ports[0]?.postMessage({ type: 'warmed' });
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;
  const p = url.pathname;
  if (p.startsWith('/socket.io') || p.startsWith('/yjs')) return;

  if (req.mode === 'navigate') {
    event.respondWith(navigate(req, event));
  } else if (ASSETS.has(p)) {
    event.respondWith(cacheFirst(req, SHELL_CACHE));
  } else if (FILE_PATHS.some((re) => re.test(p))) {
    event.respondWith(cacheFirst(req, FILE_CACHE));
  } else if (DATA_PATHS.some((re) => re.test(p))) {
    event.respondWith(networkFirst(req, DATA_CACHE, event));
  }
});

/** Pages: the network's answer; without a network (or none within the timeout) the app's shell. */
async function navigate(req: Request, event: ExtendableEvent): Promise<Response> {
  return networkOr(fetch(req), () => caches.match(SHELL_URL, { cacheName: SHELL_CACHE }), event);
}

/**
 * Poor reception: a request that neither answers nor fails within this time is answered from the cache
 * (when the cache has it; otherwise the network's answer is awaited). The request goes on, and its
 * answer is stored for the next time.
 */
const NETWORK_TIMEOUT_MS = 6000;

async function networkOr(
  network: Promise<Response>,
  stored: () => Promise<Response | undefined>,
  event: ExtendableEvent,
): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), NETWORK_TIMEOUT_MS);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first !== 'slow') return first;
    const hit = await stored();
    if (!hit) return await network;
    // Answered from the cache: the worker stays alive until the late answer is stored (or fails).
    event.waitUntil(
      network.then(
        () => undefined,
        () => undefined,
      ),
    );
    return hit;
  } catch (e) {
    // No answer at all (offline, server unreachable): the last stored answer, if any.
    const hit = await stored();
    if (hit) return hit;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(req: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.status === 200) await cache.put(req, res.clone());
  return res;
}

function networkFirst(req: Request, cacheName: string, event: ExtendableEvent): Promise<Response> {
  const network = (async () => {
    const res = await fetch(req);
    const cache = await caches.open(cacheName);
    if (res.status === 200) await cache.put(req, res.clone());
    else if (res.status === 401 || res.status === 403 || res.status === 404) await cache.delete(req);
    return res;
  })();
  return networkOr(network, async () => (await caches.open(cacheName)).match(req), event);
}
