import type { AccountRole, PlanRole } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { addAccountRoles } from './roles-repo.ts';

/**
 * Account roles (DESIGN.md §5): staff, owner, designer; one person may hold several. They are stored on
 * the account (migration 009) and read with it (`UserRow.roles`, `RequestActor.roles`).
 *
 * Who gets which: the CLI and the demo seed name them; an invitation grants the role it invites to
 * (an account invitation as staff → staff, as owner → owner; a plan invitation as designer → designer);
 * becoming a storefront's owner grants owner. A new account without an explicit role is a designer
 * (staff: staff), the same rule the backfill of migration 009 applies to accounts with no other role.
 */
export function rolesOfNewAccount(u: { staff?: boolean; roles?: AccountRole[] }): AccountRole[] {
  const roles = new Set<AccountRole>(u.roles ?? (u.staff ? ['staff'] : ['designer']));
  // The staff role and the staff flag go together: never one without the other.
  if (u.staff) roles.add('staff');
  else roles.delete('staff');
  if (!roles.size) roles.add('designer');
  return [...roles];
}

/**
 * The account role a new account invited as `role` gets: an account invitation as staff → staff, as
 * owner → owner; a plan invitation as designer → designer, as owner → owner. A plan invitation as staff
 * does not make anyone staff (only an account invitation does): such an account is a designer.
 */
export function roleOfInvitation(role: PlanRole, planId: string | null): AccountRole {
  if (role === 'staff' && planId !== null) return 'designer';
  return role;
}

/**
 * Whether an account holding `roles` may take the plan membership role `planRole`: only designer
 * accounts become plan designers and only staff plan staff. The owner membership (read, comment,
 * consent; less than any other) staff may give to anyone, e.g. to downgrade a designer to read-only.
 */
export function mayHoldPlanRole(account: { staff: boolean; roles: readonly AccountRole[] }, planRole: PlanRole): boolean {
  if (planRole === 'staff') return account.staff;
  if (planRole === 'owner') return true;
  return account.roles.includes(planRole);
}

/** Grants roles to an existing account (kept: roles are only ever added here). */
export async function grantAccountRoles(db: Queryable, userId: string, roles: AccountRole[]): Promise<void> {
  await addAccountRoles(db, userId, roles);
}
