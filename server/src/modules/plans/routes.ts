import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { PLAN_TRANSITION_NAMES, PLAN_TRANSITIONS, planRoutes, type PlanCreate } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { createPlan, getPlan, listPlans, ownsStorefront } from './service.ts';

/**
 * Plans and their lifecycle.
 * `POST /api/plans` · `GET /api/plans` · `GET /api/plans/:planId` ·
 * `POST /api/plans/:planId/transitions/<submit|withdraw|approve|request-changes|publish|complete>`
 */
export default fp(
  async (app) => {
    /** Owners do not plan in their own storefront (they comment): the matrix needs that relation. */
    const targetStorefront = async (req: FastifyRequest) => {
      const storefrontId = (req.body as Partial<PlanCreate> | undefined)?.storefrontId;
      return {
        ownsStorefront:
          typeof storefrontId === 'string' && (await ownsStorefront(app.db, req.actor?.userId, storefrontId).catch(() => false)),
      };
    };

    route(app, planRoutes.create, { access: { action: 'plan.create', resource: targetStorefront } }, async (req, reply) => {
      return reply.status(201).send(await createPlan(app.db, req.actor!, req.body));
    });

    route(app, planRoutes.list, { access: 'signed-in' }, async (req) => {
      const { mine, archived, ...q } = req.query;
      return listPlans(app.db, req.actor!, { ...q, mine: mine === 'true', archived: archived === 'true' });
    });

    route(app, planRoutes.get, { access: { action: 'plan.read', resource: planResource } }, async (req) => {
      return (await getPlan(app.db, req.actor!.userId, req.params.planId))!;
    });

    // One route per transition: each declares the matrix action that guards it.
    for (const name of PLAN_TRANSITION_NAMES) {
      route(
        app,
        planRoutes.transitions[name],
        { access: { action: PLAN_TRANSITIONS[name].action, resource: planResource } },
        async (req) => {
          const { planId } = req.params;
          const body = req.body as
            | { note?: string; scheduleHash?: string; acknowledgeErrors?: string; overrideConsent?: string }
            | undefined;
          const { from, to } = await app.plans.lifecycle.transition(req.actor!, planId, name, {
            note: body?.note,
            scheduleHash: body?.scheduleHash,
            acknowledgeErrors: body?.acknowledgeErrors,
            overrideConsent: body?.overrideConsent,
            ip: req.ip,
            body: req.body ?? undefined,
          });
          return { ...(await getPlan(app.db, req.actor!.userId, planId))!, transition: { name, from, to } };
        },
      );
    }
    // Only reached with a name none of the routes above has, which its params schema refuses (400).
    route(app, planRoutes.unknownTransition, { access: 'signed-in' }, async () => {
      throw new AppError('NOT_FOUND');
    });
  },
  { name: 'routes-plans', dependencies: ['auth', 'database', 'plans'] },
);
