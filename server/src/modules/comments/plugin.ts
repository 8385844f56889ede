import fp from 'fastify-plugin';
import { syncDocReader } from '../review/docs.ts';
import { CommentService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    comments: CommentService;
  }
}

/**
 * The comments capability: threads on a plan, read against the live document (anchors, orphaned
 * threads), sent to the plan room, and notifying the people mentioned, replied to and the members.
 */
export default fp(
  async (app) => {
    app.decorate('comments', new CommentService(app.db, syncDocReader(app.sync), app.realtime.rooms, app.notifications));
  },
  { name: 'comments', dependencies: ['database', 'sync', 'realtime', 'notifications'] },
);
