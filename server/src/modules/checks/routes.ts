import fp from 'fastify-plugin';
import { checkRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { forMember } from './service.ts';

/** `GET /api/plans/:planId/checks` (plan members, owner, staff) · `GET /api/checks` (staff, all plans). */
export default fp(
  async (app) => {
    const { checks } = app;

    route(app, checkRoutes.plan, { access: { action: 'plan.read', resource: planResource } }, async (req) => {
      const { planId } = req.params;
      const findings = await checks.withNames(await checks.findingsOf(planId));
      return { planId, findings: req.actor?.staff ? findings : forMember(findings, planId) };
    });

    route(app, checkRoutes.city, { access: { action: 'checks.readAll' } }, async () => ({
      findings: await checks.withNames(await checks.city()),
      plans: await checks.livePlans(),
    }));
  },
  { name: 'routes-checks', dependencies: ['auth', 'checks'] },
);
