import fp from 'fastify-plugin';
import { HandoverExport } from './export.ts';
import { HandoverService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    handover: HandoverService;
    handoverExport: HandoverExport;
  }
}

/**
 * Handover protocols (issue 18): filled in on the phone, confirmed by both sides, locked, exported as
 * PDF and mailed to the storefront's owner and staff once locked. Changes go to the plan room.
 */
export default fp(
  async (app) => {
    const service = new HandoverService(
      app.db,
      app.media,
      (planId, kind, locked) => app.realtime.rooms.toPlan(planId, 'handover:changed', { planId, kind, locked }),
      (planId, kind) => exporter.mailLocked(planId, kind),
    );
    const exporter = new HandoverExport(app.db, app.media, service, () => app.auth.mailer, app.config.publicUrl, app.log);
    app.decorate('handover', service);
    app.decorate('handoverExport', exporter);
    app.addHook('preClose', async () => exporter.idle());
  },
  { name: 'handover', dependencies: ['database', 'realtime', 'media', 'auth'] },
);
