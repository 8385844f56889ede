import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { PRIVACY_TEXT_MAX } from '@planner/shared';
import { test } from '../../helpers/fixtures.ts';
import { request } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from '../../helpers/fixtures.ts';
import { testDb } from '../accounts/fixtures.ts';

/**
 * The staff's activity view (filters who, what, when in Europe/Berlin, which plan; pages by cursor) and
 * the privacy page's text (public to read, staff to change). The log is shared with other suites: every
 * query here is narrowed to a plan id only this test uses.
 */
describe('activity view and privacy text', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
  });
  const get = (role: 'staff' | 'designer' | 'owner' | null, path: string) =>
    request(server, role ? world.tokens[role] : null, 'GET', path);

  test('filters by plan, account, action and Berlin calendar days, and pages by cursor', async () => {
    const db = await testDb();
    const planId = randomUUID();
    const insert = async (at: string, actorId: string, action: string) =>
      (
        await db.query<{ id: number }>(
          `insert into activity (at, actor_id, action, plan_id) values ($1, $2, $3, $4) returning id::int as id`,
          [at, actorId, action, planId],
        )
      ).rows[0].id;
    // 30 June 23:59 and 1 July 00:00 in Berlin (summer time, UTC+2), then 1 July 23:59:59 and 2 July 00:00.
    const a = await insert('2026-06-30T21:59:00Z', world.userIds.designer, 'comment.created');
    const b = await insert('2026-06-30T22:00:00Z', world.userIds.designer, 'member.added');
    const c = await insert('2026-07-01T21:59:59Z', world.userIds.staff, 'member.added');
    const d = await insert('2026-07-01T22:00:00Z', world.userIds.staff, 'member.added');
    const ids = async (query: string) => {
      const res = await get('staff', `/api/activity?planId=${planId}&${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.items as { id: number }[]).map((i) => i.id);
    };

    expect(await ids('')).toEqual([d, c, b, a]);
    expect(await ids('from=2026-07-01&to=2026-07-01')).toEqual([c, b]);
    expect(await ids('from=2026-07-02')).toEqual([d]);
    expect(await ids('to=2026-06-30')).toEqual([a]);
    expect(await ids(`actorId=${world.userIds.designer}`)).toEqual([b, a]);
    expect(await ids(`actor=${encodeURIComponent(world.emails.staff.toUpperCase())}`)).toEqual([d, c]);
    expect(await ids('action=comment.created')).toEqual([a]);
    expect(await ids('action=member.added&from=2026-07-01')).toEqual([d, c, b]);

    const first = await get('staff', `/api/activity?planId=${planId}&limit=2`);
    expect(first.body.items.map((i: { id: number }) => i.id)).toEqual([d, c]);
    expect(first.body.nextBefore).toBe(c);
    const second = await get('staff', `/api/activity?planId=${planId}&limit=2&before=${first.body.nextBefore}`);
    expect(second.body.items.map((i: { id: number }) => i.id)).toEqual([b, a]);
    const third = await get('staff', `/api/activity?planId=${planId}&limit=2&before=${second.body.nextBefore}`);
    expect(third.body).toEqual({ items: [], nextBefore: null });

    const actions = await get('staff', '/api/activity/actions');
    expect(actions.status).toBe(200);
    expect(actions.body.actions).toEqual(expect.arrayContaining(['comment.created', 'member.added']));
  });

  test('bad filters are a 400 naming the field', async () => {
    const field = async (query: string) => {
      const res = await get('staff', `/api/activity?${query}`);
      expect(res.status).toBe(400);
      return res.body.error.fields.map((f: { path: string }) => f.path);
    };
    expect(await field('from=2026-13-01')).toContain('from');
    expect(await field('from=2026-07-02&to=2026-07-01')).toContain('to');
    expect(await field('action=drop%20table')).toContain('action');
    expect(await field('actorId=nobody')).toContain('actorId');
    expect(await field('limit=0')).toContain('limit');
  });

  test('only staff read the log', async () => {
    for (const path of ['/api/activity', '/api/activity/actions']) {
      expect((await get('designer', path)).status).toBe(403);
      expect((await get('owner', path)).status).toBe(403);
      expect((await get(null, path)).status).toBe(401);
    }
  });

  test('the privacy text: everyone reads it, only staff change it, kept as plain text', async () => {
    const text = `# Datenschutz\n\nVerantwortlich: Stadt Dortmund <script>alert(1)</script> ${randomUUID()}\n\n- Punkt **eins**`;
    expect((await request(server, world.tokens.designer, 'PUT', '/api/privacy', { body: text })).status).toBe(403);
    expect((await request(server, world.tokens.owner, 'PUT', '/api/privacy', { body: text })).status).toBe(403);
    expect((await request(server, null, 'PUT', '/api/privacy', { body: text })).status).toBe(401);

    const saved = await request(server, world.tokens.staff, 'PUT', '/api/privacy', { body: text });
    expect(saved.status).toBe(200);
    expect(saved.body.body).toBe(text);
    expect(Date.parse(saved.body.updatedAt)).not.toBeNaN();
    const read = await request(server, null, 'GET', '/api/privacy');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(saved.body);

    const long = await request(server, world.tokens.staff, 'PUT', '/api/privacy', { body: 'x'.repeat(PRIVACY_TEXT_MAX + 1) });
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].path).toBe('body');
  });
});
