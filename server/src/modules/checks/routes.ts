import fp from 'fastify-plugin';
import { can, checkRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { cachedReply } from '../../platform/read-cache/plugin.ts';
import type { ReadModel } from '../../platform/read-cache/read-cache.ts';
import { overdueChangesAt } from './city.ts';
import { liveOpenTaskDues } from './repo.ts';

/**
 * The city view's cached answers (issue 19): the stored findings and tasks (plan_snapshots), the plans'
 * statuses and titles, the storefronts (a plan never checked is checked at read time against its
 * storefront) and the assignees' names. The clock: until the next open task falls due.
 */
const CITY: ReadModel = { name: 'checks', topics: ['plan_snapshots', 'plans_core', 'storefronts', 'users'] };

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

    // Everyone allowed (checks.readAll) sees the whole city: one scope.
    route(app, checkRoutes.city, { access: { action: 'checks.readAll' } }, async (req, reply) =>
      cachedReply(req, reply, CITY, 'checks.readAll', '', async () => {
        // The clock before the findings: an expiry from an earlier instant can only be earlier.
        const validUntil = overdueChangesAt(await liveOpenTaskDues(app.db), Date.now());
        return {
          value: { findings: await checks.withNames(await checks.city()), plans: await checks.livePlans() },
          validUntil,
        };
      }),
    );
  },
  { name: 'routes-checks', dependencies: ['auth', 'checks'] },
);
