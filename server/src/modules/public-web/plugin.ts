import fp from 'fastify-plugin';
import { publicImagesForPlans } from '../media/plugin.ts';
import type { PublicEventImages } from './images.ts';
import { PublicWebService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The entries with public pages, and the quarters (issue 17). */
    publicWeb: PublicWebService;
  }
}

export interface PublicWebOptions {
  /**
   * Event pictures; default: the media capability's public images (a plan image marked "Im Programm
   * zeigen", else a public photo of the plan's storefront). Tests pass their own.
   */
  images?: PublicEventImages;
}

/** The public web's service; its pages and feeds are in routes.ts. */
export default fp<PublicWebOptions>(
  async (app, opts) => {
    const media: PublicEventImages = { forPlans: (planIds) => publicImagesForPlans(app.db, planIds) };
    app.decorate('publicWeb', new PublicWebService(app.db, opts.images ?? media));
  },
  { name: 'public-web', dependencies: ['config', 'database'] },
);
