import fp from 'fastify-plugin';
import { syncDocReader } from '../review/docs.ts';
import { ProgrammeService } from './programme.ts';
import { FeedService } from './service.ts';

export interface FeedsServices {
  feeds: FeedService;
  programme: ProgrammeService;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** iCalendar feeds and the public programme. */
    feeds: FeedsServices;
  }
}

/** Feeds and programme: read the live documents through the sync layer, and the database. */
export default fp(
  async (app) => {
    const programme = new ProgrammeService(app.db);
    const feeds = new FeedService(app.db, syncDocReader(app.sync), programme, {
      publicUrl: app.config.publicUrl,
      secret: app.config.sessionSecret,
    });
    app.decorate('feeds', { feeds, programme } satisfies FeedsServices);
  },
  { name: 'feeds', dependencies: ['config', 'database', 'sync'] },
);
