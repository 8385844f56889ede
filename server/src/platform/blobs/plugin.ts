import fp from 'fastify-plugin';
import { describeBlobs, openBlobStore, type BlobStore } from './index.ts';
import type { S3BlobStore } from './s3-blob-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    blobs: BlobStore;
  }
}

/** The BlobStore the configuration names (issue 17), closed with the app. */
export default fp(
  async (app) => {
    const store = await openBlobStore(app.config.blobs);
    app.decorate('blobs', store);
    app.log.info({ blobs: describeBlobs(app.config.blobs) }, 'blob store');
    if (app.config.blobs.kind === 's3') {
      const s3 = store as S3BlobStore;
      app.addHook('onReady', async () => {
        // A missing bucket is created (a fresh MinIO); an unreachable store is logged, not fatal: the
        // rest of the app works, and uploads answer with an error until it is back.
        await s3
          .ensureBucket()
          .then((created) => created && app.log.info({ blobs: describeBlobs(app.config.blobs) }, 'blob store: bucket created'))
          .catch((err) => app.log.error({ err }, 'blob store: bucket check failed'));
      });
    }
    app.addHook('onClose', async () => store.close());
  },
  { name: 'blobs', dependencies: ['config'] },
);
