import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import type { TestServer } from '../../helpers/server.ts';
import { api, freshEmail, freshUser, testDb, tokenFor, PASSWORD, type World } from './fixtures.ts';

describe('invitations', () => {
  let server: TestServer;
  let world: World;
  let mailer: MemoryMailer;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  const tokenOf = (url: string) => url.split('/').pop()!;
  const accept = (token: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/invitations/${token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('creates an account from a single-use link, signs it in and adds the membership', async () => {
    const email = freshEmail();
    const created = await api(server, world, 'staff', 'POST', '/api/invitations', { email, role: 'owner', planId: world.planId });
    expect(created.status).toBe(201);
    const token = tokenOf(created.body.url);
    const mail = mailer.sent.find((m) => m.to === email)!;
    expect(mail.text).toContain(created.body.url);
    expect(mail.text.indexOf('lädt Sie')).toBeLessThan(mail.text.indexOf('invites you'));

    const info = await api(server, null, 'anonymous', 'GET', `/api/invitations/${token}`);
    expect(info.body).toMatchObject({
      email,
      role: 'owner',
      planId: world.planId,
      planTitle: 'Klangraum Unionviertel',
      accountExists: false,
    });

    expect((await accept(token, {})).status).toBe(400);
    const ok = await accept(token, { name: 'Neue Eigentümerin', password: PASSWORD });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as any;
    expect(body).toMatchObject({ created: true, planId: world.planId, user: { email, staff: false } });
    const cookie = ok.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const members = await fetch(`${server.url}/api/plans/${world.planId}/members`, { headers: { cookie } });
    expect(members.status).toBe(200);
    expect(((await members.json()) as any).members).toContainEqual(expect.objectContaining({ email, role: 'owner' }));

    expect((await accept(token, { name: 'Noch einmal', password: PASSWORD })).status).toBe(410);
    expect((await api(server, null, 'anonymous', 'GET', `/api/invitations/${token}`)).status).toBe(410);

    const { rows } = await (await testDb()).query<{ action: string }>(
      `select action from activity where plan_id = $1 and subject_id = $2 order by id`,
      [world.planId, created.body.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['invitation.created', 'invitation.accepted']);
  });

  it('attaches the membership to an existing account only when that account accepts', async () => {
    const existing = await freshUser();
    const created = await api(server, world, 'designer', 'POST', '/api/invitations', {
      email: existing.email,
      role: 'designer',
      planId: world.planId,
    });
    expect(created.status).toBe(201);
    const token = tokenOf(created.body.url);
    expect((await api(server, null, 'anonymous', 'GET', `/api/invitations/${token}`)).body.accountExists).toBe(true);
    expect((await accept(token, {})).status).toBe(401);
    expect((await accept(token, {}, { authorization: `Bearer ${world.tokens.outsider}` })).status).toBe(403);
    const mine = await tokenFor(server, existing.email, PASSWORD);
    const ok = await accept(token, {}, { authorization: `Bearer ${mine}` });
    expect(ok.status).toBe(200);
    const role = await (await testDb()).query<{ role: string }>(
      'select role from plan_members where plan_id = $1 and user_id = $2',
      [world.planId, existing.id],
    );
    expect(role.rows[0].role).toBe('designer');
  });

  it('refuses expired invitations', async () => {
    const created = await api(server, world, 'staff', 'POST', '/api/invitations', {
      email: freshEmail(),
      role: 'designer',
      planId: world.planId,
    });
    await (await testDb()).query(`update invitations set expires_at = now() - interval '1 second' where id = $1`, [
      created.body.id,
    ]);
    expect((await accept(tokenOf(created.body.url), { name: 'Zu spät', password: PASSWORD })).status).toBe(410);
  });

  it('creates a staff account from a staff account invitation', async () => {
    const email = freshEmail();
    const created = await api(server, world, 'staff', 'POST', '/api/invitations', { email, role: 'staff' });
    expect(created.status).toBe(201);
    const ok = await accept(tokenOf(created.body.url), { name: 'Neue Stabsstelle', password: PASSWORD });
    expect(((await ok.json()) as any).user).toMatchObject({ email, staff: true });
  });

  it('validates the body with field names', async () => {
    const res = await api(server, world, 'staff', 'POST', '/api/invitations', { email: 'keine-adresse', role: 'chef' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: any) => f.path).sort()).toEqual(['email', 'role']);
  });
});
