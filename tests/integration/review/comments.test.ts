import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addLayoutItem, addScheduleEntry, deleteLayoutItem } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { connectRecorder, entry, openDoc, serverPlan, waitFor, type Recorder } from './helpers.ts';

describe('comments', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let owner: Recorder;
  let designerDoc: Awaited<ReturnType<typeof openDoc>>;
  let planId: string;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    planId = demo.planId;
    designerDoc = await openDoc(server, planId, api.designer1.token!);
    addLayoutItem(designerDoc.doc, { id: 'wall', kind: 'partition-wall', x: 0, y: 200, w: 300, h: 10, label: 'Stellwand Nord' });
    addLayoutItem(designerDoc.doc, { id: 'case', kind: 'display-case', x: 400, y: 200, w: 100, h: 50, label: 'Vitrine' });
    addScheduleEntry(designerDoc.doc, entry('opening', { kind: 'opening', title: 'Vernissage' }));
    await waitFor(
      async () => Object.keys((await serverPlan(server, planId)).layout).length === 2 || undefined,
      5000,
      'layout on the server',
    );
    owner = await connectRecorder(server, api.owner1.token!);
  });

  afterAll(async () => {
    owner?.close();
    designerDoc?.close();
  });

  it('owner comments on a layout item, a designer replies and resolves; the owner is notified live', async () => {
    const thread = await api.owner1.post(`/api/plans/${planId}/comments`, {
      body: 'Die Stellwand verdeckt das Schaufenster.',
      anchor: { kind: 'layout', id: 'wall' },
      mentions: [demo.users.designer2.id],
    });
    expect(thread.status).toBe(201);
    expect(thread.body).toMatchObject({
      parentId: null,
      anchor: { kind: 'layout', id: 'wall' },
      anchorLabel: 'Stellwand Nord',
      orphaned: false,
      author: { id: demo.users.owner1.id },
      resolved: false,
    });

    // Mentioned designer2 gets a mention; designer1 (a member) a comment notification.
    const d2 = await waitFor(async () =>
      (await api.designer2.get('/api/notifications')).body.items.find(
        (n: { commentId: string }) => n.commentId === thread.body.id,
      ),
    );
    expect(d2.kind).toBe('mention');
    const d1 = await waitFor(async () =>
      (await api.designer1.get('/api/notifications')).body.items.find(
        (n: { commentId: string }) => n.commentId === thread.body.id,
      ),
    );
    expect(d1.kind).toBe('comment');

    const reply = await api.designer1.post(`/api/plans/${planId}/comments`, {
      body: 'Wir schieben sie nach hinten.',
      parentId: thread.body.id,
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ parentId: thread.body.id, anchor: { kind: 'layout', id: 'wall' } });

    // The owner's socket (their person room) receives the reply notification.
    const live = await owner.first('notification:new', (p) => p.notification.commentId === reply.body.id, 3000);
    expect(live.notification).toMatchObject({ kind: 'reply', planId, actor: { id: demo.users.designer1.id }, read: false });
    expect(live.unreadCount).toBeGreaterThanOrEqual(1);

    // The staff member has not written in this thread: not theirs to resolve.
    expect((await api.staff.post(`/api/plans/${planId}/comments/${thread.body.id}/resolve`)).status).toBe(403);
    const resolved = await api.designer1.post(`/api/plans/${planId}/comments/${thread.body.id}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: thread.body.id, resolved: true, resolvedBy: demo.users.designer1.id });
    const reopened = await api.owner1.post(`/api/plans/${planId}/comments/${reply.body.id}/reopen`);
    expect(reopened.body).toMatchObject({ id: thread.body.id, resolved: false });

    // Reading and marking notifications.
    const list = (await api.owner1.get('/api/notifications?unread=true')).body;
    expect(list.unreadCount).toBe(list.items.length);
    const after = await api.owner1.post('/api/notifications/read', { ids: [live.notification.id] });
    expect(after.body.unreadCount).toBe(list.unreadCount - 1);
    expect((await api.owner1.post('/api/notifications/read', { all: true })).body.unreadCount).toBe(0);
  });

  it('edit and delete own only; non-members 403, the public 401; mentions only of members', async () => {
    const c = await api.designer2.post(`/api/plans/${planId}/comments`, {
      body: 'Eröffnung um 19 Uhr?',
      anchor: { kind: 'schedule', id: 'opening' },
    });
    expect(c.status).toBe(201);
    expect(c.body.anchorLabel).toBe('Vernissage');
    expect((await api.designer1.patch(`/api/plans/${planId}/comments/${c.body.id}`, { body: 'fremd' })).status).toBe(403);
    const edited = await api.designer2.patch(`/api/plans/${planId}/comments/${c.body.id}`, { body: 'Eröffnung um 18 Uhr?' });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('Eröffnung um 18 Uhr?');
    expect(edited.body.editedAt).not.toBeNull();
    expect((await api.owner1.delete(`/api/plans/${planId}/comments/${c.body.id}`)).status).toBe(403);
    expect((await api.designer2.delete(`/api/plans/${planId}/comments/${c.body.id}`)).status).toBe(204);

    // designer3 is no member of this plan, owner2 does not own its storefront.
    const body = { body: 'Hallo', anchor: { kind: 'plan' } };
    expect((await api.designer3.post(`/api/plans/${planId}/comments`, body)).status).toBe(403);
    expect((await api.owner2.post(`/api/plans/${planId}/comments`, body)).status).toBe(403);
    expect((await api.designer3.get(`/api/plans/${planId}/comments`)).status).toBe(403);
    expect((await api.anonymous.post(`/api/plans/${planId}/comments`, body)).status).toBe(401);
    const badMention = await api.owner1.post(`/api/plans/${planId}/comments`, { ...body, mentions: [demo.users.designer3.id] });
    expect(badMention.status).toBe(400);
    const badAnchor = await api.owner1.post(`/api/plans/${planId}/comments`, { body: 'x', anchor: { kind: 'task', id: 'nope' } });
    expect(badAnchor.status).toBe(400);

    const all = (await api.owner1.get(`/api/plans/${planId}/comments`)).body.items;
    const tomb = all.find((x: { id: string }) => x.id === c.body.id);
    expect(tomb).toMatchObject({ deleted: true, body: '' });

    // Audited: who wrote, edited and deleted it.
    const { rows } = await server.app.db.query<{ action: string; actor_id: string }>(
      'select action, actor_id from activity where subject_id = $1 order by id',
      [c.body.id],
    );
    expect(rows).toEqual(
      ['comment.created', 'comment.edited', 'comment.deleted'].map((action) => ({ action, actor_id: demo.users.designer2.id })),
    );
  });

  it('a comment on a deleted item comes back orphaned, still readable', async () => {
    const c = await api.owner1.post(`/api/plans/${planId}/comments`, {
      body: 'Ist die Vitrine abschließbar?',
      anchor: { kind: 'layout', id: 'case' },
    });
    expect(c.status).toBe(201);
    expect(c.body.orphaned).toBe(false);
    deleteLayoutItem(designerDoc.doc, 'case');
    await waitFor(async () => !(await serverPlan(server, planId)).layout.case || undefined, 5000, 'deletion on the server');
    const items = (await api.owner1.get(`/api/plans/${planId}/comments`)).body.items;
    const again = items.find((x: { id: string }) => x.id === c.body.id);
    expect(again).toMatchObject({
      orphaned: true,
      body: 'Ist die Vitrine abschließbar?',
      anchor: { kind: 'layout', id: 'case' },
      anchorLabel: 'Vitrine',
    });
    expect(items.find((x: { anchor: { id?: string } }) => x.anchor.id === 'wall').orphaned).toBe(false);
  });
});
