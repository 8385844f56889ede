declare module 'fastify' {
  interface FastifyInstance {
    /** Lines printed once the server listens (e.g. demo logins); plugins push to it. */
    startupBanner?: string[];
  }
}
export {};
