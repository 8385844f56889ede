// A single-page app served by Fastify: no server-side rendering, no prerendering.
export const ssr = false;
export const prerender = false;
