import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorefrontCreate } from '@planner/shared';
import type { Finding } from '@planner/shared/checks/index';
import { addScheduleEntry, addTask } from '@planner/shared/plan/index';
import type { Database } from '../../platform/db/database.ts';
import { sharedTestDatabase } from '../../platform/db/test-database.ts';
import { createUser } from '../accounts/users.ts';
import { setPlanStatus } from '../plans/repo.ts';
import { createPlan } from '../plans/service.ts';
import { rotaFindingSource } from '../rota/finding-source.ts';
import { StorefrontService } from '../storefronts/service.ts';
import { ChecksService, sameFindings } from './service.ts';
import { overdueChangesAt } from './city.ts';

const UNIONVIERTEL = '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000001';
/** When the findings are stored: the rota's event is more than 48 h away, the task not yet due. */
const T0 = Date.parse('2027-03-05T12:00:00Z');
/** When the city view is read later: the event starts within 48 h, the task is overdue. */
const T1 = Date.parse('2027-03-09T12:00:00Z');
const ROTA_KINDS = new Set(['rota-uncovered', 'rota-understaffed', 'rota-person-double-booked']);

/**
 * The staff city view (issue 19) reads each live plan's stored findings instead of recomputing every
 * plan's checks and every pair of plans per request. It must say what the recomputation says, also
 * when the clock has moved on since the findings were stored.
 */
describe('ChecksService.city from stored findings', () => {
  const run = randomUUID().slice(0, 8);
  const docs = new Map<string, Y.Doc>();
  let clock = T0;
  let db: Database;
  let checks: ChecksService;
  let designer: { userId: string; staff: boolean; name: string };
  const ids: string[] = [];

  const storefront = async (title: string) =>
    (
      await new StorefrontService(db).create(
        StorefrontCreate.parse({
          quarterId: UNIONVIERTEL,
          title: `${title} ${run}`,
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
      )
    ).id;

  /** A plan with one event from `start` to `end`, the designer responsible for it; `due` adds a task due then. */
  const plan = async (title: string, at: string, start: string, end: string, due?: string) => {
    const { id } = await createPlan(db, designer, { storefrontId: at, title: `${title} ${run}` });
    const doc = new Y.Doc();
    const entry = addScheduleEntry(doc, { kind: 'event', title: `${title}: Abend`, start, end });
    addTask(doc, { title: 'Abend leiten', assignee: designer.userId, scheduleEntryId: entry });
    if (due) addTask(doc, { title: 'Plakate drucken', assignee: designer.userId, due });
    docs.set(id, doc);
    ids.push(id);
    return id;
  };

  /** Only the findings of this file's plans (the shared database holds other files' plans too). */
  const mine = (list: Finding[]) => list.filter((f) => f.planIds.some((id) => ids.includes(id)));
  const expectSame = async () => {
    const stored = mine(await checks.city());
    const recomputed = mine(await checks.recomputeCity());
    expect(sameFindings(stored, recomputed), JSON.stringify({ stored, recomputed }, null, 1)).toBe(true);
    // Errors first, as before.
    const rank = { error: 0, warning: 1, info: 2 };
    const all = await checks.city();
    expect(all.every((f, i) => i === 0 || rank[all[i - 1].severity] <= rank[f.severity])).toBe(true);
    return stored;
  };

  beforeAll(async () => {
    db = await sharedTestDatabase();
    checks = new ChecksService(
      db,
      async (planId, fn) => fn(docs.get(planId)!),
      () => new Date(clock),
      rotaFindingSource(db, () => clock),
    );
    const u = await createUser(db, { email: `city-${run}@example.org`, name: `Gestalterin ${run}` });
    designer = { userId: u.id, staff: false, name: u.name };
    const shop = await storefront('Stadtladen');
    const other = await storefront('Nachbarladen');
    const a = await plan('Lichtspiele', shop, '2027-03-10T10:00:00+01:00', '2027-03-12T18:00:00+01:00', '2027-03-07');
    const b = await plan('Klangraum', shop, '2027-03-11T10:00:00+01:00', '2027-03-14T18:00:00+01:00');
    const c = await plan('Entwurf', shop, '2027-03-11T12:00:00+01:00', '2027-03-11T20:00:00+01:00');
    const d = await plan('Nebenan', other, '2027-03-10T12:00:00+01:00', '2027-03-10T16:00:00+01:00');
    await setPlanStatus(db, a, 'published');
    await setPlanStatus(db, b, 'submitted');
    await setPlanStatus(db, d, 'approved');
    expect(c).toBeTruthy(); // stays a draft
    // As the product does after edits: every snapshot first, then each plan's findings (related ones included).
    for (const id of ids) await checks.snapshot(id);
    for (const id of ids) await checks.refresh(id);
  });

  it('has a cross-plan double booking and a person in two places, each once, as the recomputation does', async () => {
    const found = await expectSame();
    const bookings = found.filter((f) => f.kind === 'double-booking');
    expect(bookings).toHaveLength(1); // a and b hold the shop; c is a draft, not in the city's pairs
    expect(bookings[0].severity).toBe('error');
    expect(new Set(bookings[0].planIds)).toEqual(new Set(ids.slice(0, 2)));
    const people = found.filter((f) => f.kind === 'person-double-booked');
    // a–b, a–c, a–d, b–c: the designer leads every event; d overlaps a only.
    expect(people).toHaveLength(4);
    expect(people.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('follows the clock: a task overdue since the findings were stored, the rota’s 48 hours', async () => {
    const before = await expectSame();
    expect(before.filter((f) => f.kind === 'task-overdue')).toEqual([]);
    // The stored findings hold the rota's (a warning at T0); the city view never showed them.
    const stored = (await checks.findingsOf(ids[0])).filter((f) => ROTA_KINDS.has(f.kind));
    expect(stored.map((f) => f.severity)).toContain('warning');

    clock = T1;
    try {
      const after = await expectSame();
      expect(after.filter((f) => f.kind === 'task-overdue').map((f) => f.params.title)).toEqual(['Plakate drucken']);
      expect(after.filter((f) => ROTA_KINDS.has(f.kind))).toEqual([]);
      // The plan's own view recomputes the rota at read time: now an error.
      expect((await checks.findingsOf(ids[0])).filter((f) => f.kind === 'rota-uncovered').map((f) => f.severity)).toContain(
        'error',
      );
    } finally {
      clock = T0;
    }
  });

  it('drops a pair when a plan leaves the live statuses, before its findings are refreshed', async () => {
    await setPlanStatus(db, ids[1], 'withdrawn');
    try {
      const found = await expectSame();
      expect(found.filter((f) => f.planIds.includes(ids[1]))).toEqual([]);
      expect(found.filter((f) => f.kind === 'double-booking')).toEqual([]);
    } finally {
      await setPlanStatus(db, ids[1], 'submitted');
    }
  });

  it('reads a live plan that has no snapshot yet by computing its findings', async () => {
    const at = (await checks.livePlans()).find((p) => p.id === ids[0])!.storefrontId;
    const late = await plan('Nachzügler', at, '2027-03-12T10:00:00+01:00', '2027-03-12T12:00:00+01:00');
    await setPlanStatus(db, late, 'submitted');
    await expectSame();
  });
});

describe('overdueChangesAt (the cached city view holds until a task falls due)', () => {
  it('is the first instant after now at which an open task becomes overdue', () => {
    const now = Date.parse('2027-03-05T12:00:00Z');
    // A datetime due: overdue once its instant lies before now, i.e. one millisecond after it.
    expect(overdueChangesAt(['2027-03-05T13:00:00Z', '2027-03-05T12:30:00Z'], now)).toBe(Date.parse('2027-03-05T12:30:00Z') + 1);
    // A date due: at the end of that Berlin day (CET: 23:00Z).
    expect(overdueChangesAt(['2027-03-05'], now)).toBe(Date.parse('2027-03-05T23:00:00Z') + 1);
    // Past dues are overdue already (nothing changes for them), unreadable ones never change.
    expect(overdueChangesAt(['2027-03-01', 'soon'], now)).toBe(Number.POSITIVE_INFINITY);
  });
});
