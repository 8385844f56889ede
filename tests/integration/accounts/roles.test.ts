import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { createUser } from '@planner/server/modules/accounts/users';
import type { TestServer } from '../../helpers/server.ts';
import { ROLES, api, freshEmail, freshUser, testDb, type World } from './fixtures.ts';

/**
 * The permission holes of issue 14 (DESIGN.md §5): accounts carry explicit roles, and the column comes
 * from role plus relationship. Each test failed on the code before the fix.
 */
describe('account roles and the permission holes', () => {
  let server: TestServer;
  let world: World;
  let mailer: MemoryMailer;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  const members = async (planId = world.planId) => {
    const db = await testDb();
    const { rows } = await db.query<{ user_id: string; role: string }>(
      'select user_id, role from plan_members where plan_id = $1',
      [planId],
    );
    return rows;
  };

  /**
   * Every storefront the role can list, page by page: in the second pass the shared database holds the
   * storefronts of every test file, so one page of 100 no longer reaches this world's own.
   */
  const allStorefronts = async (role: (typeof ROLES)[number]) => {
    const items: { id: string; ownerId?: string }[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await api(server, world, role, 'GET', `/api/storefronts?limit=100&offset=${offset}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      if (page.body.items.length < 100 || items.length >= page.body.total) return items;
    }
  };

  it("an owner's POST /api/plans is 403 on every storefront, their own and others'", async () => {
    const ids = (await allStorefronts('staff')).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(world.demo.storefrontIds));
    for (const storefrontId of ids) {
      for (const role of ['owner', 'otherOwner'] as const) {
        const res = await api(server, world, role, 'POST', '/api/plans', { storefrontId, title: `Versuch ${role}` });
        expect({ storefrontId, role, status: res.status }).toEqual({ storefrontId, role, status: 403 });
      }
    }
  });

  it("a designer may start plans on any storefront; a designer who also owns a shop, on others' only", async () => {
    const [own, other] = world.demo.storefrontIds;
    expect((await api(server, world, 'outsider', 'POST', '/api/plans', { storefrontId: own, title: 'D' })).status).toBe(201);
    // owner2 also becomes a designer: now they plan in owner1's storefront, still not in their own.
    const db = await testDb();
    await db.query(`update users set roles = array['owner', 'designer'] where id = $1`, [world.userIds.otherOwner]);
    try {
      expect((await api(server, world, 'otherOwner', 'POST', '/api/plans', { storefrontId: own, title: 'D' })).status).toBe(201);
      expect((await api(server, world, 'otherOwner', 'POST', '/api/plans', { storefrontId: other, title: 'D' })).status).toBe(
        403,
      );
    } finally {
      await db.query(`update users set roles = array['owner'] where id = $1`, [world.userIds.otherOwner]);
    }
  });

  it("an owner's POST …/versions is 403; the plan's designer and staff save versions", async () => {
    const path = `/api/plans/${world.planId}/versions`;
    expect((await api(server, world, 'owner', 'POST', path, { name: 'Eigentümer-Stand' })).status).toBe(403);
    expect((await api(server, world, 'designer', 'POST', path, { name: 'Entwurf 1' })).status).toBe(201);
    expect((await api(server, world, 'staff', 'POST', path, { name: 'Stab-Stand' })).status).toBe(201);
  });

  it('ownerId goes only to staff and to that storefront’s owner, in the list and in one storefront', async () => {
    const [own] = world.demo.storefrontIds;
    for (const role of ROLES) {
      if (role === 'anonymous') continue;
      const one = await api(server, world, role, 'GET', `/api/storefronts/${own}`);
      expect(one.status).toBe(200);
      const items = await allStorefronts(role);
      const inList = items.find((s) => s.id === own);
      expect(inList, `${role} lists the storefront`).toBeDefined();
      const sees = role === 'staff' || role === 'owner';
      expect({ role, one: one.body.ownerId, list: inList?.ownerId }).toEqual({
        role,
        one: sees ? world.userIds.owner : undefined,
        list: sees ? world.userIds.owner : undefined,
      });
      // Nobody but staff sees another owner's id anywhere in the list.
      if (role !== 'staff') {
        for (const s of items) {
          if (s.ownerId !== undefined) expect(s.ownerId).toBe(world.userIds[role]);
        }
      }
    }
  });

  describe('POST /api/plans/:planId/members {email}: no account-existence oracle', () => {
    const add = (role: 'designer' | 'staff', body: object) =>
      api(server, world, role, 'POST', `/api/plans/${world.planId}/members`, { role: 'designer', ...body });

    it('answers an unknown and a known address with the same status and body', async () => {
      const db = await testDb();
      const known = await createUser(db, { email: freshEmail(), name: 'Bekannte Gestalterin', roles: ['designer'] });
      const unknownEmail = freshEmail();
      const a = await add('designer', { email: unknownEmail });
      const b = await add('designer', { email: known.email });
      expect(a.status).toBe(202);
      expect({ status: b.status, body: b.body }).toEqual({ status: a.status, body: a.body });
      // The known designer is a member now; the unknown address got an invitation into this plan.
      expect((await members()).find((m) => m.user_id === known.id)?.role).toBe('designer');
      const { rows } = await db.query<{ plan_id: string; role: string }>(
        'select plan_id, role from invitations where email = $1',
        [unknownEmail],
      );
      expect(rows).toEqual([{ plan_id: world.planId, role: 'designer' }]);
      expect(mailer.sent.some((m) => m.to === unknownEmail)).toBe(true);
      // Asking again (already a member) gives the same answer too.
      const again = await add('designer', { email: known.email });
      expect({ status: again.status, body: again.body }).toEqual({ status: a.status, body: a.body });
    });

    it('does not make staff or an owner-only account a plan designer, and tells a designer nothing', async () => {
      const before = await members();
      const neutral = await add('designer', { email: freshEmail() });
      for (const who of ['staff', 'otherOwner'] as const) {
        const res = await add('designer', { email: world.emails[who] });
        expect({ who, status: res.status, body: res.body }).toEqual({ who, status: neutral.status, body: neutral.body });
      }
      const after = await members();
      expect(after.filter((m) => m.user_id === world.userIds.staff || m.user_id === world.userIds.otherOwner)).toEqual(
        before.filter((m) => m.user_id === world.userIds.staff || m.user_id === world.userIds.otherOwner),
      );
    });

    it('refuses staff who add a non-designer account as designer with a clear 4xx', async () => {
      const ownerOnly = await createUser(await testDb(), { email: freshEmail(), name: 'Nur Eigentümerin', roles: ['owner'] });
      const byEmail = await add('staff', { email: ownerOnly.email });
      expect(byEmail.status).toBe(409);
      expect(byEmail.body.error.key).toBe('member.roleNotHeld');
      const byId = await add('staff', { userId: world.userIds.staff });
      expect(byId.status).toBe(409);
      expect((await members()).some((m) => m.user_id === ownerOnly.id)).toBe(false);
      // A designer account is added by staff by id (the account search).
      const d = await freshUser();
      expect((await add('staff', { userId: d.id })).status).toBe(202);
      expect((await members()).find((m) => m.user_id === d.id)?.role).toBe('designer');
    });
  });

  it('staff cannot change a member into a role their account does not hold', async () => {
    const d = await freshUser();
    const db = await testDb();
    await db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [world.planId, d.id]);
    const path = `/api/plans/${world.planId}/members/${d.id}`;
    const res = await api(server, world, 'staff', 'PATCH', path, { role: 'staff' });
    expect(res.status).toBe(409);
    expect(res.body.error.key).toBe('member.roleNotHeld');
    expect((await members()).find((m) => m.user_id === d.id)?.role).toBe('designer');
  });

  it('an invitation as designer does not make an owner-only account a plan designer when accepted', async () => {
    const created = await api(server, world, 'designer', 'POST', '/api/invitations', {
      email: world.emails.otherOwner,
      role: 'designer',
      planId: world.planId,
    });
    expect(created.status).toBe(201);
    const token = String(created.body.url).split('/').pop();
    const accepted = await api(server, world, 'otherOwner', 'POST', `/api/invitations/${token}/accept`, {});
    expect(accepted.status).toBe(409);
    expect(accepted.body.error.key).toBe('member.roleNotHeld');
    expect((await members()).some((m) => m.user_id === world.userIds.otherOwner)).toBe(false);
  });

  it('the demo accounts carry their roles', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ id: string; roles: string[] }>('select id, roles from users where id = any($1)', [
      Object.values(world.userIds),
    ]);
    const roles = Object.fromEntries(rows.map((r) => [r.id, r.roles]));
    expect(roles[world.userIds.staff]).toEqual(['staff']);
    expect(roles[world.userIds.owner]).toEqual(['owner']);
    expect(roles[world.userIds.otherOwner]).toEqual(['owner']);
    expect(roles[world.userIds.designer]).toEqual(['designer']);
    expect(roles[world.userIds.outsider]).toEqual(['designer']);
    expect(randomUUID()).toBeTruthy();
  });
});
