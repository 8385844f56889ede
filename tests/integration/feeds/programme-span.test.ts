import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { addScheduleEntry, type NormalisedScheduleEntry } from '@planner/shared/plan/index';
import { filterWindow, programmeEntries, type ProgrammeFilter } from '@planner/server/modules/feeds/programme';
import { publishedPlans } from '@planner/server/modules/feeds/repo';
import { cancelledKeys } from '@planner/server/modules/publication/repo';
import { insertApproval } from '@planner/server/modules/review/repo';
import { splitStatements } from '@planner/server/platform/db/migrate';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { approve, publish } from '../../helpers/decisions.ts';
import { entry, openDoc, serverPlan, waitFor } from '../review/helpers.ts';

/**
 * Issue 19, the city at scale: the programme reads only the approved copies whose span (approvals.span,
 * migration 031) meets the days asked for. The answer must be the same as reading every copy: for
 * one-off entries, for a weekly pattern that occurs beyond its entry's own start and end, and for a
 * copy approved before the migration (span NULL: always read).
 */
describe('the programme selects approved copies by their span', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  const ids = { once: '', pattern: '', before: '' };
  const docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  /** A plan with these entries, submitted, approved and published through the API. */
  async function publishedPlan(title: string, entries: ReturnType<typeof entry>[]): Promise<string> {
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title });
    expect(created.status).toBe(201);
    const planId: string = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs.push(d);
    for (const e of entries) addScheduleEntry(d.doc, e);
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === entries.length || undefined);
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    expect((await publish(api.staff, planId)).status).toBe(200);
    return planId;
  }

  /**
   * "Mi–So 12–18 Uhr" 20.03.–20.04.2031, in a copy whose entry says 01.–31.03.2031: the pattern occurs
   * beyond the entry's own end (a copy as an older client or import could have left it).
   */
  const patternEntry = {
    id: 'hours',
    kind: 'open-hours',
    title: 'Ausstellung geöffnet',
    start: '2031-03-01T00:00:00+01:00',
    end: '2031-03-31T00:00:00+02:00',
    expectedAttendance: null,
    public: true,
    seating: 'standing',
    recurrence: {
      from: '2031-03-20',
      until: '2031-04-20',
      weekly: [3, 4, 5, 6, 7].map((day) => ({ day, start: '12:00', end: '18:00' })),
      exceptions: [],
    },
  } satisfies NormalisedScheduleEntry;

  /** A zero-length entry (one instant), the earliest of that copy. */
  const momentEntry = {
    ...patternEntry,
    id: 'moment',
    kind: 'event',
    title: 'Glockenschlag',
    start: '2031-02-20T12:00:00+01:00',
    end: '2031-02-20T12:00:00+01:00',
    recurrence: undefined,
  } satisfies NormalisedScheduleEntry;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    ids.once = await publishedPlan('Einmalig im Mai', [
      entry('talk', { start: '2031-05-10T18:00:00+02:00', end: '2031-05-10T22:00:00+02:00' }),
      entry('late', { start: '2031-05-12T12:00:00+02:00', end: '2031-05-12T12:30:00+02:00' }),
    ]);
    ids.pattern = await publishedPlan('Wochenmuster', [
      entry('opening', { start: '2031-03-01T18:00:00+01:00', end: '2031-03-01T21:00:00+01:00' }),
    ]);
    ids.before = await publishedPlan('Vor der Migration', [
      entry('summer', { start: '2031-07-04T10:00:00+02:00', end: '2031-07-06T18:00:00+02:00' }),
    ]);
    // The pattern plan's latest approved copy: its own schedule plus the pattern entry above, written as
    // insertApproval writes every approval (with its span).
    const [row] = await publishedPlans(server.app.db, { planId: ids.pattern });
    await insertApproval(server.app.db, {
      planId: ids.pattern,
      decision: 'approved',
      note: '',
      actorId: demo.users.staff.id,
      scheduleHash: 'test',
      schedule: [...row.schedule, patternEntry, momentEntry],
      meta: { title: 'Wochenmuster', publicDescription: undefined },
      version: 1,
    });
    // A copy approved before migration 031 has no span.
    await server.app.db.query('update approvals set span = null where plan_id = $1', [ids.before]);
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  /** The programme as the service answers it (with the span filter) and as it was (every copy read). */
  async function both(f: ProgrammeFilter) {
    const db = server.app.db;
    const all = await publishedPlans(db, f);
    const filtered = await publishedPlans(db, { ...f, meets: filterWindow(f.from, f.to) });
    const cancelled = await cancelledKeys(
      db,
      all.map((r) => r.plan_id),
    );
    return {
      without: programmeEntries(all, f, cancelled),
      with: programmeEntries(filtered, f, cancelled),
      read: new Set(filtered.map((r) => r.plan_id)),
      readWithout: all.length,
    };
  }

  const WINDOWS: ProgrammeFilter[] = [
    { from: '2031-02-20', to: '2031-02-20' },
    { from: '2031-02-21', to: '2031-02-28' },
    { from: '2031-03-01', to: '2031-03-31' },
    { from: '2031-03-25', to: '2031-04-05' },
    { from: '2031-04-01', to: '2031-04-30' },
    { from: '2031-04-20', to: '2031-04-20' },
    { from: '2031-05-10', to: '2031-05-10' },
    { from: '2031-05-12', to: '2031-05-12' },
    { from: '2031-05-13', to: '2031-06-30' },
    { from: '2031-07-01', to: '2031-07-31' },
    { from: '2031-04-15' },
    { to: '2031-03-15' },
    { from: '2026-11-01', to: '2026-11-30' },
    {},
  ];

  it.each(WINDOWS)('same programme with and without the filter: %o', async (f) => {
    const r = await both(f);
    expect(r.with).toEqual(r.without);
    // And the route answers the same.
    const qs = new URLSearchParams(f as Record<string, string>).toString();
    const res = await api.anonymous.get(`/api/public/programme${qs ? `?${qs}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(JSON.parse(JSON.stringify(r.without)));
    // The copy without a span is always read.
    expect(r.read.has(ids.before)).toBe(true);
  });

  it('a pattern occurring beyond its entry: its days in April are listed, and the span covers them', async () => {
    const r = await both({ from: '2031-03-25', to: '2031-04-05' });
    const hours = r.with.find((i) => i.id === `${ids.pattern}:hours`);
    expect(hours?.days.map((d) => d.day)).toContain('2031-04-05');
    const { rows } = await server.app.db.query<{ lo: string; hi: string }>(
      `select lower(span) as lo, upper(span) as hi from approvals where plan_id = $1 order by id desc limit 1`,
      [ids.pattern],
    );
    expect(new Date(rows[0].lo).toISOString()).toBe('2031-02-20T11:00:00.000Z');
    // The last opening, Sunday 20.04.2031 until 18:00 in summer time.
    expect(new Date(rows[0].hi).toISOString()).toBe('2031-04-20T16:00:00.000Z');
  });

  it('a zero-length entry is in the programme of its day', async () => {
    const r = await both({ from: '2031-02-20', to: '2031-02-20' });
    expect(r.with.map((i) => i.id)).toContain(`${ids.pattern}:moment`);
  });

  it('copies that cannot meet the window are not read; the others are', async () => {
    const may = await both({ from: '2031-05-10', to: '2031-05-12' });
    expect(may.read.has(ids.once)).toBe(true);
    expect(may.read.has(ids.pattern)).toBe(false);
    expect(may.with.map((i) => i.id).sort()).toEqual([`${ids.once}:late`, `${ids.once}:talk`]);
    expect(may.read.size).toBeLessThan(may.readWithout);
    const july = await both({ from: '2031-07-01', to: '2031-07-31' });
    expect(july.with.map((i) => i.id)).toEqual([`${ids.before}:summer`]);
  });

  it('the migration backfills spans that cover what insertApproval computes, and leaves unreadable copies NULL', async () => {
    const db = server.app.db;
    const sql = readFileSync(
      new URL('../../../server/src/platform/db/migrations/031_approval_span.sql', import.meta.url),
      'utf8',
    );
    const statements = splitStatements(sql).filter((s) => /^(create|drop) function/.test(s));
    expect(statements.length).toBe(2);
    const [create, drop] = statements;
    const planIds = [ids.once, ids.pattern, ids.before];
    const { rows: before } = await db.query<{ id: string; exact: string | null }>(
      'select id::text, span::text as exact from approvals where plan_id = any($1::text[])',
      [planIds],
    );
    await db.query(create);
    try {
      await db.query('update approvals set span = planner_031_span(schedule) where plan_id = any($1::text[])', [planIds]);
      const bad = await db.query<{ span: string | null }>(
        `select planner_031_span('[{"id":"x","start":"2031-02-30T10:00:00Z","end":"2031-03-01T10:00:00Z"}]'::jsonb)::text as span`,
      );
      expect(bad.rows[0].span).toBeNull();
      const open = await db.query<{ span: string | null }>(
        `select planner_031_span('[{"id":"x","start":"2031-03-01T10:00:00Z","end":"2031-03-01T12:00:00Z","recurrence":{"from":"2031-03-01"}}]'::jsonb)::text as span`,
      );
      expect(open.rows[0].span).toMatch(/,\)$/);
      const empty = await db.query<{ span: string | null }>(`select planner_031_span('[]'::jsonb)::text as span`);
      expect(empty.rows[0].span).toBe('empty');
    } finally {
      await db.query(drop);
    }
    for (const b of before) {
      if (b.exact === null) continue;
      // The backfilled span contains the exact one.
      const { rows } = await db.query<{ covers: boolean }>(
        'select span @> $2::tstzrange as covers from approvals where id = $1::bigint',
        [b.id, b.exact],
      );
      expect(rows[0].covers, b.exact).toBe(true);
    }
    const { rows: nulls } = await db.query<{ n: number }>(
      'select count(*)::int as n from approvals where plan_id = any($1::text[]) and span is null',
      [planIds],
    );
    expect(nulls[0].n).toBe(0);
    for (const f of WINDOWS) {
      const r = await both(f);
      expect(r.with).toEqual(r.without);
    }
  });
});
