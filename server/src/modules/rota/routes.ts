import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { can, rotaRoutes } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';

/**
 * The duty rota (issue 18), under `/api/plans/:planId/rota`: read (`rota.read`: members and staff),
 * shifts (`rota.manage`: designers and staff), putting others on shifts and the external contacts
 * (`rota.assign`: the lead designer and staff), signing oneself up or off (`rota.signUp`) and swaps
 * (`rota.swap`): designers of the plan and staff. A withdrawn, done or deleted plan's rota is read-only
 * (409 `rota.closed`). `GET /api/rota/today`: the signed-in person's "Heute".
 */
export default fp(
  async (app) => {
    const { rota } = app;
    const plan = (action: 'rota.read' | 'rota.manage' | 'rota.assign' | 'rota.signUp' | 'rota.swap') => ({
      access: { action, resource: planResource },
    });
    const open = (req: FastifyRequest) => {
      if (req.planContext?.resource.closed) throw new AppError('CONFLICT', 'rota.closed');
    };
    const me = (req: FastifyRequest) => req.actor!.userId;

    route(app, rotaRoutes.get, plan('rota.read'), async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      const { planId } = req.params;
      const mayRead = async (other: string) => {
        const ctx = await app.auth.planContext(req.actor, other);
        return !!ctx && can(req.actor, 'plan.read', ctx.resource);
      };
      const raw = await app.checks.withNames(await rota.findings(planId));
      const findings = await app.checks.forReader(raw, planId, mayRead);
      const resource = req.planContext!.resource;
      const may = (action: 'rota.manage' | 'rota.assign' | 'rota.signUp' | 'rota.swap') =>
        !resource.closed && can(req.actor, action, resource);
      return {
        ...(await rota.view(planId)),
        findings,
        may: { manage: may('rota.manage'), assign: may('rota.assign'), signUp: may('rota.signUp'), swap: may('rota.swap') },
      };
    });

    route(app, rotaRoutes.createShift, plan('rota.manage'), async (req, reply) => {
      open(req);
      const shift = await rota.announce(await rota.createShift(me(req), req.params.planId, req.body));
      return reply.status(201).send(shift);
    });

    route(app, rotaRoutes.updateShift, plan('rota.manage'), async (req) => {
      open(req);
      return rota.announce(await rota.updateShift(req.params.planId, req.params.shiftId, req.body));
    });

    route(app, rotaRoutes.deleteShift, plan('rota.manage'), async (req, reply) => {
      open(req);
      await rota.announce(await rota.deleteShift(req.params.planId, req.params.shiftId));
      return reply.status(204).send();
    });

    route(app, rotaRoutes.suggest, plan('rota.manage'), async (req) => {
      open(req);
      return rota.announce(await rota.suggest(me(req), req.params.planId));
    });

    route(app, rotaRoutes.signUp, plan('rota.signUp'), async (req) => {
      open(req);
      return rota.announce(await rota.signUp(me(req), req.params.planId, req.params.shiftId));
    });

    route(app, rotaRoutes.signOff, plan('rota.signUp'), async (req) => {
      open(req);
      return rota.announce(await rota.signOff(me(req), req.params.planId, req.params.shiftId));
    });

    route(app, rotaRoutes.assign, plan('rota.assign'), async (req) => {
      open(req);
      return rota.announce(await rota.assign(me(req), req.params.planId, req.params.shiftId, req.body));
    });

    route(app, rotaRoutes.unassign, plan('rota.assign'), async (req) => {
      open(req);
      return rota.announce(await rota.unassign(req.params.planId, req.params.assignmentId));
    });

    route(app, rotaRoutes.addContact, plan('rota.assign'), async (req, reply) => {
      open(req);
      const contact = await rota.announce(await rota.addContact(me(req), req.params.planId, req.body));
      return reply.status(201).send(contact);
    });

    route(app, rotaRoutes.deleteContact, plan('rota.assign'), async (req, reply) => {
      open(req);
      await rota.announce(await rota.deleteContact(req.params.planId, req.params.contactId));
      return reply.status(204).send();
    });

    route(app, rotaRoutes.offerSwap, plan('rota.swap'), async (req) => {
      open(req);
      return rota.announce(await rota.offerSwap(me(req), req.params.planId, req.params.assignmentId));
    });

    route(app, rotaRoutes.withdrawSwap, plan('rota.swap'), async (req) => {
      open(req);
      return rota.announce(await rota.withdrawSwap(me(req), req.params.planId, req.params.swapId));
    });

    route(app, rotaRoutes.takeSwap, plan('rota.swap'), async (req) => {
      open(req);
      return rota.announce(await rota.takeSwap(me(req), req.params.planId, req.params.swapId));
    });

    route(app, rotaRoutes.today, { access: 'signed-in' }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return rota.today(me(req), req.query.date);
    });
  },
  { name: 'routes-rota', dependencies: ['auth', 'rota', 'checks'] },
);
