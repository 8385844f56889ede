import fp from 'fastify-plugin';
import { can, checkRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';

/** `GET /api/plans/:planId/checks` (plan members, owner, staff; other plans named to their readers only) · `GET /api/checks` (staff, all plans). */
export default fp(
  async (app) => {
    const { checks } = app;

    route(app, checkRoutes.plan, { access: { action: 'plan.read', resource: planResource } }, async (req) => {
      const { planId } = req.params;
      const findings = await checks.withNames(await checks.findingsOf(planId));
      // Another plan is named only to readers who may read it (issue 13): plan.read against that plan.
      const mayRead = async (other: string) => {
        const ctx = await app.auth.planContext(req.actor, other);
        return !!ctx && can(req.actor, 'plan.read', ctx.resource);
      };
      return { planId, findings: await checks.forReader(findings, planId, mayRead) };
    });

    route(app, checkRoutes.city, { access: { action: 'checks.readAll' } }, async () => ({
      findings: await checks.withNames(await checks.city()),
      plans: await checks.livePlans(),
    }));
  },
  { name: 'routes-checks', dependencies: ['auth', 'checks'] },
);
