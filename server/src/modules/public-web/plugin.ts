import fp from 'fastify-plugin';
import { noEventImages, type PublicEventImages } from './images.ts';
import { PublicWebService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The entries with public pages, and the quarters (issue 17). */
    publicWeb: PublicWebService;
  }
}

export interface PublicWebOptions {
  /** Event pictures (the storefront photos capability, modules/media); default: none. */
  images?: PublicEventImages;
}

/** The public web's service; its pages and feeds are in routes.ts. */
export default fp<PublicWebOptions>(
  async (app, opts) => {
    app.decorate('publicWeb', new PublicWebService(app.db, opts.images ?? noEventImages));
  },
  { name: 'public-web', dependencies: ['config', 'database'] },
);
