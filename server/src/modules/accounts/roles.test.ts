import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../platform/db/migrate.ts';
import { PgliteDatabase } from '../../platform/db/pglite-database.ts';
import { mayHoldPlanRole, roleOfInvitation, rolesOfNewAccount } from './roles.ts';

describe('account roles', () => {
  it('migration 009 backfills roles: staff flag, storefront owner, designer member or invitation, else designer', async () => {
    const db = await PgliteDatabase.open('memory://');
    try {
      const all = await loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < 9),
      );
      const user = (id: string, staff = false) =>
        db.query(`insert into users (id, email, name, staff) values ($1, $2, $1, $3)`, [id, `${id}@test.example`, staff]);
      for (const id of ['owner', 'member', 'invited', 'nobody', 'both', 'ownerMember']) await user(id);
      await user('staff', true);
      await db.query(
        `insert into storefronts (id, owner_id, title) values ('s1', 'owner', 'A'), ('s2', 'both', 'B'), ('s3', 'ownerMember', 'C')`,
      );
      await db.query(`insert into plans (id, storefront_id, title) values ('p1', 's1', 'P')`);
      await db.query(
        `insert into plan_members (plan_id, user_id, role) values ('p1', 'member', 'designer'), ('p1', 'both', 'designer'), ('p1', 'ownerMember', 'owner')`,
      );
      await db.query(
        `insert into invitations (id, token_hash, email, role, plan_id, invited_by, expires_at, accepted_at, accepted_by)
         values ('i1', 'h', 'invited@test.example', 'designer', 'p1', 'staff', now(), now(), 'invited')`,
      );
      await migrate(db, all);
      const { rows } = await db.query<{ id: string; roles: string[] }>('select id, roles from users order by id');
      expect(Object.fromEntries(rows.map((r) => [r.id, r.roles]))).toEqual({
        both: ['owner', 'designer'],
        invited: ['designer'],
        member: ['designer'],
        nobody: ['designer'],
        owner: ['owner'],
        ownerMember: ['owner'],
        staff: ['staff'],
      });
      await expect(db.query(`update users set roles = array['sponsor'] where id = 'nobody'`)).rejects.toThrow();
    } finally {
      await db.close();
    }
  });

  it('gives new accounts explicit roles and lets only holders take a plan role', () => {
    expect(rolesOfNewAccount({})).toEqual(['designer']);
    expect(rolesOfNewAccount({ staff: true })).toEqual(['staff']);
    expect(rolesOfNewAccount({ roles: ['staff'] })).toEqual(['designer']);
    expect(rolesOfNewAccount({ roles: ['owner', 'designer'] })).toEqual(['owner', 'designer']);
    expect(roleOfInvitation('staff', 'plan')).toBe('designer');
    expect(roleOfInvitation('staff', null)).toBe('staff');
    expect(mayHoldPlanRole({ staff: true, roles: ['staff'] }, 'designer')).toBe(false);
    expect(mayHoldPlanRole({ staff: false, roles: ['owner'] }, 'designer')).toBe(false);
    expect(mayHoldPlanRole({ staff: false, roles: ['owner', 'designer'] }, 'designer')).toBe(true);
    expect(mayHoldPlanRole({ staff: false, roles: ['designer'] }, 'staff')).toBe(false);
    expect(mayHoldPlanRole({ staff: false, roles: ['designer'] }, 'owner')).toBe(true);
  });
});
