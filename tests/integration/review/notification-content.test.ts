import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { waitFor } from './helpers.ts';

interface Note {
  id: number;
  kind: string;
  planId: string | null;
  commentId: string | null;
  excerpt: string | null;
  tab: string | null;
  link: string | null;
}
interface Target {
  key: string;
  name: string;
  relation: 'member' | 'owner' | 'staff';
  userIds: string[];
}

/**
 * What a notification says and where it leads (issue 14): newest first and paged (`before`), with an
 * excerpt of the comment or note, and a link to the plan's right tab (`?tab=review`). "Benachrichtigen"
 * offers the plan's members, the storefront's owner and the Stabsstelle, and the server accepts exactly those.
 */
describe('notification content', () => {
  let demo: DemoSet;
  let api: DemoApis;

  test.beforeAll(async ({ world }) => {
    ({ demo, api } = world);
  });

  const comment = async (body: string, mentions: string[] = []) => {
    const res = await api.owner1.post(`/api/plans/${demo.planId}/comments`, { body, anchor: { kind: 'plan' }, mentions });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('lists newest first and pages older ones with `before`', async () => {
    const ids = [await comment('Eins'), await comment('Zwei'), await comment('Drei')];
    const first = (await api.designer1.get('/api/notifications?limit=2')).body;
    expect(first.items.map((n: Note) => n.commentId)).toEqual([ids[2], ids[1]]);
    expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
    expect(typeof first.nextBefore).toBe('number');
    const next = (await api.designer1.get(`/api/notifications?limit=2&before=${first.nextBefore}`)).body;
    expect(next.items[0].commentId).toBe(ids[0]);
    expect(next.items.every((n: Note) => n.id < first.items[1].id)).toBe(true);
    // The catch-up after a reconnect still reads forward from a cursor.
    const since = (await api.designer1.get(`/api/notifications?since=${next.items[0].id}`)).body;
    expect(since.items.map((n: Note) => n.commentId)).toEqual([ids[1], ids[2]]);
  });

  it('a comment notification carries an excerpt of the comment and links to the review tab', async () => {
    const long = `Bitte die Stellwände näher ans Fenster rücken. ${'Sehr lang. '.repeat(40)}`;
    const id = await comment(long);
    const note = await waitFor(async () =>
      ((await api.designer1.get('/api/notifications')).body.items as Note[]).find((n) => n.commentId === id),
    );
    expect(note.kind).toBe('comment');
    expect(note.excerpt!.startsWith('Bitte die Stellwände näher ans Fenster rücken.')).toBe(true);
    expect(note.excerpt!.length).toBeLessThanOrEqual(160);
    expect(note.excerpt!.endsWith('…')).toBe(true);
    expect(note.tab).toBe('review');
    expect(note.link).toBe(`/plans/${demo.planId}?tab=review`);
  });

  it('"changes requested" carries the staff note and opens the review tab', async () => {
    expect((await api.designer1.post(`/api/plans/${demo.planId}/transitions/submit`)).status).toBe(200);
    expect(
      (await api.staff.post(`/api/plans/${demo.planId}/transitions/request-changes`, { note: 'Bitte Abbau früher planen' }))
        .status,
    ).toBe(200);
    const note = await waitFor(async () =>
      ((await api.designer1.get('/api/notifications')).body.items as Note[]).find((n) => n.kind === 'changes-requested'),
    );
    expect(note.excerpt).toBe('Bitte Abbau früher planen');
    expect(note.link).toBe(`/plans/${demo.planId}?tab=review`);
    const staffNote = ((await api.staff.get('/api/notifications')).body.items as Note[]).find((n) => n.kind === 'plan-submitted');
    expect(staffNote?.tab).toBe('review');
  });

  it('"Benachrichtigen" offers members, the storefront owner and the Stabsstelle, also in a new plan', async () => {
    const created = await api.designer2.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: 'Neuer Plan' });
    expect(created.status).toBe(201);
    const planId = created.body.id as string;
    const res = await api.designer2.get(`/api/plans/${planId}/comments/mention-targets`);
    expect(res.status).toBe(200);
    const targets = res.body.items as Target[];
    expect(targets).toContainEqual(
      expect.objectContaining({ relation: 'owner', key: demo.users.owner1.id, userIds: [demo.users.owner1.id] }),
    );
    const staff = targets.find((t) => t.relation === 'staff')!;
    expect(staff.userIds).toContain(demo.users.staff.id);
    expect(targets.some((t) => t.userIds.includes(demo.users.designer2.id))).toBe(false); // not oneself
    expect((await api.designer3.get(`/api/plans/${planId}/comments/mention-targets`)).status).toBe(403);

    const ok = await api.designer2.post(`/api/plans/${planId}/comments`, {
      body: 'Frage an Eigentümer und Stabsstelle',
      anchor: { kind: 'plan' },
      // The Stabsstelle as one mention, as the editor sends it: the number of staff accounts does not matter.
      mentions: [demo.users.owner1.id, 'staff'],
    });
    expect(ok.status).toBe(201);
    for (const who of [api.owner1, api.staff]) {
      const n = await waitFor(async () =>
        ((await who.get('/api/notifications')).body.items as Note[]).find((x) => x.commentId === ok.body.id),
      );
      expect(n).toMatchObject({ kind: 'mention', excerpt: 'Frage an Eigentümer und Stabsstelle', tab: 'review' });
    }
    const bad = await api.designer2.post(`/api/plans/${planId}/comments`, {
      body: 'Und an Fremde',
      anchor: { kind: 'plan' },
      mentions: [demo.users.designer3.id],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('mentions');
  });
});
