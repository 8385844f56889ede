import { describe, expect } from 'vitest';
import * as Y from 'yjs';
import WS from 'ws';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { addLayoutItem, addScheduleEntry, addTask, setMeta, toJSON } from '@planner/shared/plan/index';
import { submitApprovePublish } from '../../helpers/decisions.ts';
import { serverPlan, waitFor } from '../review/helpers.ts';

/**
 * Plan housekeeping (issue 14): reopen, read-only withdrawn plans over /yjs, archive, delete / restore /
 * purge, duplicate with a shifted schedule, rename, who may do each, and "geändert" following live edits.
 */
describe('plan housekeeping', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });

  const newPlan = async (title = `Haushalt ${Math.random().toString(36).slice(2, 7)}`) => {
    const res = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const post = (who: keyof DemoApis, path: string, body: unknown = {}) => api[who].post(path, body);
  const activity = async (planId: string, action: string) =>
    (await server.app.db.query('select details from activity where plan_id = $1 and action = $2', [planId, action])).rows;
  /** The ids of a plan list; a failed list says what it answered instead. */
  const ids = (res: { status?: number; body: { items?: { id: string }[] } }) => {
    if (!res.body?.items) throw new Error(`plan list: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body.items.map((p) => p.id);
  };

  test('reopen: a withdrawn plan goes back to draft (designers and staff), is audited, and can be submitted again', async () => {
    const planId = await newPlan();
    expect((await post('designer1', `/api/plans/${planId}/transitions/withdraw`)).body.status).toBe('withdrawn');
    for (const who of ['owner1', 'designer3'] as const) {
      expect((await post(who, `/api/plans/${planId}/transitions/reopen`)).status, who).toBe(403);
    }
    expect((await api.anonymous.post(`/api/plans/${planId}/transitions/reopen`, {})).status).toBe(401);
    const reopened = await post('designer1', `/api/plans/${planId}/transitions/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'draft', transition: { name: 'reopen', from: 'withdrawn', to: 'draft' } });
    expect(await activity(planId, 'plan.reopen')).toHaveLength(1);
    expect((await post('designer1', `/api/plans/${planId}/transitions/submit`)).body.status).toBe('submitted');
    // Staff may reopen too; reopening a plan that is not withdrawn is a 409.
    expect((await post('staff', `/api/plans/${planId}/transitions/reopen`)).status).toBe(409);
    await post('designer1', `/api/plans/${planId}/transitions/withdraw`);
    expect((await post('staff', `/api/plans/${planId}/transitions/reopen`)).body.status).toBe('draft');
  });

  test('a withdrawn plan is read-only over /yjs for the stock client: edits are dropped; reopening makes it writable again', async ({
    openDoc,
  }) => {
    const planId = await newPlan();
    const designer = await openDoc(planId, api.designer1.token!);
    setMeta(designer.doc, { title: 'vorher' });
    await waitFor(async () => (await serverPlan(server, planId)).meta.title === 'vorher');
    await post('designer1', `/api/plans/${planId}/transitions/withdraw`);
    // The open connection turned read-only; a new one is read-only from the start.
    const fresh = await openDoc(planId, api.designer1.token!);
    addLayoutItem(fresh.doc, { kind: 'plinth', x: 10, y: 10, w: 100, h: 80 } as never);
    setMeta(designer.doc, { title: 'nachher' });
    await new Promise((r) => setTimeout(r, 300));
    await server.app.sync.flush();
    const after = await serverPlan(server, planId);
    expect(after.meta.title).toBe('vorher');
    expect(Object.keys(after.layout)).toHaveLength(0);
    const { rows } = await server.app.db.query<{ n: number }>(
      'select count(*)::int as n from document_updates where doc_id = $1',
      [planId],
    );
    const before = rows[0].n;

    await post('designer1', `/api/plans/${planId}/transitions/reopen`);
    const again = await openDoc(planId, api.designer1.token!);
    setMeta(again.doc, { title: 'wieder offen' });
    await waitFor(async () => (await serverPlan(server, planId)).meta.title === 'wieder offen');
    await server.app.sync.flush();
    const { rows: later } = await server.app.db.query<{ n: number }>(
      'select count(*)::int as n from document_updates where doc_id = $1',
      [planId],
    );
    expect(later[0].n).toBeGreaterThan(before);
  });

  test('archive: only done or withdrawn plans; off the lists unless asked for; still readable; unarchive brings it back', async () => {
    const draft = await newPlan();
    const archiveDraft = await post('designer1', `/api/plans/${draft}/archive`);
    expect(archiveDraft.status).toBe(409);
    expect(archiveDraft.body.error.key).toBe('plan.notArchivable');

    const planId = await newPlan();
    await post('designer1', `/api/plans/${planId}/transitions/withdraw`);
    expect((await post('owner1', `/api/plans/${planId}/archive`)).status).toBe(403);
    expect((await post('designer3', `/api/plans/${planId}/archive`)).status).toBe(403);
    const archived = await post('designer1', `/api/plans/${planId}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect(await activity(planId, 'plan.archive')).toHaveLength(1);
    expect(ids(await api.designer1.get('/api/plans?limit=200'))).not.toContain(planId);
    expect(ids(await api.staff.get('/api/plans?limit=200&status=withdrawn'))).not.toContain(planId);
    expect(ids(await api.designer1.get('/api/plans?limit=200&archived=true'))).toContain(planId);
    expect((await api.owner1.get(`/api/plans/${planId}`)).status).toBe(200);
    expect((await api.designer1.get(`/api/plans/${planId}`)).body.archivedAt).toEqual(expect.any(String));

    const back = await post('staff', `/api/plans/${planId}/unarchive`);
    expect(back.status).toBe(200);
    expect(back.body.archivedAt).toBeNull();
    expect(ids(await api.designer1.get('/api/plans?limit=200'))).toContain(planId);

    // A done plan can be archived by staff.
    const done = await newPlan();
    await submitApprovePublish(api.designer1, api.staff, done);
    await post('staff', `/api/plans/${done}/transitions/complete`);
    expect((await post('staff', `/api/plans/${done}/archive`)).status).toBe(200);
  });

  test('delete: only a never-submitted draft; 404 plan.deleted to non-staff; gone from lists and checks; staff list and restore it', async () => {
    const planId = await newPlan();
    expect((await api.owner1.delete(`/api/plans/${planId}`)).status).toBe(403);
    expect((await api.designer3.delete(`/api/plans/${planId}`)).status).toBe(403);
    expect((await api.designer1.delete(`/api/plans/${planId}`)).status).toBe(204);
    expect(await activity(planId, 'plan.delete')).toHaveLength(1);

    for (const who of ['designer1', 'owner1'] as const) {
      const res = await api[who].get(`/api/plans/${planId}`);
      expect(res.status, who).toBe(404);
      expect(res.body.error.key).toBe('plan.deleted');
      expect(ids(await api[who].get('/api/plans?limit=200')), who).not.toContain(planId);
    }
    expect((await api.designer1.get(`/api/plans/${planId}/members`)).status).toBe(404);
    expect((await api.staff.get(`/api/plans/${planId}`)).status).toBe(200);
    expect(ids(await api.staff.get('/api/plans?limit=200'))).not.toContain(planId);
    const { rows: live } = await server.app.db.query<{ id: string }>(
      `select id from plans where status = 'draft' and deleted_at is null and id = $1`,
      [planId],
    );
    expect(live).toHaveLength(0);

    expect((await api.designer1.get('/api/plans/deleted')).status).toBe(403);
    const deleted = await api.staff.get('/api/plans/deleted');
    expect(deleted.status).toBe(200);
    const entry = deleted.body.items.find((p: { id: string }) => p.id === planId);
    expect(entry).toMatchObject({ deletedAt: expect.any(String), restoreUntil: expect.any(String) });
    expect(Date.parse(entry.restoreUntil) - Date.parse(entry.deletedAt)).toBe(30 * 86_400_000);

    expect((await post('designer1', `/api/plans/${planId}/restore`)).status).toBe(404);
    const restored = await post('staff', `/api/plans/${planId}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();
    expect(await activity(planId, 'plan.restore')).toHaveLength(1);
    expect((await api.designer1.get(`/api/plans/${planId}`)).status).toBe(200);
    expect(ids(await api.designer1.get('/api/plans?limit=200'))).toContain(planId);

    // A plan that was ever submitted cannot be deleted, even after it went back to draft.
    await post('designer1', `/api/plans/${planId}/transitions/submit`);
    await post('designer1', `/api/plans/${planId}/transitions/withdraw`);
    await post('designer1', `/api/plans/${planId}/transitions/reopen`);
    const refused = await api.designer1.delete(`/api/plans/${planId}`);
    expect(refused.status).toBe(409);
  });

  test('a deleted plan refuses the live document to its designer; the purge removes it after the restore window', async () => {
    const planId = await newPlan();
    const doc = await server.app.sync.getDocState(planId);
    expect(doc).toBeInstanceOf(Uint8Array);
    await api.designer1.delete(`/api/plans/${planId}`);
    const status = await new Promise<number>((resolve) => {
      const ws = new WS(`${server.wsUrl}/yjs/${planId}?token=${api.designer1.token}`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => undefined);
    });
    expect(status).toBe(404);

    expect(await server.app.housekeeping.purge()).not.toContain(planId);
    await server.app.db.query(`update plans set deleted_at = now() - interval '31 days' where id = $1`, [planId]);
    expect((await api.staff.get('/api/plans/deleted')).body.items.map((p: { id: string }) => p.id)).not.toContain(planId);
    expect((await post('staff', `/api/plans/${planId}/restore`)).status).toBe(409);
    expect(await server.app.housekeeping.purge()).toContain(planId);
    expect((await server.app.db.query('select 1 from plans where id = $1', [planId])).rows).toHaveLength(0);
    expect((await api.staff.get(`/api/plans/${planId}`)).status).toBe(404);
  });

  test('duplicate: a new draft with layout and tasks, the schedule moved to the new start date with the same offsets; the copier leads it', async ({
    openDoc,
  }) => {
    const source = await newPlan('Vorlage');
    const client = await openDoc(source, api.designer1.token!);
    const d = client.doc;
    addLayoutItem(d, { kind: 'plinth', x: 100, y: 120, w: 160, h: 80, label: 'Tresen' } as never);
    const opening = addScheduleEntry(d, {
      kind: 'event',
      title: 'Eröffnung',
      start: '2027-03-05T18:00:00+01:00',
      end: '2027-03-05T20:00:00+01:00',
      public: true,
    } as never);
    addScheduleEntry(d, {
      kind: 'event',
      title: 'Finissage',
      start: '2027-03-12T19:00:00+01:00',
      end: '2027-03-12T21:00:00+01:00',
      public: true,
    } as never);
    addTask(d, { title: 'Schlüssel holen', due: '2027-03-04', scheduleEntryId: opening } as never);
    await waitFor(async () => Object.keys((await serverPlan(server, source)).schedule).length === 2);
    await waitFor(async () => Object.keys((await serverPlan(server, source)).tasks).length === 1);

    expect((await post('owner1', `/api/plans/${source}/duplicate`, { title: 'Kopie', startDate: '2027-04-01' })).status).toBe(
      403,
    );
    const bad = await post('designer1', `/api/plans/${source}/duplicate`, { title: 'Kopie', startDate: '1. April' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('startDate');

    // designer2 is no member of the source: staff duplicate, and the copier leads the copy.
    const copy = await post('designer1', `/api/plans/${source}/duplicate`, { title: 'Kopie im April', startDate: '2027-04-01' });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ title: 'Kopie im April', status: 'draft', myRole: 'designer' });
    expect(copy.body.id).not.toBe(source);
    expect(await activity(copy.body.id, 'plan.duplicate')).toHaveLength(1);

    const plan = await serverPlan(server, copy.body.id);
    expect(Object.values(plan.layout).map((i) => (i as { label?: string }).label)).toEqual(['Tresen']);
    const entries = Object.values(plan.schedule).sort((a, b) => a.start.localeCompare(b.start));
    // Summer time from 29 March: the wall-clock times stay, the offset follows.
    expect(entries.map((e) => [e.title, e.start, e.end])).toEqual([
      ['Eröffnung', '2027-04-01T18:00:00+02:00', '2027-04-01T20:00:00+02:00'],
      ['Finissage', '2027-04-08T19:00:00+02:00', '2027-04-08T21:00:00+02:00'],
    ]);
    const tasks = Object.values(plan.tasks);
    expect(tasks.map((t) => [t.title, t.due])).toEqual([['Schlüssel holen', '2027-03-31']]);
    expect(plan.schedule[tasks[0].scheduleEntryId!]?.title).toBe('Eröffnung');
    // The source is untouched.
    const original = await serverPlan(server, source);
    expect(
      Object.values(original.schedule)
        .map((e) => e.start)
        .sort(),
    ).toEqual(['2027-03-05T18:00:00+01:00', '2027-03-12T19:00:00+01:00']);
    const members = await api.designer1.get(`/api/plans/${copy.body.id}/members`);
    expect(members.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [demo.users.designer1.id, 'designer'],
    ]);

    const byStaff = await post('staff', `/api/plans/${source}/duplicate`, { title: 'Kopie Stab', startDate: '2027-03-05' });
    expect(byStaff.status).toBe(201);
    expect(byStaff.body.myRole).toBe('staff');
  });

  test('rename: PATCH title by designers and staff, audited; 400 naming `title` for a blank one; 403 for others', async () => {
    const planId = await newPlan('Alter Name');
    expect((await api.owner1.patch(`/api/plans/${planId}`, { title: 'X' })).status).toBe(403);
    expect((await api.designer3.patch(`/api/plans/${planId}`, { title: 'X' })).status).toBe(403);
    const blank = await api.designer1.patch(`/api/plans/${planId}`, { title: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.fields.map((f: { path: string }) => f.path)).toContain('title');
    const res = await api.designer1.patch(`/api/plans/${planId}`, { title: 'Neuer Name' });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Neuer Name');
    expect((await api.staff.patch(`/api/plans/${planId}`, { title: 'Stabsname' })).body.title).toBe('Stabsname');
    expect((await activity(planId, 'plan.rename')).map((r) => r.details)).toEqual([
      { from: 'Alter Name', to: 'Neuer Name' },
      { from: 'Neuer Name', to: 'Stabsname' },
    ]);
  });

  test('the dashboard time follows a live edit of the document and is pushed to the dashboards', async ({ openDoc, record }) => {
    const planId = await newPlan();
    await server.app.db.query(`update plans set updated_at = now() - interval '1 hour' where id = $1`, [planId]);
    const before = (await api.designer1.get(`/api/plans/${planId}`)).body.updatedAt as string;
    const staffEvents = await record(api.staff.token!);
    const designerEvents = await record(api.designer1.token!);
    const client = await openDoc(planId, api.designer1.token!);
    setMeta(client.doc, { title: 'live bearbeitet' });
    await waitFor(async () => (await api.designer1.get(`/api/plans/${planId}`)).body.updatedAt !== before);
    const after = (await api.designer1.get(`/api/plans/${planId}`)).body.updatedAt as string;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before) + 30 * 60_000);
    const list = await api.designer1.get('/api/plans?limit=200');
    expect(list.body.items.find((p: { id: string }) => p.id === planId).updatedAt).toBe(after);
    for (const rec of [staffEvents, designerEvents]) {
      const e = await rec.first('plans:changed', (p: { planId: string }) => p.planId === planId);
      expect(e).toMatchObject({ planId, updatedAt: expect.any(String) });
    }
  });

  test('a withdrawn plan’s document stays readable (the stock client syncs, read-only)', async ({ openDoc }) => {
    const planId = await newPlan();
    const c = await openDoc(planId, api.designer1.token!);
    setMeta(c.doc, { title: 'lesbar' });
    await waitFor(async () => (await serverPlan(server, planId)).meta.title === 'lesbar');
    await post('designer1', `/api/plans/${planId}/transitions/withdraw`);
    const reader = await openDoc(planId, api.owner1.token!);
    expect(toJSON(reader.doc).plan.meta.title).toBe('lesbar');
    expect(reader.doc).toBeInstanceOf(Y.Doc);
  });
});
