import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorefrontCreate, rooms as roomOf } from '@planner/shared';
import { addLayoutItem, deleteLayoutItem } from '@planner/shared/plan/index';
import { MemoryPubSub } from '../../platform/bus/memory-pubsub.ts';
import type { Database } from '../../platform/db/database.ts';
import { sharedTestDatabase } from '../../platform/db/test-database.ts';
import { createUser } from '../accounts/users.ts';
import { NotificationService } from '../notifications/service.ts';
import { addMember } from '../plans/repo.ts';
import { createPlan } from '../plans/service.ts';
import { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import { syncDocReader } from '../review/docs.ts';
import { StorefrontService } from '../storefronts/service.ts';
import { CommentService } from './service.ts';

const UNIONVIERTEL = '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000001';

/** Comment threads on a real (in-memory, migrated) database, a real Yjs document and the real room broadcaster. */
describe('CommentService', () => {
  const run = randomUUID().slice(0, 8);
  const bus = new MemoryPubSub();
  /** What reached the rooms of this instance (the socket.io side of the broadcaster). */
  const emitted: { room: string; event: string; payload: unknown }[] = [];
  const doc = new Y.Doc();
  let db: Database;
  let comments: CommentService;
  let planId: string;
  let tableId: string;
  const people = {} as Record<'owner' | 'designer' | 'colleague' | 'stranger', { userId: string; name: string }>;

  const events = (event: string) => emitted.filter((e) => e.event === event);
  const settle = () => new Promise((r) => setTimeout(r, 10));
  const notificationsOf = async (userId: string) =>
    (
      await db.query<{ kind: string; key: string; comment_id: string }>(
        'select kind, key, comment_id from notifications where user_id = $1 and plan_id = $2 order by id',
        [userId, planId],
      )
    ).rows;

  beforeAll(async () => {
    db = await sharedTestDatabase();
    const broadcaster = new RoomBroadcaster(
      bus,
      { emitLocal: (room, event, payload) => void emitted.push({ room, event, payload }) },
      (err) => {
        throw err;
      },
    );
    await broadcaster.start();
    comments = new CommentService(
      db,
      syncDocReader({ withDoc: async (_id, fn) => fn(doc) }),
      broadcaster,
      new NotificationService(db, broadcaster),
    );
    for (const name of ['owner', 'designer', 'colleague', 'stranger'] as const) {
      const u = await createUser(db, { email: `${name}-${run}@example.org`, name: `${name} ${run}` });
      people[name] = { userId: u.id, name: u.name };
    }
    const storefront = await new StorefrontService(db).create(
      StorefrontCreate.parse({
        quarterId: UNIONVIERTEL,
        title: `Kommentarladen ${run}`,
        address: 'Rheinische Straße 1',
        lat: 51.5,
        lng: 7.4,
        areaM2: 40,
        outline: [
          { x: 0, y: 0 },
          { x: 500, y: 0 },
          { x: 500, y: 500 },
        ],
        ownerId: people.owner.userId,
      }),
    );
    planId = (
      await createPlan(
        db,
        { userId: people.designer.userId, staff: false },
        { storefrontId: storefront.id, title: 'Lichtspiele' },
      )
    ).id;
    await addMember(db, planId, people.colleague.userId, 'designer', people.designer.userId);
    tableId = addLayoutItem(doc, { kind: 'table', x: 10, y: 10, w: 100, h: 60, label: 'Werktisch' });
  });
  afterAll(() => bus.close());

  it('keeps a thread with its reply on the anchored item, and tells the plan room and the people concerned', async () => {
    const { owner, designer, colleague } = people;
    const root = await comments.create(planId, owner, {
      body: 'Bitte nicht vor die Tür',
      anchor: { kind: 'layout', id: tableId },
      mentions: [designer.userId],
    });
    expect(root).toMatchObject({
      parentId: null,
      anchor: { kind: 'layout', id: tableId },
      anchorLabel: 'Werktisch',
      orphaned: false,
      author: { id: owner.userId },
      resolved: false,
    });

    // A reply joins the root's thread and anchor, whatever it was sent with.
    const reply = await comments.create(planId, designer, { body: 'Rücken wir weg', parentId: root.id, mentions: [] });
    expect(reply).toMatchObject({ parentId: root.id, anchor: { kind: 'layout', id: tableId }, anchorLabel: 'Werktisch' });
    expect(reply.cursor).toBeGreaterThan(root.cursor);

    const all = await comments.list(planId, 0, 100);
    expect(all.items.map((c) => c.id)).toEqual([root.id, reply.id]);
    expect(all.cursor).toBe(reply.cursor);
    expect((await comments.list(planId, root.cursor, 100)).items.map((c) => c.id)).toEqual([reply.id]);

    await settle();
    expect(events('comment:created').map((e) => [e.room, (e.payload as { id: string }).id])).toEqual([
      [roomOf.plan(planId), root.id],
      [roomOf.plan(planId), reply.id],
    ]);
    // Mentioned once (not also as a plain member); the root's author hears of the reply; nobody of their own comment.
    expect(await notificationsOf(designer.userId)).toEqual([
      { kind: 'mention', key: 'notification.mention', comment_id: root.id },
    ]);
    expect(await notificationsOf(owner.userId)).toEqual([{ kind: 'reply', key: 'notification.reply', comment_id: reply.id }]);
    expect((await notificationsOf(colleague.userId)).map((n) => n.kind)).toEqual(['comment', 'comment']);

    // Deleting the item leaves the thread readable, marked orphaned.
    deleteLayoutItem(doc, tableId);
    expect((await comments.list(planId, 0, 100)).items.map((c) => c.orphaned)).toEqual([true, true]);
    tableId = addLayoutItem(doc, { kind: 'table', x: 10, y: 10, w: 100, h: 60, label: 'Werktisch' });
  });

  it('resolves and reopens a whole thread, for those who wrote in it', async () => {
    const { owner, designer, colleague } = people;
    const root = await comments.create(planId, owner, { body: 'Wie laut wird es?', mentions: [] });
    const reply = await comments.create(planId, designer, { body: 'Zimmerlautstärke', parentId: root.id, mentions: [] });

    expect(await comments.isParticipant(planId, reply.id, owner.userId)).toBe(true);
    expect(await comments.isParticipant(planId, root.id, designer.userId)).toBe(true);
    expect(await comments.isParticipant(planId, root.id, colleague.userId)).toBe(false);

    // Resolving through the reply resolves the root.
    const resolved = await comments.setResolved(planId, reply.id, designer.userId, true);
    expect(resolved).toMatchObject({ id: root.id, resolved: true, resolvedBy: designer.userId });
    expect(resolved.resolvedAt).not.toBeNull();
    const after = await comments.list(planId, reply.cursor, 100);
    expect(after.items).toEqual([expect.objectContaining({ id: root.id, resolved: true })]);

    const reopened = await comments.setResolved(planId, root.id, owner.userId, false);
    expect(reopened).toMatchObject({ id: root.id, resolved: false, resolvedBy: null, resolvedAt: null });
    expect(reopened.cursor).toBeGreaterThan(resolved.cursor);
  });

  it('edits and deletes as the author’s own, leaving a tombstone that keeps its replies', async () => {
    const { owner, designer, colleague, stranger } = people;
    const root = await comments.create(planId, designer, { body: 'Erster Entwurf', mentions: [] });
    const reply = await comments.create(planId, owner, { body: 'Passt', parentId: root.id, mentions: [] });
    expect(await comments.isAuthor(planId, root.id, designer.userId)).toBe(true);
    expect(await comments.isAuthor(planId, root.id, owner.userId)).toBe(false);
    expect(await comments.isAuthor(planId, reply.id, designer.userId)).toBe(false);

    const edited = await comments.edit(planId, root.id, designer, { body: 'Zweiter Entwurf', mentions: [colleague.userId] });
    expect(edited).toMatchObject({ body: 'Zweiter Entwurf', mentions: [colleague.userId] });
    expect(edited.editedAt).not.toBeNull();
    expect((await notificationsOf(colleague.userId)).filter((n) => n.comment_id === root.id).map((n) => n.kind)).toEqual([
      'comment',
      'mention',
    ]);

    // Only members (and the storefront's owner) can be mentioned.
    const refused = await comments
      .edit(planId, root.id, designer, { body: 'x', mentions: [stranger.userId] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'mentions' }] });

    await comments.remove(planId, root.id, designer.userId);
    const listed = (await comments.list(planId, edited.cursor, 100)).items;
    expect(listed).toEqual([expect.objectContaining({ id: root.id, deleted: true, body: '', mentions: [] })]);
    expect((await comments.list(planId, 0, 100)).items.find((c) => c.id === reply.id)).toMatchObject({
      parentId: root.id,
      body: 'Passt',
      deleted: false,
    });
    await expect(comments.edit(planId, root.id, designer, { body: 'wieder da', mentions: [] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
