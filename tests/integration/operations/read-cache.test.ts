/**
 * Cached read models (issue 19, platform/read-cache, migration 032): each cached read shows a write
 * that changes its data in the very next read, on this instance and on another one on the same
 * database; a caller never gets the body cached for another scope; a conditional GET answers 304; with
 * the database down the answer is 503, never the cached body. Runs on the shared PGlite and on
 * PostgreSQL (two instances on one database).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addScheduleEntry, addTask, updateTask } from '@planner/shared/plan/index';
import { test } from '../../helpers/fixtures.ts';
import { apiFor, request, type Api, type DemoApis } from '../../helpers/api.ts';
import { sharedDatabase } from '../../helpers/db.ts';
import { approve, publish } from '../../helpers/decisions.ts';
import { parsePrometheus, sampleValue } from '../../helpers/prometheus.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { entry, openDoc, serverPlan, waitFor } from '../review/helpers.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';

const MONTH = '/api/public/programme?from=2027-03-01&to=2027-03-31';
const TOKEN = 'read-cache-metrics-token-0123456789';

describe('cached read models', () => {
  let a: TestServer;
  let b: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  /** The staff on instance B. */
  let staffB: Api;
  const docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  test.beforeAll(async ({ server, server2, world }) => {
    [a, b] = [server, server2];
    ({ demo, api } = world);
    staffB = apiFor(b, api.staff.token);
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  const inProgramme = async (server: TestServer, planId: string) => {
    const res = await request(server, null, 'GET', MONTH);
    expect(res.status).toBe(200);
    return res.body.items.some((i: { planId: string }) => i.planId === planId);
  };

  it('programme: publishing shows in the next read on both instances, un-publishing through the other one too', async () => {
    const planId = demo.planId;
    // Cached before the plan is published, on both instances.
    expect(await inProgramme(a, planId)).toBe(false);
    expect(await inProgramme(b, planId)).toBe(false);
    const first = await request(a, null, 'GET', MONTH);
    const again = await request(a, null, 'GET', MONTH);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    // A conditional GET of an unchanged programme: 304, no body.
    const etag = first.headers.get('etag')!;
    const notModified = await fetch(a.url + MONTH, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');

    const d = await openDoc(a, planId, api.designer1.token!);
    docs.push(d);
    addScheduleEntry(d.doc, entry('cached', { title: 'Neu im Programm', public: true }));
    await waitFor(async () => Object.keys((await serverPlan(a, planId)).schedule).length === 1 || undefined);
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    expect((await publish(api.staff, planId)).status).toBe(200);
    // The very next read, on A and on B.
    expect(await inProgramme(a, planId)).toBe(true);
    expect(await inProgramme(b, planId)).toBe(true);
    // The old ETag no longer matches: 200 with the new body.
    const changed = await fetch(a.url + MONTH, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);

    // Un-published through B: gone in A's next read.
    expect((await staffB.post(`/api/plans/${planId}/transitions/unpublish`, { note: 'Ladenlokal gesperrt' })).status).toBe(200);
    expect(await inProgramme(a, planId)).toBe(false);
    expect(await inProgramme(b, planId)).toBe(false);
  });

  it('storefront search: an edit shows in the next read, on both instances', async () => {
    const search = `/api/storefronts?quarter=${demo.quarterId}&limit=100`;
    const titleOf = async (server: TestServer) => {
      const res = await request(server, api.staff.token, 'GET', search);
      expect(res.status).toBe(200);
      return res.body.items.find((s: { id: string }) => s.id === demo.storefrontIds[1])?.title;
    };
    expect(await titleOf(a)).toBe('Ehemalige Buchhandlung Union');
    expect(await titleOf(b)).toBe('Ehemalige Buchhandlung Union');
    expect(
      (await api.staff.patch(`/api/storefronts/${demo.storefrontIds[1]}`, { title: 'Buchhandlung Union (neu)' })).status,
    ).toBe(200);
    expect(await titleOf(a)).toBe('Buchhandlung Union (neu)');
    expect(await titleOf(b)).toBe('Buchhandlung Union (neu)');
    // An owner's edit of the availability (owner fields) through B moves A's search with the free range.
    const free = `${search}&freeFrom=${encodeURIComponent('2030-01-02T00:00:00Z')}&freeTo=${encodeURIComponent('2030-01-03T00:00:00Z')}`;
    const freeIds = async () =>
      (await request(a, api.staff.token, 'GET', free)).body.items.map((s: { id: string }) => s.id) as string[];
    expect(await freeIds()).not.toContain(demo.storefrontIds[1]);
    const owner2B = apiFor(b, api.owner2.token);
    const patched = await owner2B.patch(`/api/storefronts/${demo.storefrontIds[1]}`, {
      availability: [{ start: '2030-01-01T00:00:00Z', end: '2030-12-31T00:00:00Z' }],
    });
    expect(patched.status).toBe(200);
    expect(await freeIds()).toContain(demo.storefrontIds[1]);
  });

  it('storefront search: a caller never gets the body cached for another scope', async () => {
    // Every page: on the second pass the shared PostgreSQL keeps the storefronts earlier test files made
    // in the demo quarter, so the demo's two need not be on the first page.
    const owners = async (who: Api) => {
      const items: { id: string; ownerId?: string }[] = [];
      for (let offset = 0; ; offset += 200) {
        const res = await request(a, who.token, 'GET', `/api/storefronts?quarter=${demo.quarterId}&limit=200&offset=${offset}`);
        expect(res.status).toBe(200);
        items.push(...res.body.items);
        if (offset + 200 >= res.body.total) break;
      }
      const ours = items.filter((s) => demo.storefrontIds.includes(s.id));
      return Object.fromEntries(ours.map((s) => [s.id, s.ownerId ?? null]));
    };
    // Staff first (cached with every owner), then the owners and a designer with the same query.
    expect(await owners(api.staff)).toEqual({
      [demo.storefrontIds[0]]: demo.users.owner1.id,
      [demo.storefrontIds[1]]: demo.users.owner2.id,
    });
    expect(await owners(api.owner1)).toEqual({ [demo.storefrontIds[0]]: demo.users.owner1.id, [demo.storefrontIds[1]]: null });
    expect(await owners(api.owner2)).toEqual({ [demo.storefrontIds[0]]: null, [demo.storefrontIds[1]]: demo.users.owner2.id });
    expect(await owners(api.designer1)).toEqual({ [demo.storefrontIds[0]]: null, [demo.storefrontIds[1]]: null });
    // And the other way round: after the designer's answer is cached, staff still get theirs.
    expect((await owners(api.staff))[demo.storefrontIds[1]]).toBe(demo.users.owner2.id);
  });

  it('/api/checks: a finding that appears or clears in the stored findings shows in the next read; an overdue task by the clock', async () => {
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title: 'Cache-Prüfung' });
    expect(created.status).toBe(201);
    const planId = created.body.id as string;
    const stored = async (kind: string) => {
      const { rows } = await a.app.db.query<{ findings: { kind: string }[] | null }>(
        'select findings from plan_snapshots where plan_id = $1',
        [planId],
      );
      return (rows[0]?.findings ?? []).some((f) => f.kind === kind);
    };
    const inCity = async (server: TestServer, kind: string) => {
      const res = await request(server, api.staff.token, 'GET', '/api/checks');
      expect(res.status).toBe(200);
      return res.body.findings.some((f: { kind: string; planIds: string[] }) => f.kind === kind && f.planIds[0] === planId);
    };
    expect(await inCity(a, 'task-unassigned')).toBe(false);
    expect(await inCity(b, 'task-unassigned')).toBe(false);
    const d = await openDoc(a, planId, api.designer1.token!);
    docs.push(d);
    const taskId = addTask(d.doc, { title: 'Schlüssel holen' });
    await waitFor(async () => (await stored('task-unassigned')) || undefined);
    expect(await inCity(a, 'task-unassigned')).toBe(true);
    expect(await inCity(b, 'task-unassigned')).toBe(true);
    updateTask(d.doc, taskId, { assignee: demo.users.designer1.id });
    await waitFor(async () => (!(await stored('task-unassigned')) ? true : undefined));
    expect(await inCity(b, 'task-unassigned')).toBe(false);
    expect(await inCity(a, 'task-unassigned')).toBe(false);

    // A task due in a few seconds: not overdue in the cached answer, overdue once the instant passed,
    // with no write in between.
    const due = new Date(Date.now() + 4000).toISOString();
    updateTask(d.doc, taskId, { due });
    await waitFor(async () => {
      const { rows } = await a.app.db.query<{ due: string | null }>(
        `select doc -> 'tasks' -> $2::text ->> 'due' as due from plan_snapshots where plan_id = $1`,
        [planId, taskId],
      );
      return rows[0]?.due === due || undefined;
    });
    expect(await inCity(a, 'task-overdue')).toBe(false);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(due) - Date.now()) + 50));
    expect(await inCity(a, 'task-overdue')).toBe(true);
  });

  it('stale approvals: a reader of another account gets their own answer', async () => {
    const res = await api.staff.get('/api/approvals/stale?limit=50');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.items)).toBe(true);
    expect((await api.owner1.get('/api/approvals/stale?limit=50')).status).toBe(403);
    expect((await api.anonymous.get('/api/approvals/stale?limit=50')).status).toBe(401);
  });
});

describe('cached read models with the database down', () => {
  it('answer 503 (never the cached body), count hits and misses, and show the requests in flight', async () => {
    const shared = await sharedDatabase();
    let down = false;
    // The shared database with queries that fail as a refused connection on demand (closing it would end it for every test).
    const db = new Proxy(shared, {
      get(target, prop) {
        if ((prop === 'query' || prop === 'ping') && down)
          return async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
      },
    });
    const server = await startServer({ env: { METRICS_TOKEN: TOKEN }, db });
    try {
      const metrics = async () => {
        const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        return parsePrometheus(await res.text());
      };
      const m0 = await metrics();
      const hits0 = sampleValue(m0, 'planner_read_cache_requests_total', { model: 'programme', result: 'hit' }) ?? 0;
      const misses0 = sampleValue(m0, 'planner_read_cache_requests_total', { model: 'programme', result: 'miss' }) ?? 0;
      expect((await request(server, null, 'GET', MONTH)).status).toBe(200);
      expect((await request(server, null, 'GET', MONTH)).status).toBe(200);
      const m1 = await metrics();
      expect(sampleValue(m1, 'planner_read_cache_requests_total', { model: 'programme', result: 'miss' })).toBe(misses0 + 1);
      expect(sampleValue(m1, 'planner_read_cache_requests_total', { model: 'programme', result: 'hit' })).toBe(hits0 + 1);
      expect(sampleValue(m1, 'planner_read_cache_bytes')).toBeGreaterThan(0);
      // Nothing under way but the scrape itself (a routed request on the main port).
      expect(sampleValue(m1, 'planner_http_requests_in_flight')).toBeLessThanOrEqual(1);

      down = true;
      const res = await request(server, null, 'GET', MONTH);
      expect(res.status).toBe(503);
      expect(res.body.items).toBeUndefined();
      down = false;
      expect((await request(server, null, 'GET', MONTH)).status).toBe(200);
    } finally {
      down = false;
      await server.close();
    }
  });
});
