import fp from 'fastify-plugin';
import { QuarterService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    quarters: QuarterService;
  }
}

export default fp(
  async (app) => {
    app.decorate('quarters', new QuarterService(app.db));
  },
  { name: 'quarters', dependencies: ['database'] },
);
