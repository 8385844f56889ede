import { randomUUID } from 'node:crypto';
import { docAccessOf, type AddMemberBody, type DocAccessLevel, type PlanRole, type PlanSummary } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { mayHoldPlanRole } from '../accounts/roles.ts';
import { findUserByEmail, findUserById } from '../accounts/users.ts';
import { loadPlanContext } from './plan-access.ts';
import { addMember, changeRole, getPlan, insertPlan, removeMember, setPlanLead, storefrontOwner } from './repo.ts';

export { getPlan, listPlans, type PlanFilter } from './repo.ts';

/** Creates a plan; its creator becomes a member (designer, or staff for staff). */
export async function createPlan(
  db: Database,
  actor: { userId: string; staff: boolean },
  input: { storefrontId: string; title: string },
): Promise<PlanSummary> {
  const id = randomUUID();
  await db.transaction((tx) => insertNewPlan(tx, actor, { ...input, id }));
  return (await getPlan(db, actor.userId, id))!;
}

/**
 * The creation of {@link createPlan} inside the caller's transaction (the open calls' selection creates
 * its draft plan with it, in the transaction that links the application).
 */
export async function insertNewPlan(
  tx: Queryable,
  actor: { userId: string; staff: boolean },
  input: { id: string; storefrontId: string; title: string },
): Promise<void> {
  const { id } = input;
  if ((await storefrontOwner(tx, input.storefrontId)) === undefined) {
    throw new AppError('VALIDATION', 'error.validation', undefined, [
      { path: 'storefrontId', key: 'field.invalidValue', message: 'unknown storefront' },
    ]);
  }
  await insertPlan(tx, { id, storefrontId: input.storefrontId, title: input.title, createdBy: actor.userId });
  await addMember(tx, id, actor.userId, actor.staff ? 'staff' : 'designer', actor.userId);
  // The designer who starts a plan leads it (issue 14); a plan staff start gets the first designer.
  if (!actor.staff) await setPlanLead(tx, id, actor.userId);
  await audit(tx, {
    actorId: actor.userId,
    action: 'plan.created' as never,
    subjectType: 'plan',
    subjectId: id,
    planId: id,
    details: { title: input.title },
  });
}

/** Whether the actor owns the storefront (owners comment on plans in their shop; they do not create them). */
export async function ownsStorefront(db: Database, actorId: string | undefined, storefrontId: string): Promise<boolean> {
  return !!actorId && (await storefrontOwner(db, storefrontId)) === actorId;
}

/**
 * Plan members. Every change is audited and tells every instance what the person may now do with the
 * plan (`announce`, through the accounts capability's revocation channel).
 */
export class MemberService {
  constructor(
    private readonly db: Database,
    private readonly announce: (planId: string, userId: string, access: DocAccessLevel) => Promise<void>,
  ) {}

  private async accessOf(planId: string, userId: string): Promise<DocAccessLevel> {
    const user = await findUserById(this.db, userId);
    const actor = user && { userId, staff: user.staff, roles: user.roles };
    const ctx = actor ? await loadPlanContext(this.db, actor, planId) : null;
    const access = actor && ctx ? docAccessOf(actor, ctx.resource) : 'none';
    await this.announce(planId, userId, access);
    return access;
  }

  /**
   * Adds an account to the plan, by id (staff's account search) or e-mail. Only an account holding the
   * role may take it (only designer accounts become plan designers). The outcome is for the route,
   * which answers every non-staff caller the same whatever it is (no account-existence oracle):
   * `added`, `member` (already one), `unknown` (no such account: the route invites the address),
   * `roleNotHeld` (refused; staff get a 409 for it, others the neutral answer).
   */
  async add(
    planId: string,
    actorId: string,
    body: AddMemberBody,
    ip: string | null,
  ): Promise<'added' | 'member' | 'unknown' | 'roleNotHeld'> {
    const user = body.userId ? await findUserById(this.db, body.userId) : await findUserByEmail(this.db, body.email!);
    if (!user) return 'unknown';
    if (!mayHoldPlanRole(user, body.role)) return 'roleNotHeld';
    if (!(await addMember(this.db, planId, user.id, body.role, actorId))) return 'member';
    await audit(this.db, {
      actorId,
      action: 'member.added',
      subjectType: 'user',
      subjectId: user.id,
      planId,
      details: { role: body.role },
      ip,
    });
    await this.accessOf(planId, user.id);
    return 'added';
  }

  async changeRole(
    planId: string,
    userId: string,
    role: PlanRole,
    actorId: string,
    ip: string | null,
  ): Promise<{ userId: string; role: PlanRole; access: DocAccessLevel }> {
    // Only an account holding the role takes it (the route is staff's, so saying so reveals nothing).
    const user = await findUserById(this.db, userId);
    if (user && !mayHoldPlanRole(user, role)) throw new AppError('CONFLICT', 'member.roleNotHeld');
    const before = await changeRole(this.db, planId, userId, role);
    if (!before) throw new AppError('NOT_FOUND', 'member.notFound');
    await audit(this.db, {
      actorId,
      action: 'member.role_changed',
      subjectType: 'user',
      subjectId: userId,
      planId,
      details: { from: before, to: role },
      ip,
    });
    return { userId, role, access: await this.accessOf(planId, userId) };
  }

  async remove(planId: string, userId: string, actorId: string, ip: string | null): Promise<void> {
    const before = await removeMember(this.db, planId, userId);
    if (!before) throw new AppError('NOT_FOUND', 'member.notFound');
    await audit(this.db, {
      actorId,
      action: 'member.removed',
      subjectType: 'user',
      subjectId: userId,
      planId,
      details: { role: before },
      ip,
    });
    await this.accessOf(planId, userId);
  }
}
