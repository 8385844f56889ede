import fp from 'fastify-plugin';
import { describeBlobs, openBlobStore, type BlobStore } from './index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    blobs: BlobStore;
  }
}

/** The BlobStore the configuration names (issue 17), closed with the app. */
export default fp(
  async (app) => {
    const store = openBlobStore(app.config.blobs);
    app.decorate('blobs', store);
    app.log.info({ blobs: describeBlobs(app.config.blobs) }, 'blob store');
    app.addHook('onClose', async () => store.close());
  },
  { name: 'blobs', dependencies: ['config'] },
);
