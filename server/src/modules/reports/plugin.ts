import fp from 'fastify-plugin';
import { ReportService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reports: ReportService;
  }
}

/**
 * City reports (issue 20). Applications per open call are an extension point (`CallStatsSource` in
 * service.ts): once the calls capability exists, pass its source here.
 */
export default fp(
  async (app) => {
    app.decorate('reports', new ReportService(app.db));
  },
  { name: 'reports', dependencies: ['database'] },
);
