import { describe, expect, it } from 'vitest';
import { isStaffByClaim, rolesAfterSignIn } from './role-mapping.ts';

describe('roles from the identity provider', () => {
  it('is staff only when the claim holds a staff value', () => {
    const staff = ['planner-staff'];
    expect(isStaffByClaim({ groups: ['x', 'planner-staff'] }, 'groups', staff)).toBe(true);
    expect(isStaffByClaim({ groups: 'planner-staff' }, 'groups', staff)).toBe(true);
    expect(isStaffByClaim({ groups: ['planner-staff-old', 'PLANNER-STAFF'] }, 'groups', staff)).toBe(false);
    expect(isStaffByClaim({ groups: [] }, 'groups', staff)).toBe(false);
    expect(isStaffByClaim({}, 'groups', staff)).toBe(false);
    expect(isStaffByClaim({ groups: [{ name: 'planner-staff' }] }, 'groups', staff)).toBe(false);
  });

  it('reads a dotted path into nested claims', () => {
    const claims = { realm_access: { roles: ['planner-staff'] } };
    expect(isStaffByClaim(claims, 'realm_access.roles', ['planner-staff'])).toBe(true);
    expect(isStaffByClaim(claims, 'realm_access.groups', ['planner-staff'])).toBe(false);
  });

  it('grants and takes staff, keeps the roles the app granted, and never leaves an account without a role', () => {
    expect(rolesAfterSignIn(['designer'], true)).toEqual(['staff', 'designer']);
    expect(rolesAfterSignIn(['staff'], false)).toEqual(['designer']);
    expect(rolesAfterSignIn(['staff', 'owner'], false)).toEqual(['owner']);
    expect(rolesAfterSignIn([], false)).toEqual(['designer']);
    expect(rolesAfterSignIn([], true)).toEqual(['staff']);
  });
});
