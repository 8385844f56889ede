import fp from 'fastify-plugin';
import { publicationRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { syncDocReader } from '../review/docs.ts';
import { PublicationService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    publication: PublicationService;
  }
}

/**
 * Publication safeguards (issue 13, defect 4).
 * `GET /api/plans/:planId/publication-preview` (staff, the plan's people) ·
 * `POST /api/plans/:planId/public-entries/:entryId/cancel` (staff) · hooks into the `publish`
 * (open errors need `overrideErrors`) and `unpublish` transitions of the plan lifecycle.
 */
export default fp(
  async (app) => {
    const openErrors = async (planId: string) => {
      // Fresh from the live document: the stored findings may lag behind the last edit by a debounce.
      await app.checks.snapshot(planId);
      return ((await app.checks.compute(planId)) ?? []).filter((f) => f.severity === 'error').length;
    };
    const service = new PublicationService(app.db, syncDocReader(app.sync), app.events, openErrors);
    service.register(app.plans.lifecycle.hooks);
    app.decorate('publication', service);

    route(
      app,
      publicationRoutes.preview,
      { access: { action: 'plan.previewPublication', resource: planResource } },
      async (req) => service.preview(req.params.planId),
    );
    route(app, publicationRoutes.cancelEntry, { access: { action: 'plan.cancelEntry', resource: planResource } }, async (req) =>
      service.cancelEntry(req.actor!, req.params.planId, req.params.entryId, req.body.reason, req.ip ?? null),
    );
  },
  { name: 'publication', dependencies: ['auth', 'database', 'sync', 'plans', 'checks', 'feeds'] },
);
