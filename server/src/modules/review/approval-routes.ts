import fp from 'fastify-plugin';
import { approvalRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';

/**
 * Approvals. `GET /api/plans/:planId/approval` (state: current approval, stale, what changed since) ·
 * `GET /api/plans/:planId/approvals` (every decision) · `POST /api/plans/:planId/approvals` (staff
 * re-approve the current schedule of an approved or published plan). Approving and requesting changes
 * of a submitted plan are transitions of the plan lifecycle (modules/plans/lifecycle.ts).
 */
export default fp(
  async (app) => {
    const read = { access: { action: 'plan.read', resource: planResource } } as const;

    route(app, approvalRoutes.state, read, async (req) => app.review.approvals.state(req.params.planId));

    route(app, approvalRoutes.history, read, async (req) => ({ items: await app.review.approvals.history(req.params.planId) }));

    route(app, approvalRoutes.renew, { access: { action: 'plan.approve', resource: planResource } }, async (req, reply) => {
      const approval = await app.review.approvals.renew(req.params.planId, req.actor!.userId, req.body?.note ?? '');
      return reply.status(201).send(approval);
    });
  },
  { name: 'routes-approvals', dependencies: ['auth', 'review'] },
);
