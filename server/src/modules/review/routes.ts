import fp from 'fastify-plugin';
import { approvalRoutes, versionRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { cachedReply } from '../../platform/read-cache/plugin.ts';
import { scopeOf, type ReadModel } from '../../platform/read-cache/read-cache.ts';

/** The stale approvals' cached answers (issue 19): plans, their storefront and quarter, the reader's membership, approvals. */
const STALE: ReadModel = { name: 'approvals-stale', topics: ['plans', 'storefronts', 'quarters', 'plan_members', 'approvals'] };

/**
 * The review routes. Approving and requesting changes of a submitted plan are transitions of the plan
 * lifecycle (modules/plans/lifecycle.ts); these are the rest.
 *
 * Approvals: `GET /api/approvals/stale` (staff: the plans whose approval went stale, from the stored flag) ·
 * `GET /api/plans/:planId/approval` (state: current approval, stale, what changed since) ·
 * `GET /api/plans/:planId/approvals` (every decision) · `POST /api/plans/:planId/approvals` (staff
 * re-approve the current schedule of an approved or published plan).
 *
 * Versions, named snapshots of the plan document (taken at submit, at every decision and on demand):
 * `GET /api/plans/:planId/versions` · `POST /api/plans/:planId/versions` `{ name }` ·
 * `GET /api/plans/:planId/versions/:version` (the plan as of then) ·
 * `GET /api/plans/:planId/versions/compare?from=&to=` (`to` a number or `current`).
 */
export default fp(
  async (app) => {
    const { approvals, versions } = app.review;
    const read = { access: { action: 'plan.read', resource: planResource } } as const;

    // Per reader: each plan carries the reader's own role in it.
    route(app, approvalRoutes.stale, { access: { action: 'approvals.readStale' } }, async (req, reply) =>
      cachedReply(req, reply, STALE, scopeOf(req.actor), String(req.query.limit), async () => ({
        value: { items: await approvals.stale(req.actor!.userId, req.query.limit) },
      })),
    );

    route(app, approvalRoutes.state, read, async (req) => approvals.state(req.params.planId));

    route(app, approvalRoutes.history, read, async (req) => ({ items: await approvals.history(req.params.planId) }));

    route(app, approvalRoutes.renew, { access: { action: 'plan.approve', resource: planResource } }, async (req, reply) => {
      const { note, scheduleHash, acknowledgeErrors } = req.body;
      const approval = await approvals.renew(req.params.planId, req.actor!.userId, note ?? '', {
        scheduleHash,
        acknowledgeErrors,
      });
      return reply.status(201).send(approval);
    });

    route(app, versionRoutes.list, read, async (req) => ({ items: await versions.list(req.params.planId) }));

    // Saving a version is an editor's act (designer members, staff): owners only read (DESIGN.md §5).
    const editors = { access: { action: 'version.create', resource: planResource } } as const;
    route(app, versionRoutes.create, editors, async (req, reply) => {
      const v = await versions.take(req.params.planId, { name: req.body.name, reason: 'manual', actorId: req.actor!.userId });
      return reply.status(201).send(v);
    });

    route(app, versionRoutes.compare, read, async (req) => versions.compare(req.params.planId, req.query.from, req.query.to));

    route(app, versionRoutes.get, read, async (req) => versions.get(req.params.planId, req.params.version));
  },
  { name: 'routes-review', dependencies: ['auth', 'review'] },
);
