import fp from 'fastify-plugin';
import { ActivityService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    activity: ActivityService;
  }
}

export default fp(
  async (app) => {
    app.decorate('activity', new ActivityService(app.db));
  },
  { name: 'activity', dependencies: ['database'] },
);
