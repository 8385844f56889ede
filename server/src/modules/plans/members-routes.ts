import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { addMemberBody, authMessage, changeRoleBody, docAccessOf, memberParams, type Resource } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { planResource } from '../accounts/plugin.ts';
import { addMember, changeRole, listMembers, removeMember } from './memberships.ts';
import { audit } from '../activity/audit.ts';
import { findUserByEmail, findUserById } from '../accounts/users.ts';
import { loadPlanContext } from './plan-access.ts';

/**
 * Plan members. `GET /api/plans/:planId/members` · `POST …/members` (add an existing account) ·
 * `PATCH …/members/:userId` (role) · `DELETE …/members/:userId`. Downgrades and removals reach the
 * person's open connections on every instance through the bus (see auth/revocation.ts).
 */
export default fp(
  async (app) => {
    const { auth } = app;

    /** Adding a member is inviting without a link: the matrix's `plan.invite` with the role granted. */
    const addResource = async (req: FastifyRequest): Promise<Resource> => {
      const resource = await planResource(req);
      const body = parseInput(addMemberBody, req.body, 'body');
      return { ...resource, grantRole: body.role };
    };

    /** Tells every instance what the person may now do with the plan. */
    const announce = async (planId: string, userId: string) => {
      const user = await findUserById(app.db, userId);
      const ctx = user ? await loadPlanContext(app.db, { userId, staff: user.staff }, planId) : null;
      const access = user && ctx ? docAccessOf({ userId, staff: user.staff }, ctx.resource) : 'none';
      await auth.revocations.publish({ type: 'plan-access', planId, userId, access });
      return access;
    };

    app.get('/api/plans/:planId/members', { preHandler: app.requirePermission('members.read', planResource) }, async (req) => {
      return { members: await listMembers(app.db, req.planContext!.planId) };
    });

    app.post('/api/plans/:planId/members', { preHandler: app.requirePermission('plan.invite', addResource) }, async (req, reply) => {
      const planId = req.planContext!.planId;
      const body = parseInput(addMemberBody, req.body, 'body');
      const user = body.userId ? await findUserById(app.db, body.userId) : await findUserByEmail(app.db, body.email!);
      if (!user) throw new AppError('NOT_FOUND', authMessage('user.notFound'));
      if (!(await addMember(app.db, planId, user.id, body.role, req.actor!.userId))) throw new AppError('CONFLICT', authMessage('member.exists'));
      await audit(app.db, { actorId: req.actor!.userId, action: 'member.added', subjectType: 'user', subjectId: user.id, planId, details: { role: body.role }, ip: req.ip });
      await announce(planId, user.id);
      return reply.status(201).send({ userId: user.id, name: user.name, email: user.email, role: body.role });
    });

    app.patch('/api/plans/:planId/members/:userId', { preHandler: app.requirePermission('members.manage', planResource) }, async (req) => {
      const { planId, userId } = parseInput(memberParams, req.params, 'path');
      const { role } = parseInput(changeRoleBody, req.body, 'body');
      const before = await changeRole(app.db, planId, userId, role);
      if (!before) throw new AppError('NOT_FOUND', authMessage('member.notFound'));
      await audit(app.db, { actorId: req.actor!.userId, action: 'member.role_changed', subjectType: 'user', subjectId: userId, planId, details: { from: before, to: role }, ip: req.ip });
      const access = await announce(planId, userId);
      return { userId, role, access };
    });

    app.delete('/api/plans/:planId/members/:userId', { preHandler: app.requirePermission('members.manage', planResource) }, async (req, reply) => {
      const { planId, userId } = parseInput(memberParams, req.params, 'path');
      const before = await removeMember(app.db, planId, userId);
      if (!before) throw new AppError('NOT_FOUND', authMessage('member.notFound'));
      await audit(app.db, { actorId: req.actor!.userId, action: 'member.removed', subjectType: 'user', subjectId: userId, planId, details: { role: before }, ip: req.ip });
      await announce(planId, userId);
      return reply.status(204).send();
    });
  },
  { name: 'routes-members', dependencies: ['auth'] },
);
