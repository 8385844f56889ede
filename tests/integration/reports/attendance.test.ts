import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addScheduleEntry } from '@planner/shared/plan/index';
import { test } from '../../helpers/fixtures.ts';
import { request, type DemoApis } from '../../helpers/api.ts';
import { sharedDatabase } from '../../helpers/db.ts';
import { submitApprovePublish } from '../../helpers/decisions.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { newStorefront } from '../places/kit.ts';
import { buildReportCity, type ReportCity } from './fixture.ts';

/** Issue 20: visitors recorded per ended public entry by the plan's designers and staff. */
describe('attendance', () => {
  let server: TestServer;
  let api: DemoApis;
  let city: ReportCity;
  let demo: DemoSet;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    api = world.api;
    demo = world.demo;
    city = await buildReportCity(server, api, world.demo, 'Besuch');
  });

  it('lists the ended public entries with their counts, for members, the owner and staff', async () => {
    const res = await api.designer1.get(`/api/plans/${city.plans.A}/attendance`);
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(true);
    expect(res.body.upcoming).toBe(0);
    // Only the public entry: setup and teardown are private.
    expect(res.body.entries).toEqual([
      expect.objectContaining({
        entryId: 'a1',
        title: 'Termin a1',
        visitors: 40,
        note: 'Volles Haus',
        start: '2025-03-29T17:00:00.000Z',
      }),
    ]);
    expect(res.body.entries[0].recordedBy).toBeTruthy();
    const c = await api.owner2.get(`/api/plans/${city.plans.C}/attendance`);
    expect(c.status).toBe(200);
    // The cancelled entry c2 is gone; c1 carries the corrected count.
    expect(
      c.body.entries.map((x: { entryId: string; visitors: number; note: string }) => [x.entryId, x.visitors, x.note]),
    ).toEqual([['c1', 120, 'nachgezählt']]);
    expect(
      (await api.staff.get(`/api/plans/${city.plans.B}/attendance`)).body.entries.map(
        (x: { visitors: number | null }) => x.visitors,
      ),
    ).toEqual([10, null]);
    // Approved but not published: nothing to count yet.
    expect((await api.designer1.get(`/api/plans/${city.plans.E}/attendance`)).body).toEqual({
      entries: [],
      upcoming: 0,
      published: false,
    });
  });

  it('writes each recorded or corrected count to the activity log, with the plan and the entry', async () => {
    const put = await api.designer1.put(`/api/plans/${city.plans.A}/attendance/a1`, { visitors: 41, note: 'Nachtrag' });
    expect(put.status).toBe(200);
    const { rows } = await server.app.db.query<{ actor_id: string; plan_id: string; subject_id: string; details: any }>(
      `select actor_id, plan_id, subject_id, details from activity where action = 'attendance.recorded' and plan_id = $1 order by id`,
      [city.plans.A],
    );
    expect(rows.at(-1)).toMatchObject({
      actor_id: demo.users.designer1.id,
      plan_id: city.plans.A,
      subject_id: 'a1',
      details: { visitors: 41 },
    });
    // The log keeps the number, never the free-text note (it may name people).
    expect(JSON.stringify(rows.at(-1)!.details)).not.toContain('Nachtrag');
    expect(
      (await api.designer1.put(`/api/plans/${city.plans.A}/attendance/a1`, { visitors: 40, note: 'Volles Haus' })).status,
    ).toBe(200);
  });

  it('refuses owners (read-only), non-members and anonymous callers', async () => {
    const path = `/api/plans/${city.plans.B}/attendance/b2`;
    expect((await api.owner2.put(path, { visitors: 5 })).status).toBe(403);
    expect((await api.designer2.put(path, { visitors: 5 })).status).toBe(403);
    expect((await api.designer2.get(`/api/plans/${city.plans.B}/attendance`)).status).toBe(403);
    expect((await api.anonymous.put(path, { visitors: 5 })).status).toBe(401);
    expect((await api.staff.get(`/api/plans/${city.plans.B}/attendance`)).body.entries[1].visitors).toBeNull();
  });

  it('validates the count and refuses private, cancelled, unknown and unpublished entries', async () => {
    const put = (plan: string, entry: string, body: unknown) => api.designer1.put(`/api/plans/${plan}/attendance/${entry}`, body);
    for (const body of [{ visitors: -1 }, { visitors: 2.5 }, { visitors: '12' }, {}, { visitors: 3, extra: true }]) {
      const res = await put(city.plans.B, 'b2', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    for (const entry of ['setup', 'c2', 'gibt-es-nicht']) {
      const res = await put(entry === 'c2' ? city.plans.C : city.plans.A, entry, { visitors: 1 });
      expect(res.status, entry).toBe(404);
      expect(res.body.error.key).toBe('attendance.entryNotFound');
    }
    const unpublished = await put(city.plans.E, 'e1', { visitors: 1 });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error.key).toBe('attendance.notPublished');
  });

  it('refuses a count before the entry has ended (409), and takes it for an ended one', async () => {
    const storefront = await newStorefront(api.staff, city.out.id, demo.users.owner2.id, `Zukunft ${randomUUID().slice(0, 6)}`);
    const created = await api.designer1.post('/api/plans', { storefrontId: storefront, title: 'Zukunftsmusik' });
    expect(created.status).toBe(201);
    const planId = created.body.id;
    await server.app.sync.withDoc(planId, (doc) => {
      addScheduleEntry(doc, {
        id: 'later',
        kind: 'event',
        title: 'Später',
        start: '2099-03-05T18:00:00+01:00',
        end: '2099-03-05T20:00:00+01:00',
        public: true,
      });
      addScheduleEntry(doc, {
        id: 'done',
        kind: 'event',
        title: 'Vorbei',
        start: '2024-03-05T18:00:00+01:00',
        end: '2024-03-05T20:00:00+01:00',
        public: true,
      });
    });
    await submitApprovePublish(api.designer1, api.staff, planId);
    const early = await api.designer1.put(`/api/plans/${planId}/attendance/later`, { visitors: 3 });
    expect(early.status).toBe(409);
    expect(early.body.error.key).toBe('attendance.notEnded');
    const list = (await api.designer1.get(`/api/plans/${planId}/attendance`)).body;
    expect(list.upcoming).toBe(1);
    expect(list.entries.map((x: { entryId: string }) => x.entryId)).toEqual(['done']);
    const ok = await api.designer1.put(`/api/plans/${planId}/attendance/done`, { visitors: 0 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ entryId: 'done', visitors: 0, note: '' });
  });

  it('shows staff the ended public entries still missing a count', async () => {
    const res = await api.staff.get('/api/attendance/missing?limit=500');
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((i: { planId: string }) => Object.values(city.plans).includes(i.planId));
    expect(mine.map((i: { planId: string; entryId: string }) => `${i.planId}/${i.entryId}`)).toEqual([`${city.plans.B}/b2`]);
    expect(mine[0]).toMatchObject({ title: 'Termin b2', quarterName: city.est.name });
    expect((await api.designer1.get('/api/attendance/missing')).status).toBe(403);
    expect((await api.owner2.get('/api/attendance/missing')).status).toBe(403);
    expect((await api.staff.get('/api/attendance/missing?limit=0')).status).toBe(400);
  });

  // Issue 19: the list is a cached read model (ETag, read-cache topics incl. migration 033's `attendance`).
  const MISSING = '/api/attendance/missing?limit=500';
  const missingKeys = async () => {
    const res = await api.staff.get(MISSING);
    expect(res.status).toBe(200);
    return new Set(res.body.items.map((i: { planId: string; entryId: string }) => `${i.planId}/${i.entryId}`));
  };

  /** The ETag of the list as staff get it now. */
  const etagOfMissing = async () => {
    const res = await fetch(server.url + MISSING, { headers: { authorization: `Bearer ${api.staff.token}` } });
    expect(res.status).toBe(200);
    return res.headers.get('etag');
  };

  it('serves the missing counts from the cache, and a recorded count is gone in the very next read', async () => {
    const first = await etagOfMissing();
    expect(first).toBeTruthy();
    expect(await etagOfMissing()).toBe(first);
    const notModified = await fetch(server.url + MISSING, {
      headers: { authorization: `Bearer ${api.staff.token}`, 'if-none-match': first! },
    });
    expect(notModified.status).toBe(304);

    // A plan of its own with one ended public entry: missing, then counted by its designer.
    const storefront = await newStorefront(api.staff, city.out.id, demo.users.owner2.id, `Zähl ${randomUUID().slice(0, 6)}`);
    const planId = (await api.designer1.post('/api/plans', { storefrontId: storefront, title: 'Gleich gezählt' })).body.id;
    await server.app.sync.withDoc(planId, (doc) => {
      addScheduleEntry(doc, {
        id: 'past',
        kind: 'event',
        title: 'Vorbei',
        start: '2024-05-05T18:00:00+02:00',
        end: '2024-05-05T20:00:00+02:00',
        public: true,
      });
    });
    await submitApprovePublish(api.designer1, api.staff, planId);
    expect((await missingKeys()).has(`${planId}/past`)).toBe(true);
    const listed = await etagOfMissing();
    expect(listed).not.toBe(first);
    expect((await api.designer1.put(`/api/plans/${planId}/attendance/past`, { visitors: 7 })).status).toBe(200);
    expect((await missingKeys()).has(`${planId}/past`)).toBe(false);
    expect(await etagOfMissing()).not.toBe(listed);
  });

  it('lists an entry once its end has passed, with no write in between (the cached answer expires at that instant)', async () => {
    const storefront = await newStorefront(api.staff, city.out.id, demo.users.owner2.id, `Bald ${randomUUID().slice(0, 6)}`);
    const planId = (await api.designer1.post('/api/plans', { storefrontId: storefront, title: 'Gleich vorbei' })).body.id;
    // Ends a little after the publication below; the plan is published before it ends.
    const end = Date.now() + 15_000;
    await server.app.sync.withDoc(planId, (doc) => {
      addScheduleEntry(doc, {
        id: 'soon',
        kind: 'event',
        title: 'Gleich vorbei',
        start: new Date(end - 3_600_000).toISOString(),
        end: new Date(end).toISOString(),
        public: true,
      });
    });
    await submitApprovePublish(api.designer1, api.staff, planId);
    // The publication's own writes settle first (its follow-up work writes approvals and plans shortly after).
    const generations = () =>
      server.app.readCache.generations(['approvals', 'plans_core', 'storefronts', 'quarters', 'cancelled_entries', 'attendance']);
    let before = await generations();
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await generations();
      if (now === before) break;
      before = now;
    }
    expect(Date.now(), 'the publication took longer than the entry lasted: nothing to test').toBeLessThan(end - 1000);
    expect((await missingKeys()).has(`${planId}/soon`)).toBe(false);
    expect((await missingKeys()).has(`${planId}/soon`)).toBe(false);
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now()) + 50));
    // No write in between: only the clock can flip the answer.
    expect(await generations()).toBe(before);
    expect((await missingKeys()).has(`${planId}/soon`)).toBe(true);
  });

  it('reads the public entries of a copy as the server does: odd instants skip the entry, never fail the list', async () => {
    const { rows } = await server.app.db.query<{ t: string; v: string | null }>(
      `select t, planner_instant(t)::text as v from unnest($1::text[]) t`,
      [['2025-03-05T18:00:00+01:00', '2025-03-05T17:00:00.5Z', '2025-02-30T10:00:00Z', 'now', 'infinity', 'Termin', '']],
    );
    expect(rows.map((r) => r.v !== null)).toEqual([true, true, false, false, false, false, false]);
    const schedule = [
      { id: 'ok', public: true, title: 'Gut', start: '2025-03-05T18:00:00+01:00', end: '2025-03-05T20:00:00+01:00' },
      { id: 'feb30', public: true, start: '2025-02-30T18:00:00+01:00', end: '2025-03-05T20:00:00+01:00' },
      { id: 'private', public: false, start: '2025-03-05T18:00:00+01:00', end: '2025-03-05T20:00:00+01:00' },
      { id: 7, public: true, start: '2025-03-05T18:00:00+01:00', end: '2025-03-05T20:00:00+01:00' },
      null,
      { id: 'untitled', public: true, title: 3, start: '2025-03-06T18:00:00Z', end: '2025-03-06T20:00:00Z' },
    ];
    // Through the trigger on approvals, in a transaction rolled back: only the public entries with an id and two instants.
    const rollback = new Error('rollback');
    let kept: { n: number; entry_id: string; title: string }[] = [];
    await server.app.db
      .transaction(async (tx) => {
        const { rows: ins } = await tx.query<{ id: string }>(
          `insert into approvals (plan_id, decision, schedule_hash, schedule, meta) values ($1, 'approved', 'x', $2::jsonb, '{}') returning id`,
          [city.plans.A, JSON.stringify(schedule)],
        );
        ({ rows: kept } = await tx.query<{ n: number; entry_id: string; title: string }>(
          'select n, entry_id, title from approval_public_entries where approval_id = $1 order by n',
          [ins[0].id],
        ));
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
    expect(kept).toEqual([
      { n: 1, entry_id: 'ok', title: 'Gut' },
      { n: 6, entry_id: 'untitled', title: '' },
    ]);
  });

  it('stays staff-only behind the cache: another role never gets the cached body', async () => {
    expect((await api.staff.get(MISSING)).status).toBe(200);
    for (const who of [api.designer1, api.owner2]) {
      const res = await who.get(MISSING);
      expect(res.status).toBe(403);
      expect(res.body.items).toBeUndefined();
    }
    expect((await api.anonymous.get(MISSING)).status).toBe(401);
  });
});

describe('attendance: the missing counts with the database down', () => {
  test('answer 503, never the cached body', async ({ world }) => {
    const shared = await sharedDatabase();
    let down = false;
    const db = new Proxy(shared, {
      get(target, prop) {
        if ((prop === 'query' || prop === 'ping') && down)
          return async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
      },
    });
    const other = await startServer({ db });
    try {
      const path = '/api/attendance/missing?limit=50';
      expect((await request(other, world.api.staff.token, 'GET', path)).status).toBe(200);
      expect((await request(other, world.api.staff.token, 'GET', path)).status).toBe(200);
      down = true;
      const res = await request(other, world.api.staff.token, 'GET', path);
      expect(res.status).toBe(503);
      expect(res.body.items).toBeUndefined();
      down = false;
      expect((await request(other, world.api.staff.token, 'GET', path)).status).toBe(200);
    } finally {
      down = false;
      await other.close();
    }
  });
});
