import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorefrontCreate } from '@planner/shared';
import type { Finding } from '@planner/shared/checks/index';
import { addScheduleEntry, addTask, type Recurrence } from '@planner/shared/plan/index';
import type { Database } from '../../platform/db/database.ts';
import { sharedTestDatabase } from '../../platform/db/test-database.ts';
import { createUser } from '../accounts/users.ts';
import { setPlanStatus } from '../plans/repo.ts';
import { createPlan } from '../plans/service.ts';
import { StorefrontService } from '../storefronts/service.ts';
import { ChecksService } from './service.ts';

const UNIONVIERTEL = '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000001';

const weekly = (days: number[], start: string, end: string): Recurrence => ({
  from: '2027-03-18',
  until: '2027-04-05',
  weekly: days.map((day) => ({ day, start, end })),
  exceptions: [],
});

/**
 * Issue 18 on the server: the cross-plan checks read the stored snapshots, which carry the weekly
 * pattern, so plans sharing a shop on different weekdays do not collide and one sharing a day-hour does.
 */
describe('ChecksService with recurring opening hours', () => {
  const run = randomUUID().slice(0, 8);
  const docs = new Map<string, Y.Doc>();
  let db: Database;
  let checks: ChecksService;
  let storefrontId: string;
  let designer: { userId: string; staff: boolean; name: string };

  const plan = async (title: string, recurrence: Recurrence) => {
    const { id } = await createPlan(db, designer, { storefrontId, title: `${title} ${run}` });
    const doc = new Y.Doc();
    const entry = addScheduleEntry(doc, {
      kind: 'open-hours',
      title,
      start: '2027-03-18T00:00:00+01:00',
      end: '2027-04-06T00:00:00+02:00',
      recurrence,
    });
    addTask(doc, { title: 'Aufsicht', assignee: designer.userId, scheduleEntryId: entry });
    docs.set(id, doc);
    await setPlanStatus(db, id, 'submitted');
    await checks.snapshot(id);
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
    const u = await createUser(db, { email: `recur-${run}@example.org`, name: `Gestalterin ${run}` });
    designer = { userId: u.id, staff: false, name: u.name };
    const storefront = await new StorefrontService(db).create(
      StorefrontCreate.parse({
        quarterId: UNIONVIERTEL,
        title: `Wochenladen ${run}`,
        address: 'Rheinische Straße 4',
        lat: 51.5,
        lng: 7.4,
        areaM2: 60,
        outline: [
          { x: 0, y: 0 },
          { x: 1000, y: 0 },
          { x: 1000, y: 600 },
          { x: 0, y: 600 },
        ],
        availability: [{ start: '2027-03-01T00:00:00+01:00', end: '2027-05-01T00:00:00+02:00' }],
      }),
    );
    storefrontId = storefront.id;
  });

  it('interleaving weekdays do not collide; a shared day-hour is a double booking and a person conflict', async () => {
    const a = await plan('Mi–So', weekly([3, 4, 5, 6, 7], '12:00', '18:00'));
    const b = await plan('Mo–Di', weekly([1, 2], '12:00', '18:00'));
    expect(ofKind(await checks.refresh(a), 'double-booking')).toEqual([]);
    expect(ofKind(await checks.refresh(a), 'person-double-booked')).toEqual([]);
    expect(ofKind(await checks.refresh(a), 'outside-availability')).toEqual([]);
    void b;

    const c = await plan('Di–Mi abends', weekly([2, 3], '17:00', '20:00'));
    const found = await checks.refresh(c);
    const bookings = ofKind(found, 'double-booking');
    // With a (Wednesday 17–18) and with b (Tuesday 17–18), each at its first shared hour.
    expect(bookings.map((f) => f.params.start).sort()).toEqual(['2027-03-23T16:00:00.000Z', '2027-03-24T16:00:00.000Z']);
    // The same designer is on duty in all three: c's evenings meet a's Wednesdays and b's Tuesdays.
    expect(
      ofKind(found, 'person-double-booked')
        .map((f) => f.params.start)
        .sort(),
    ).toEqual(['2027-03-23T16:00:00.000Z', '2027-03-24T16:00:00.000Z']);
  });
});
