import fp from 'fastify-plugin';
import { MediaService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    media: MediaService;
  }
}

/**
 * The media capability (issue 17): plan attachments in the BlobStore, processed by an in-process job
 * queue. Attachments left `processing` by a stopped instance are queued again at start; on close the
 * running job finishes, queued ones wait for the next start.
 */
export default fp(
  async (app) => {
    const media = new MediaService(app.db, app.blobs, app.config.uploads, app.log, (planId) =>
      app.realtime.rooms.toPlan(planId, 'attachments:changed', { planId }),
    );
    app.decorate('media', media);
    app.addHook('onReady', async () => {
      await media.resume().catch((err) => app.log.error({ err }, 'media: could not resume processing'));
    });
    app.addHook('preClose', async () => media.queue.close());
  },
  { name: 'media', dependencies: ['database', 'blobs', 'realtime'] },
);
