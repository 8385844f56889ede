import { localeReady } from '$lib/i18n';

// A single-page app served by Fastify: no server-side rendering, no prerendering.
export const ssr = false;
export const prerender = false;

/** No page renders before the chosen language's messages are loaded (English is loaded on demand). */
export const load = async () => {
  await localeReady();
};
