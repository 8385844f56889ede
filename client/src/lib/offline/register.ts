import { dev } from '$app/environment';

/**
 * Registers the service worker (client/src/service-worker.ts) for signed-in people only: the (app)
 * layout calls this once somebody is signed in, the public pages never do (SvelteKit's own
 * registration is off in svelte.config.js). Without service worker support the app works online as before.
 */
let registered = false;

export function registerServiceWorker(): void {
  if (registered || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  registered = true;
  navigator.serviceWorker
    // In development Vite serves the worker as an ES module.
    .register('/service-worker.js', { scope: '/', type: dev ? 'module' : 'classic' })
    .catch((err: unknown) => {
      registered = false;
      console.warn('[offline] service worker not registered', err);
    });
}
