import fp from 'fastify-plugin';
import { MediaService } from './service.ts';
import { StorefrontPhotoService } from './storefront-photos.ts';

declare module 'fastify' {
  interface FastifyInstance {
    media: MediaService;
    storefrontPhotos: StorefrontPhotoService;
  }
}

/**
 * The media capability (issue 17): plan attachments and storefront photos in the BlobStore, processed
 * by one in-process job queue. Uploads left `processing` by a stopped instance are queued again at
 * start; on close the running job finishes, queued ones wait for the next start.
 */
export default fp(
  async (app) => {
    const media = new MediaService(app.db, app.blobs, app.config.uploads, app.log, (planId) =>
      app.realtime.rooms.toPlan(planId, 'attachments:changed', { planId }),
    );
    const photos = new StorefrontPhotoService(app.db, app.blobs, app.config.uploads, media.queue, app.log);
    app.decorate('media', media);
    app.decorate('storefrontPhotos', photos);
    app.addHook('onReady', async () => {
      await media.resume().catch((err) => app.log.error({ err }, 'media: could not resume processing'));
      await photos.resume().catch((err) => app.log.error({ err }, 'media: could not resume photo processing'));
    });
    app.addHook('preClose', async () => media.queue.close());
  },
  { name: 'media', dependencies: ['database', 'blobs', 'realtime'] },
);

/** Public images of plans for public pages (issue 17); see {@link MediaService.publicImagesForPlans}. */
export type { PublicImage } from '@planner/shared';
export { publicImagesForPlans } from './public-images.ts';
