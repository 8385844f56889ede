import fp from 'fastify-plugin';
import { NotificationService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-person notifications (used by the comments service and the subscribers of domain events). */
    notifications: NotificationService;
  }
}

/** The notifications capability: stores each person's notifications and sends them to their room live. */
export default fp(
  async (app) => {
    app.decorate('notifications', new NotificationService(app.db, app.realtime.rooms));
  },
  { name: 'notifications', dependencies: ['database', 'realtime'] },
);
