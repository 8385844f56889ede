import { HIDDEN_PLAN } from '@planner/shared';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorefrontCreate } from '@planner/shared';
import type { Finding } from '@planner/shared/checks/index';
import { addScheduleEntry, addTask, toJSON } from '@planner/shared/plan/index';
import fc from 'fast-check';
import { saveSnapshot } from './repo.ts';
import type { Database } from '../../platform/db/database.ts';
import { sharedTestDatabase } from '../../platform/db/test-database.ts';
import { createUser } from '../accounts/users.ts';
import { setPlanStatus } from '../plans/repo.ts';
import { createPlan } from '../plans/service.ts';
import { StorefrontService } from '../storefronts/service.ts';
import { ChecksService, forMember, sameFindings } from './service.ts';

const UNIONVIERTEL = '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000001';

/** The server's conflict checks on a real (in-memory, migrated) database, reading real Yjs documents. */
describe('ChecksService', () => {
  const run = randomUUID().slice(0, 8);
  /** The live documents, by plan id (what the sync layer's withDoc would hold). */
  const docs = new Map<string, Y.Doc>();
  let db: Database;
  let checks: ChecksService;
  let storefrontId: string;
  let designer: { userId: string; staff: boolean; name: string };

  /** A plan at the storefront whose document has one entry from `start` to `end`, its designer responsible for it. */
  const plan = async (title: string, start: string, end: string, at = storefrontId) => {
    const { id } = await createPlan(db, designer, { storefrontId: at, title: `${title} ${run}` });
    const doc = new Y.Doc();
    const entry = addScheduleEntry(doc, { kind: 'event', title: `${title}: Aufbau`, start, end });
    addTask(doc, { title: 'Aufbau leiten', assignee: designer.userId, scheduleEntryId: entry });
    docs.set(id, doc);
    return id;
  };
  const ofKind = (findings: Finding[] | null, kind: Finding['kind']) => (findings ?? []).filter((f) => f.kind === kind);

  beforeAll(async () => {
    db = await sharedTestDatabase();
    checks = new ChecksService(
      db,
      async (planId, fn) => fn(docs.get(planId)!),
      () => new Date('2027-01-15T12:00:00Z'),
    );
    const u = await createUser(db, { email: `checks-${run}@example.org`, name: `Gestalterin ${run}` });
    designer = { userId: u.id, staff: false, name: u.name };
    const storefront = await new StorefrontService(db).create(
      StorefrontCreate.parse({
        quarterId: UNIONVIERTEL,
        title: `Prüfladen ${run}`,
        address: 'Rheinische Straße 2',
        lat: 51.5,
        lng: 7.4,
        areaM2: 60,
        outline: [
          { x: 0, y: 0 },
          { x: 1000, y: 0 },
          { x: 1000, y: 600 },
          { x: 0, y: 600 },
        ],
        availability: [{ start: '2027-03-01T00:00:00+01:00', end: '2027-04-01T00:00:00+02:00' }],
      }),
    );
    storefrontId = storefront.id;
  });

  it('finds a double booking between two plans’ stored snapshots, and hides the other plan from members', async () => {
    const a = await plan('Lichtspiele', '2027-03-10T10:00:00+01:00', '2027-03-15T18:00:00+01:00');
    const b = await plan('Klangraum', '2027-03-14T10:00:00+01:00', '2027-03-20T18:00:00+01:00');
    await setPlanStatus(db, a, 'submitted');
    await setPlanStatus(db, b, 'submitted');

    // Until b's snapshot is stored, a's checks know nothing of b's schedule.
    expect(ofKind(await checks.refresh(a, { fromDoc: true }), 'double-booking')).toEqual([]);
    await checks.snapshot(b);
    expect(await checks.related(a)).toContain(b);

    const found = await checks.refresh(a);
    const [booking] = ofKind(found, 'double-booking');
    expect(booking).toMatchObject({
      severity: 'error',
      messageKey: 'findings.doubleBooking',
      planIds: [a, b],
      params: {
        plan: `Lichtspiele ${run}`,
        otherPlan: `Klangraum ${run}`,
        start: '2027-03-14T09:00:00.000Z',
        end: '2027-03-15T17:00:00.000Z',
      },
    });
    // Stored: a second refresh reports no change; b's own refresh finds it from b's side.
    expect(await checks.refresh(a)).toBeNull();
    expect(ofKind(await checks.findingsOf(a), 'double-booking')).toEqual([booking]);
    expect(ofKind(await checks.refresh(b), 'double-booking')).toMatchObject([
      { planIds: [b, a], params: { otherPlan: `Lichtspiele ${run}` } },
    ]);
    // The city view lists the pair once.
    expect(ofKind(await checks.city(), 'double-booking').filter((f) => f.planIds.includes(a))).toHaveLength(1);

    // Members of a (not of b) see that the storefront is taken then, not by which plan.
    const [hidden] = ofKind(forMember(await checks.findingsOf(a), a), 'double-booking');
    expect(hidden.params).toEqual({ ...booking.params, otherPlan: HIDDEN_PLAN });

    // The same person responsible for both overlapping entries: named, not by id.
    const [person] = ofKind(await checks.withNames(await checks.findingsOf(a)), 'person-double-booked');
    expect(person.params).toMatchObject({ assignee: designer.name, otherPlan: `Klangraum ${run}` });

    // Once b is withdrawn, a's findings change back.
    await setPlanStatus(db, b, 'withdrawn');
    const after = await checks.refresh(a);
    expect(after).not.toBeNull();
    expect(ofKind(after, 'double-booking')).toEqual([]);
    expect(ofKind(after, 'person-double-booked')).toEqual([]);
  });

  it('finds a person in two places across storefronts: plans meet through a person, not only a storefront', async () => {
    // Issue 19: a plan is compared only with the plans it can meet; one elsewhere with the same person must be among them.
    const elsewhere = await new StorefrontService(db).create(
      StorefrontCreate.parse({
        quarterId: UNIONVIERTEL,
        title: `Anderer Laden ${run}`,
        address: 'Adlerstraße 4',
        lat: 51.5,
        lng: 7.4,
        areaM2: 40,
        outline: [
          { x: 0, y: 0 },
          { x: 800, y: 0 },
          { x: 800, y: 500 },
          { x: 0, y: 500 },
        ],
      }),
    );
    const a = await plan('Fotografie', '2027-05-10T10:00:00+02:00', '2027-05-10T18:00:00+02:00');
    const b = await plan('Keramik', '2027-05-10T12:00:00+02:00', '2027-05-10T20:00:00+02:00', elsewhere.id);
    await setPlanStatus(db, b, 'submitted');
    await checks.snapshot(a);
    await checks.snapshot(b);
    const [person] = ofKind(await checks.compute(a), 'person-double-booked');
    expect(person).toMatchObject({ severity: 'warning', planIds: [a, b], params: { otherPlan: `Keramik ${run}` } });
    expect(ofKind(await checks.compute(a), 'double-booking')).toEqual([]);
  });

  it('refreshes the snapshot and the schedule span from the live document', async () => {
    const a = await plan('Zines', '2027-03-02T10:00:00+01:00', '2027-03-03T18:00:00+01:00');
    addScheduleEntry(docs.get(a)!, {
      kind: 'teardown',
      title: 'Abbau',
      start: '2027-03-04T09:00:00+01:00',
      end: '2027-03-04T12:00:00+01:00',
    });
    await checks.refresh(a, { fromDoc: true });
    const { rows } = await db.query<{ schedule_start: Date; schedule_end: Date }>(
      'select schedule_start, schedule_end from plans where id = $1',
      [a],
    );
    expect([new Date(rows[0].schedule_start).toISOString(), new Date(rows[0].schedule_end).toISOString()]).toEqual([
      '2027-03-02T09:00:00.000Z',
      '2027-03-04T11:00:00.000Z',
    ]);
  });
});

/**
 * Issue 19: after an edit the checks read the live document incrementally (readLivePlan) and compute
 * from it without reading the snapshot back. Random edit sequences on a plan that meets others (same
 * storefront, same person): the findings of every edit equal, in order, those of the old full
 * computation (a from-scratch toJSON of the document, stored, and computed from the stored snapshot).
 */
describe('ChecksService after edits: incremental equals from scratch', () => {
  const run = randomUUID().slice(0, 8);
  const docs = new Map<string, Y.Doc>();
  let db: Database;
  let checks: ChecksService;

  beforeAll(async () => {
    db = await sharedTestDatabase();
    checks = new ChecksService(
      db,
      async (planId, fn) => fn(docs.get(planId)!),
      () => new Date('2027-01-15T12:00:00Z'),
    );
  });

  it('gives the findings of the full computation after every edit', async () => {
    const u = await createUser(db, { email: `checks-inc-${run}@example.org`, name: `Gestalter ${run}` });
    const designer = { userId: u.id, staff: false, name: u.name };
    const other = await createUser(db, { email: `checks-inc2-${run}@example.org`, name: `Helferin ${run}` });
    const storefront = await new StorefrontService(db).create(
      StorefrontCreate.parse({
        quarterId: UNIONVIERTEL,
        title: `Vergleichsladen ${run}`,
        address: 'Rheinische Straße 8',
        lat: 51.5,
        lng: 7.4,
        areaM2: 30,
        outline: [
          { x: 0, y: 0 },
          { x: 500, y: 0 },
          { x: 500, y: 400 },
          { x: 0, y: 400 },
        ],
        availability: [{ start: '2027-03-01T00:00:00+01:00', end: '2027-03-20T00:00:00+01:00' }],
      }),
    );
    const base = Date.parse('2027-03-05T08:00:00Z');
    const at = (h: number) => new Date(base + h * 3_600_000).toISOString();
    // Two other plans at the storefront, with tasks of both people, stored as snapshots.
    for (const [title, status, from] of [
      ['Nachbar', 'submitted', 10],
      ['Entwurf', 'draft', 40],
    ] as const) {
      const { id } = await createPlan(db, designer, { storefrontId: storefront.id, title: `${title} ${run}` });
      const doc = new Y.Doc();
      const e = addScheduleEntry(doc, { kind: 'event', title, start: at(from), end: at(from + 30) });
      addTask(doc, { title: 'Dienst', assignee: u.id, scheduleEntryId: e });
      addTask(doc, { title: 'Kasse', assignee: other.id, scheduleEntryId: e });
      docs.set(id, doc);
      await setPlanStatus(db, id, status);
      await checks.snapshot(id);
    }
    const { id: planId } = await createPlan(db, designer, { storefrontId: storefront.id, title: `Geprüft ${run}` });
    await setPlanStatus(db, planId, 'submitted');

    // Ids of different lengths: jsonb orders keys by length first, toJSON by code units.
    const ids = fc.constantFrom('ccc', 'dd', 'e', 'Z', 'ffff');
    const edit = fc.oneof(
      fc.record({
        op: fc.constant('entry' as const),
        id: ids,
        from: fc.integer({ min: -200, max: 500 }),
        hours: fc.integer({ min: -2, max: 60 }),
      }),
      fc.record({ op: fc.constant('delete' as const), id: ids }),
      fc.record({ op: fc.constant('task' as const), id: ids, who: fc.boolean(), link: ids }),
      fc.record({
        op: fc.constant('layout' as const),
        id: ids,
        x: fc.integer({ min: -100, max: 700 }),
        kind: fc.constantFrom('table', 'wall', 'nope'),
      }),
      fc.record({ op: fc.constant('attendance' as const), id: ids, n: fc.integer({ min: -1, max: 300 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        const doc = new Y.Doc();
        docs.set(planId, doc);
        for (const e of edits) {
          const entry = () => {
            const m = doc.getMap<unknown>('schedule').get(e.id);
            return m instanceof Y.Map ? (m as Y.Map<unknown>) : null;
          };
          if (e.op === 'entry') {
            const m = new Y.Map<unknown>();
            for (const [k, v] of Object.entries({
              kind: 'event',
              title: `T ${e.id}`,
              start: at(e.from),
              end: at(e.from + e.hours),
              public: true,
            }))
              m.set(k, v);
            doc.getMap<unknown>('schedule').set(e.id, m);
          } else if (e.op === 'delete') doc.getMap<unknown>('schedule').delete(e.id);
          else if (e.op === 'attendance') entry()?.set('expectedAttendance', e.n);
          else if (e.op === 'task') {
            const m = new Y.Map<unknown>();
            for (const [k, v] of Object.entries({
              title: 'Aufgabe',
              assignee: e.who ? u.id : other.id,
              scheduleEntryId: e.link,
              status: 'todo',
              due: null,
            }))
              m.set(k, v);
            doc.getMap<unknown>('tasks').set(e.id, m);
          } else {
            const m = new Y.Map<unknown>();
            for (const [k, v] of Object.entries({ kind: e.kind, x: e.x, y: 10, w: 120, h: 80 })) m.set(k, v);
            doc.getMap<unknown>('layout').set(e.id, m);
          }
          // The new path: incremental read, computed from the document without reading it back.
          const live = await checks.snapshot(planId);
          const incremental = await checks.compute(planId, live);
          // The old path: the whole document read afresh, stored, computed from the stored snapshot.
          const fresh = toJSON(doc).plan;
          expect(JSON.stringify(live)).toBe(JSON.stringify(fresh));
          await saveSnapshot(db, planId, fresh, { start: null, end: null });
          expect(incremental).toEqual(await checks.compute(planId));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('sameFindings', () => {
  const f = (params: Finding['params'], severity: Finding['severity'] = 'error'): Finding => ({
    kind: 'double-booking',
    severity,
    messageKey: 'findings.doubleBooking',
    params,
    ids: ['a', 'b'],
    planIds: ['a', 'b'],
  });

  it('ignores the order of findings and of their params’ keys (jsonb reorders them), not their values', () => {
    expect(sameFindings([f({ plan: 'A', otherPlan: 'B' })], [f({ otherPlan: 'B', plan: 'A' })])).toBe(true);
    expect(sameFindings([f({ plan: 'A', otherPlan: 'B' })], [f({ plan: 'A', otherPlan: 'C' })])).toBe(false);
    expect(sameFindings([f({ plan: 'A' })], [f({ plan: 'A' }, 'warning')])).toBe(false);
    expect(sameFindings([f({ plan: 'A' })], [f({ plan: 'A' }), f({ plan: 'A' })])).toBe(false);
  });
});
