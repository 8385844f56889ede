import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  PLAN_TRANSITIONS,
  PLAN_TRANSITION_NAMES,
  PlanCreate,
  PlanListQuery,
  PlanTransitionBody,
  planParams,
  type PlanTransition,
} from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { planResource } from '../accounts/plugin.ts';
import { createPlan, getPlan, listPlans, transitionPlan } from './service.ts';

const transitionParams = planParams.extend({ transition: z.enum(PLAN_TRANSITION_NAMES as [PlanTransition, ...PlanTransition[]]) });

declare module 'fastify' {
  interface FastifyInstance {
    /** Hooks other capabilities attach to plan transitions (approvals bind the schedule hash, etc.). */
    planHooks: {
      guards: ((tx: import('../../platform/db/database.ts').Queryable, planId: string, transition: PlanTransition) => Promise<void>)[];
      after: ((e: { planId: string; transition: PlanTransition; from: string; to: string; actorId: string; note?: string }) => void | Promise<void>)[];
    };
  }
}

/**
 * Plans and their lifecycle.
 * `POST /api/plans` · `GET /api/plans` · `GET /api/plans/:planId` ·
 * `POST /api/plans/:planId/transitions/:transition` (submit, withdraw, approve, request-changes, publish, complete)
 */
export default fp(
  async (app) => {
    app.decorate('planHooks', { guards: [], after: [] });

    /** Owners do not plan in their own storefront (they comment): the matrix needs that relation. */
    const targetStorefront = async (req: FastifyRequest) => {
      const body = parseInput(PlanCreate, req.body, 'body');
      const { rows } = await app.db.query<{ owner_id: string | null }>('select owner_id from storefronts where id = $1', [body.storefrontId]);
      return { ownsStorefront: !!req.actor && rows[0]?.owner_id === req.actor.userId };
    };

    app.post('/api/plans', { preHandler: app.requirePermission('plan.create', targetStorefront) }, async (req, reply) => {
      const body = parseInput(PlanCreate, req.body, 'body');
      const plan = await createPlan(app.db, req.actor!, body);
      return reply.status(201).send(plan);
    });

    app.get('/api/plans', async (req) => {
      if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Bitte anmelden / Please sign in');
      const q = parseInput(PlanListQuery, req.query, 'query');
      return listPlans(app.db, req.actor, { ...q, mine: q.mine === 'true' });
    });

    app.get('/api/plans/:planId', { preHandler: app.requirePermission('plan.read', planResource) }, async (req) => {
      return getPlan(app.db, req.actor!.userId, req.planContext!.planId);
    });

    app.post('/api/plans/:planId/transitions/:transition', async (req) => {
      const { planId, transition } = parseInput(transitionParams, req.params, 'path');
      const body = parseInput(PlanTransitionBody, req.body ?? {}, 'body');
      // The transition decides which cell of the matrix applies.
      await app.requirePermission(PLAN_TRANSITIONS[transition].action, planResource).call(app, req, undefined as never);
      const actorId = req.actor!.userId;
      const result = await transitionPlan(app.db, actorId, planId, transition, {
        note: body.note,
        ip: req.ip,
        guard: async (tx) => {
          for (const g of app.planHooks.guards) await g(tx, planId, transition);
        },
      });
      for (const after of app.planHooks.after) {
        await after({ planId, transition, actorId, note: body.note, ...result });
      }
      return { ...(await getPlan(app.db, actorId, planId)), transition: { name: transition, ...result } };
    });
  },
  { name: 'routes-plans', dependencies: ['auth', 'database'] },
);
