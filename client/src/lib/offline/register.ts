import { dev } from '$app/environment';

/**
 * Registers the service worker (client/src/service-worker.ts) for signed-in people only: the (app)
 * layout calls this once somebody is signed in, the public pages never do (SvelteKit's own
 * registration is off in svelte.config.js). Without service worker support the app works online as before.
 *
 * The first time the worker takes control of this page, the page's earlier answers (the plan it has
 * open) were fetched without it: the page hands it their URLs, so that this plan opens offline after a
 * reload too, not only after the next visit.
 */
let registered = false;

/** Same-origin URLs this page has fetched so far (the worker picks those it stores). */
function fetchedUrls(): string[] {
  if (typeof performance === 'undefined') return [];
  const seen = new Set<string>();
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    if (!['fetch', 'xmlhttprequest', 'img'].includes(e.initiatorType)) continue;
    if (e.name.startsWith(location.origin + '/')) seen.add(e.name);
  }
  return [...seen];
}

function warm(worker: ServiceWorker) {
  worker.postMessage({ type: 'warm', urls: fetchedUrls() });
}

export function registerServiceWorker(): void {
  if (registered || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  registered = true;
  const container = navigator.serviceWorker;
  if (!container.controller) {
    container.addEventListener(
      'controllerchange',
      () => {
        if (container.controller) warm(container.controller);
      },
      { once: true },
    );
  }
  container
    // In development Vite serves the worker as an ES module.
    .register('/service-worker.js', { scope: '/', type: dev ? 'module' : 'classic' })
    .catch((err: unknown) => {
      registered = false;
      console.warn('[offline] service worker not registered', err);
    });
}
