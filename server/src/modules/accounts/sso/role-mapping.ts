import { ACCOUNT_ROLES, type AccountRole } from '@planner/shared';

/**
 * Roles from the identity provider (issue 20). Single sign-on decides one role only: staff. At every
 * sign-in the account is staff exactly when the role claim (OIDC_ROLE_CLAIM) holds one of
 * OIDC_STAFF_VALUES, so someone removed from the staff group at the provider loses staff at their next
 * sign-in. The roles the app grants itself (owner of a storefront, designer by invitation) are kept.
 * An account left without any role is a designer: the least-privileged role of the product (a designer
 * sees only the plans they are a member of), and the one every new account without an explicit role
 * gets (accounts/roles.ts). Never is a role taken from the absence of a claim: no claim → not staff.
 */

/** The claim's value: a top-level claim, or a dotted path into nested claims (`realm_access.roles`). */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Whether the claim (a string or an array of strings) holds one of the staff values; exact matches only. */
export function isStaffByClaim(claims: Record<string, unknown>, roleClaim: string, staffValues: readonly string[]): boolean {
  const value = claimValue(claims, roleClaim);
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => typeof v === 'string' && staffValues.includes(v));
}

/** The account's roles after a sign-in that found it `staff` or not (in the order of ACCOUNT_ROLES). */
export function rolesAfterSignIn(current: readonly AccountRole[], staff: boolean): AccountRole[] {
  const roles = new Set<AccountRole>(current);
  if (staff) roles.add('staff');
  else roles.delete('staff');
  if (!roles.size) roles.add('designer');
  return ACCOUNT_ROLES.filter((r) => roles.has(r));
}
