import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: Fastify serves build/ and falls back to 200.html for client-side routes.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: false }),
    // src/service-worker.ts is registered by the signed-in pages only ($lib/offline/register.ts), not by
    // SvelteKit's start script on every page (the public pages stay without a service worker).
    serviceWorker: { register: false },
  },
};
