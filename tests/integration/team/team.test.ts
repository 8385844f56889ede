import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { request, tokenFor } from '../../helpers/api.ts';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { createUser } from '@planner/server/modules/accounts/users';
import type { TestServer } from '../../helpers/server.ts';
import { PASSWORD, api, freshEmail, testDb, type World } from '../accounts/fixtures.ts';

/**
 * Plan teams (issue 14): the lead designer invites into this plan (the same answer for a known and an
 * unknown address), removes, hands over; members leave; non-members ask for access and the lead
 * decides; each side is notified. Every test failed on the code before (no lead, no team routes).
 */
describe('plan teams', () => {
  let server: TestServer;
  let world: World;
  let mailer: MemoryMailer;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  /** A fresh account holding `roles`, with a bearer token. */
  async function person(roles: ('designer' | 'owner')[] = ['designer'], name = 'Neue Gestalterin') {
    const user = await createUser(await testDb(), { email: freshEmail(), name, password: PASSWORD, roles });
    const token = await tokenFor(server, user.email, PASSWORD);
    const as = (method: string, path: string, body?: unknown) => request(server, token, method, path, body);
    return { ...user, token, as };
  }

  /** A fresh plan started by a fresh designer (its lead). */
  async function planOfNewLead() {
    const lead = await person(['designer'], 'Leitende Gestalterin');
    const res = await lead.as('POST', '/api/plans', { storefrontId: world.demo.storefrontIds[0], title: 'Team-Plan' });
    expect(res.status).toBe(201);
    return { lead, planId: res.body.id as string };
  }

  const kinds = async (p: { as: (m: string, path: string) => Promise<{ body: any }> }, planId: string) =>
    ((await p.as('GET', '/api/notifications')).body.items as { kind: string; planId: string; key: string }[])
      .filter((n) => n.planId === planId)
      .map((n) => n.key);

  it('the plan’s creator leads it; the team shows the lead, designers and the owner as reviewer', async () => {
    const { lead, planId } = await planOfNewLead();
    const team = await lead.as('GET', `/api/plans/${planId}/team`);
    expect(team.status).toBe(200);
    expect(team.body.leadId).toBe(lead.id);
    expect(team.body.members).toEqual([expect.objectContaining({ userId: lead.id, role: 'designer', lead: true })]);
    // The seeded demo plan: designer1 (its creator) leads, designer2 does not, owner1 is there as owner.
    const demo = await api(server, world, 'designer', 'GET', `/api/plans/${world.planId}/team`);
    expect(demo.body.leadId).toBe(world.userIds.designer);
    const roles = Object.fromEntries(demo.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]));
    expect(roles[world.userIds.owner]).toBe('owner');
    expect(roles[world.demo.users.designer2.id]).toBe('designer');
  });

  it('inviting a known and an unknown address gives identical status and body; the known designer is added and notified', async () => {
    const { lead, planId } = await planOfNewLead();
    const known = await person();
    const unknown = freshEmail();
    const a = await lead.as('POST', `/api/plans/${planId}/members`, { email: unknown, role: 'designer' });
    const b = await lead.as('POST', `/api/plans/${planId}/members`, { email: known.email, role: 'designer' });
    expect({ status: a.status, body: a.body }).toEqual({ status: b.status, body: b.body });
    expect(a.status).toBe(202);
    // The unknown address got an invitation into this plan; the known designer is a member and was told.
    const { rows } = await (await testDb()).query<{ plan_id: string }>('select plan_id from invitations where email = $1', [
      unknown,
    ]);
    expect(rows.map((r) => r.plan_id)).toEqual([planId]);
    expect(mailer.sent.some((m) => m.to === unknown && m.text.includes('/einladung/'))).toBe(true);
    const team = await lead.as('GET', `/api/plans/${planId}/team`);
    expect(team.body.members.map((m: { userId: string }) => m.userId)).toContain(known.id);
    expect(await kinds(known, planId)).toEqual(['notification.memberAdded']);
    expect((await known.as('GET', `/api/plans/${planId}`)).status).toBe(200);
  });

  it('only designer accounts become designers; only the lead and staff invite', async () => {
    const { lead, planId } = await planOfNewLead();
    const ownerOnly = await person(['owner'], 'Nur Eigentümerin');
    const res = await lead.as('POST', `/api/plans/${planId}/members`, { email: ownerOnly.email, role: 'designer' });
    expect(res.status).toBe(202);
    const team = await lead.as('GET', `/api/plans/${planId}/team`);
    expect(team.body.members.map((m: { userId: string }) => m.userId)).not.toContain(ownerOnly.id);
    // A designer who is not the lead may not invite.
    const other = await person();
    await lead.as('POST', `/api/plans/${planId}/members`, { email: other.email, role: 'designer' });
    expect((await other.as('POST', `/api/plans/${planId}/members`, { email: freshEmail(), role: 'designer' })).status).toBe(403);
    expect(
      (await api(server, world, 'staff', 'POST', `/api/plans/${planId}/members`, { email: freshEmail(), role: 'designer' }))
        .status,
    ).toBe(202);
  });

  it('the lead removes designers (not the owner); others may not remove; the removed person loses access', async () => {
    const { lead, planId } = await planOfNewLead();
    const [d2, d3] = [await person(), await person()];
    for (const d of [d2, d3]) await lead.as('POST', `/api/plans/${planId}/members`, { email: d.email, role: 'designer' });
    expect((await d2.as('DELETE', `/api/plans/${planId}/members/${d3.id}`)).status).toBe(403);
    expect((await api(server, world, 'owner', 'DELETE', `/api/plans/${planId}/members/${d3.id}`)).status).toBe(403);
    expect((await lead.as('DELETE', `/api/plans/${planId}/members/${lead.id}`)).status).toBe(409);
    expect((await lead.as('DELETE', `/api/plans/${planId}/members/${d3.id}`)).status).toBe(204);
    expect((await d3.as('GET', `/api/plans/${planId}`)).status).toBe(403);
    expect((await lead.as('DELETE', `/api/plans/${planId}/members/${d3.id}`)).status).toBe(404);
  });

  it('the lead hands over before leaving; any member may leave', async () => {
    const { lead, planId } = await planOfNewLead();
    const d2 = await person();
    await lead.as('POST', `/api/plans/${planId}/members`, { email: d2.email, role: 'designer' });
    const refused = await lead.as('POST', `/api/plans/${planId}/leave`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.key).toBe('team.leadMustHandOver');
    // Only the lead (or staff) hands over, and only to a designer member.
    expect((await d2.as('POST', `/api/plans/${planId}/lead`, { userId: d2.id })).status).toBe(403);
    expect((await lead.as('POST', `/api/plans/${planId}/lead`, { userId: world.userIds.owner })).status).toBe(409);
    const handed = await lead.as('POST', `/api/plans/${planId}/lead`, { userId: d2.id });
    expect(handed.status).toBe(200);
    expect(handed.body.leadId).toBe(d2.id);
    expect(await kinds(d2, planId)).toContain('notification.leadHandedOver');
    expect((await lead.as('POST', `/api/plans/${planId}/leave`)).status).toBe(204);
    expect((await lead.as('GET', `/api/plans/${planId}`)).status).toBe(403);
    // The last designer may leave too; a non-member cannot.
    expect((await d2.as('POST', `/api/plans/${planId}/leave`)).status).toBe(204);
    expect((await d2.as('POST', `/api/plans/${planId}/leave`)).status).toBe(403);
  });

  it('a non-member designer asks for access; the lead is notified and accepts; the requester is notified and in', async () => {
    const { lead, planId } = await planOfNewLead();
    const d2 = await person();
    await lead.as('POST', `/api/plans/${planId}/members`, { email: d2.email, role: 'designer' });
    const asker = await person(['designer'], 'Fragende Gestalterin');
    expect((await asker.as('GET', `/api/plans/${planId}`)).status).toBe(403);
    expect((await asker.as('GET', `/api/plans/${planId}/access-requests/mine`)).body).toEqual({ status: 'none' });
    const asked = await asker.as('POST', `/api/plans/${planId}/access-requests`);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'open' });
    // Asking again changes nothing (one open request, one notification).
    expect((await asker.as('POST', `/api/plans/${planId}/access-requests`)).status).toBe(202);
    expect(await kinds(lead, planId)).toEqual(['notification.accessRequested']);
    const team = await lead.as('GET', `/api/plans/${planId}/team`);
    expect(team.body.requests).toEqual([
      expect.objectContaining({ userId: asker.id, name: 'Fragende Gestalterin', status: 'open' }),
    ]);
    // A designer who is not the lead sees no requests and may not decide; nor may the owner.
    expect((await d2.as('GET', `/api/plans/${planId}/team`)).body.requests).toEqual([]);
    const id = team.body.requests[0].id;
    expect((await d2.as('POST', `/api/plans/${planId}/access-requests/${id}/decision`, { accept: true })).status).toBe(403);
    expect(
      (await api(server, world, 'owner', 'POST', `/api/plans/${planId}/access-requests/${id}/decision`, { accept: true })).status,
    ).toBe(403);
    expect((await lead.as('POST', `/api/plans/${planId}/access-requests/${id}/decision`, { accept: 'ja' })).status).toBe(400);
    const decided = await lead.as('POST', `/api/plans/${planId}/access-requests/${id}/decision`, { accept: true });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('accepted');
    expect((await lead.as('POST', `/api/plans/${planId}/access-requests/${id}/decision`, { accept: false })).status).toBe(409);
    expect(await kinds(asker, planId)).toEqual(['notification.accessAccepted']);
    expect((await asker.as('GET', `/api/plans/${planId}`)).status).toBe(200);
    expect((await asker.as('GET', `/api/plans/${planId}/access-requests/mine`)).status).toBe(403); // a member now
  });

  it('a declined request is told to the requester, who stays out', async () => {
    const { lead, planId } = await planOfNewLead();
    const asker = await person();
    await asker.as('POST', `/api/plans/${planId}/access-requests`);
    const id = (await lead.as('GET', `/api/plans/${planId}/team`)).body.requests[0].id;
    const res = await lead.as('POST', `/api/plans/${planId}/access-requests/${id}/decision`, { accept: false });
    expect(res.body.status).toBe('declined');
    expect(await kinds(asker, planId)).toEqual(['notification.accessDeclined']);
    expect((await asker.as('GET', `/api/plans/${planId}`)).status).toBe(403);
    expect((await asker.as('GET', `/api/plans/${planId}/access-requests/mine`)).body).toEqual({ status: 'declined' });
    expect((await lead.as('GET', `/api/plans/${planId}/team`)).body.requests).toEqual([]);
  });

  it('refuses access requests from owners, members and the anonymous; unknown plans are 404', async () => {
    const { lead, planId } = await planOfNewLead();
    expect((await api(server, world, 'otherOwner', 'POST', `/api/plans/${planId}/access-requests`)).status).toBe(403);
    expect((await api(server, world, 'owner', 'POST', `/api/plans/${planId}/access-requests`)).status).toBe(403);
    expect((await lead.as('POST', `/api/plans/${planId}/access-requests`)).status).toBe(403);
    expect((await api(server, world, 'anonymous', 'POST', `/api/plans/${planId}/access-requests`)).status).toBe(401);
    expect((await lead.as('POST', `/api/plans/00000000-0000-4000-8000-000000000000/access-requests`)).status).toBe(404);
  });
});
