/**
 * Smoke size of the city generator (`pnpm bench --city`, city-data.ts), so the tool cannot rot: a tiny
 * city in a fresh database (an in-memory PGlite; with DATABASE_URL, a fresh PostgreSQL database
 * next to it, dropped afterwards), read back the way the product reads it: the documents decode to the
 * stored snapshots, the server's checks find what the generator stored, and the programme lists the
 * approved copies of published plans. Never how fast.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '@planner/server';
import { ChecksService, sameFindings } from '@planner/server/modules/checks/service';
import { ProgrammeService } from '@planner/server/modules/feeds/programme';
import { listCalls } from '@planner/server/modules/calls/repo';
import { JuryService } from '@planner/server/modules/jury/service';
import { SelectionService } from '@planner/server/modules/selection/service';
import { scheduleHash, toJSON } from '@planner/shared/plan/index';
import { freshDatabase, type FreshDb } from './lib/backends.ts';
import { generateCity, type CitySize, type GeneratedCity } from './lib/city-data.ts';

const TINY: CitySize = {
  quarters: 7,
  storefronts: 5,
  plans: 10,
  entries: 80,
  comments: 30,
  users: 12,
  calls: 4,
  applications: 40,
};
// Plans from five years ago to half a year ahead: with a fixed "now" the statuses are the same every run.
const NOW = Date.parse('2026-06-01T10:00:00Z');

describe('benchmark smoke: the city generator', () => {
  let db: Database;
  let city: GeneratedCity;
  let fresh: FreshDb | undefined;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      fresh = await freshDatabase();
      db = await openDatabase({ databaseUrl: fresh.url, dataDir: '' });
    } else {
      db = await openDatabase({ dataDir: 'memory://' });
    }
    await migrate(db);
    city = await generateCity(db, TINY, { now: NOW, seed: 7 });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('writes the asked numbers of rows', async () => {
    const n = async (sql: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${sql}`)).rows[0].n;
    expect(await n('storefronts')).toBe(5);
    expect(await n('plans')).toBe(10);
    expect(await n('documents')).toBe(10);
    expect(await n('plan_snapshots')).toBe(10);
    expect(await n('comments')).toBe(30);
    expect(await n(`users where email like '%@city.bench.example' and not ('applicant' = any(roles))`)).toBe(12);
    expect(city.counts.entries).toBe(80);
    expect(await n(`approvals`)).toBe(city.counts.approvals);
  });

  it('stores each plan document as a Yjs state whose JSON form is the stored snapshot', async () => {
    const { rows } = await db.query<{ id: string; state: Uint8Array; doc: unknown; schedule_start: Date | string | null }>(
      'select d.id, d.state, ps.doc, p.schedule_start from documents d join plan_snapshots ps on ps.plan_id = d.id join plans p on p.id = d.id',
    );
    let entries = 0;
    for (const r of rows) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, r.state);
      const json = toJSON(doc).plan;
      expect(json).toEqual(r.doc);
      entries += Object.keys(json.schedule).length;
      expect(r.schedule_start).not.toBeNull();
      doc.destroy();
    }
    expect(entries).toBe(80);
  });

  it('stores the findings the server computes for each plan', async () => {
    const checks = new ChecksService(
      db,
      async () => {
        throw new Error('not read: compute() works on the snapshots');
      },
      () => new Date(NOW),
    );
    const { rows } = await db.query<{ plan_id: string; findings: never[] }>('select plan_id, findings from plan_snapshots');
    for (const r of rows) {
      const computed = await checks.compute(r.plan_id);
      expect(sameFindings(computed ?? [], r.findings)).toBe(true);
    }
  });

  it('keeps the approved schedule copies that the programme lists', async () => {
    const { rows } = await db.query<{ plan_id: string; schedule: never[]; schedule_hash: string; stale: boolean }>(
      `select plan_id, schedule, schedule_hash, stale from approvals`,
    );
    for (const r of rows) expect(scheduleHash(r.schedule)).toBe(r.schedule_hash);
    const published = await db.query<{ id: string }>(`select id from plans where status in ('published', 'done')`);
    const items = await new ProgrammeService(db).entries({});
    expect(new Set(items.map((i) => i.planId))).toEqual(new Set(published.rows.map((p) => p.id)));
  });

  it('writes the asked calls and applications, with jurors, criteria and applicant accounts', async () => {
    const n = async (sql: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${sql}`)).rows[0].n;
    expect(await n('calls')).toBe(4);
    expect(await n('applications')).toBe(40);
    expect(city.counts.calls).toBe(4);
    expect(city.counts.applications).toBe(40);
    // Every call has 2–4 jurors (staff, or a designer with the juror role) and criteria.
    const { rows: jurors } = await db.query<{ n: number; bad: number }>(
      `select count(*)::int as n, count(*) filter (where not (u.staff or 'juror' = any(u.roles)))::int as bad
         from call_jurors j join users u on u.id = j.user_id group by j.call_id`,
    );
    expect(jurors).toHaveLength(4);
    for (const j of jurors) {
      expect(j.n).toBeGreaterThanOrEqual(2);
      expect(j.n).toBeLessThanOrEqual(4);
      expect(j.bad).toBe(0);
    }
    expect(await n('calls c where not exists (select 1 from call_criteria k where k.call_id = c.id)')).toBe(0);
    // Applicants: accounts of the form (role applicant, address confirmed) and designers; no juror applies.
    expect(await n(`users where roles = array['applicant']::text[]`)).toBe(city.counts.applicantAccounts);
    expect(await n(`applicant_verifications where verified_at is not null`)).toBe(city.counts.applicantAccounts);
    expect(await n(`applications a join call_jurors j on j.call_id = a.call_id and j.user_id = a.applicant_id`)).toBe(0);
    // The public list shows all four (none is a draft): decided, in the jury, open.
    const listed = await listCalls(db, { publicOnly: true });
    expect(listed).toHaveLength(4);
    expect(listed.filter((c) => c.status === 'decided')).toHaveLength(2);
    expect(listed.filter((c) => Date.parse(String(c.deadline)) > NOW)).toHaveLength(1);
    expect(city.calls.juryCallIds.length).toBeGreaterThan(0);
    expect(city.calls.decidedCallIds.length).toBeGreaterThan(0);
  });

  it('scores the judged applications of decided calls completely, and the product ranks them', async () => {
    const jury = new JuryService(db, () => new Date(NOW));
    for (const callId of city.calls.decidedCallIds) {
      const ranking = await jury.ranking(callId);
      expect(ranking.ranking.length).toBeGreaterThan(0);
      for (const j of ranking.jurors) expect(j.toScore).toBe(0);
    }
    for (const callId of city.calls.juryCallIds) {
      const ranking = await jury.ranking(callId);
      expect(ranking.call.scoringOpen).toBe(true);
      expect(ranking.ranking.length).toBeGreaterThan(0);
    }
  });

  it('links selections to a plan on one of the call storefronts, led by the applicant', async () => {
    const { rows } = await db.query<{ ok: boolean; lead: boolean }>(
      `select exists (select 1 from call_storefronts cs where cs.call_id = a.call_id and cs.storefront_id = p.storefront_id) as ok,
              (p.lead_id = a.applicant_id and exists (select 1 from plan_members m where m.plan_id = p.id
                 and m.user_id = a.applicant_id and m.role = 'designer')) as lead
         from applications a join plans p on p.id = a.plan_id where a.status = 'selected'`,
    );
    expect(rows.length).toBe(city.counts.selected);
    for (const r of rows) expect(r).toEqual({ ok: true, lead: true });
    const selection = new SelectionService({
      db,
      seedDoc: async () => {},
      notify: async () => {},
      log: { error: () => {} },
    });
    for (const callId of city.calls.decidedCallIds) {
      const board = await selection.board(callId);
      expect(board.call.status).toBe('decided');
      expect(board.items.every((i) => ['selected', 'declined', 'waitlisted'].includes(i.status))).toBe(true);
    }
  });
});
