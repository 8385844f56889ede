import fp from 'fastify-plugin';
import { ApprovalRenewBody } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';
import { planResource } from '../accounts/plugin.ts';

/**
 * Approvals. `GET /api/plans/:planId/approval` (state: current approval, stale, what changed since) ·
 * `GET /api/plans/:planId/approvals` (every decision) · `POST /api/plans/:planId/approvals` (staff
 * re-approve the current schedule of an approved or published plan). Approving and requesting changes
 * of a submitted plan are transitions (routes/plans.ts); their decisions are recorded here too.
 */
export default fp(
  async (app) => {
    app.get('/api/plans/:planId/approval', { preHandler: app.requirePermission('plan.read', planResource) }, async (req) => {
      return app.review.approvals.state(req.planContext!.planId);
    });

    app.get('/api/plans/:planId/approvals', { preHandler: app.requirePermission('plan.read', planResource) }, async (req) => {
      return { items: await app.review.approvals.history(req.planContext!.planId) };
    });

    app.post('/api/plans/:planId/approvals', { preHandler: app.requirePermission('plan.approve', planResource) }, async (req, reply) => {
      const body = parseInput(ApprovalRenewBody, req.body ?? {}, 'body');
      const approval = await app.review.approvals.renew(req.planContext!.planId, req.actor!.userId, body.note ?? '');
      return reply.status(201).send(approval);
    });
  },
  { name: 'routes-approvals', dependencies: ['auth', 'review'] },
);
