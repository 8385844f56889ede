import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { addMemberBody, memberRoutes, type Resource } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { findUserByEmail } from '../accounts/users.ts';
import { listMembers } from './repo.ts';

/**
 * Plan members. `GET /api/plans/:planId/members` · `POST …/members` (add a designer account or invite an address) ·
 * `PATCH …/members/:userId` (role) · `DELETE …/members/:userId`. Downgrades and removals reach the
 * person's open connections on every instance through the bus (see accounts/revocation.ts).
 */
export default fp(
  async (app) => {
    /** Adding a member is inviting without a link: the matrix's `plan.invite` with the role granted. */
    const addResource = async (req: FastifyRequest): Promise<Resource> => {
      const resource = await planResource(req);
      // The role to grant decides the matrix cell, so the body is read here (400 when malformed).
      return { ...resource, grantRole: parseInput(addMemberBody, req.body).role };
    };

    route(app, memberRoutes.list, { access: { action: 'members.read', resource: planResource } }, async (req) => ({
      members: await listMembers(app.db, req.params.planId),
    }));

    /**
     * One answer (202 "invited or added") whether the address has an account or not, so designers
     * cannot probe for accounts: a designer account is added, an unknown address gets an invitation
     * into this plan, an account that may not take the role (staff, an owner-only account) is left
     * out. Only staff, who see every account anyway, are told: 409 for a role the account does not
     * hold, 404 for an unknown account id.
     */
    route(app, memberRoutes.add, { access: { action: 'plan.invite', resource: addResource } }, async (req, reply) => {
      const actor = req.actor!;
      const outcome = await app.plans.members.add(req.params.planId, actor.userId, req.body, req.ip);
      if (outcome === 'unknown' && req.body.email) {
        await app.invitations.create(
          { userId: actor.userId, name: actor.name },
          { email: req.body.email, role: req.body.role, planId: req.params.planId },
          req.ip,
        );
      } else if (actor.staff && outcome === 'unknown') {
        throw new AppError('NOT_FOUND', 'user.notFound');
      } else if (actor.staff && outcome === 'roleNotHeld') {
        throw new AppError('CONFLICT', 'member.roleNotHeld');
      } else if (outcome === 'added') {
        // The added designer hears of it; every open members panel reloads (issue 14).
        const user = req.body.userId ? { id: req.body.userId } : await findUserByEmail(app.db, req.body.email!);
        if (user) await app.team.memberAdded(req.params.planId, actor.userId, user.id);
      }
      return reply.status(202).send({ status: 'invitedOrAdded' as const });
    });

    route(app, memberRoutes.changeRole, { access: { action: 'members.manage', resource: planResource } }, async (req) => {
      return app.plans.members.changeRole(req.params.planId, req.params.userId, req.body.role, req.actor!.userId, req.ip);
    });

    // Staff remove anyone, the lead designer other designers (issue 14); open connections close either way.
    route(app, memberRoutes.remove, { access: { action: 'members.remove', resource: planResource } }, async (req, reply) => {
      await app.team.remove(req.params.planId, req.params.userId, req.actor!, req.ip);
      return reply.status(204).send();
    });
  },
  { name: 'routes-members', dependencies: ['auth', 'plans', 'invitations'] },
);
