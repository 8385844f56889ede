import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorefrontCreate, type Storefront } from '@planner/shared';
import { addScheduleEntry } from '@planner/shared/plan/index';
import type { Database } from '../../platform/db/database.ts';
import { sharedTestDatabase } from '../../platform/db/test-database.ts';
import { AppError } from '../../platform/errors.ts';
import { createUser } from '../accounts/users.ts';
import { ChecksService } from '../checks/service.ts';
import { setPlanStatus } from '../plans/repo.ts';
import { createPlan } from '../plans/service.ts';
import { QuarterService } from '../quarters/service.ts';
import { StorefrontService } from './service.ts';

/** The registry on a real (in-memory, migrated) database, in a quarter of its own. */
describe('StorefrontService', () => {
  const run = randomUUID().slice(0, 8);
  let db: Database;
  let storefronts: StorefrontService;
  let quarterId: string;
  let staff: { userId: string; staff: boolean };
  let owner: { userId: string; staff: boolean };
  let designer: { userId: string; staff: boolean };

  const person = async (name: string, isStaff = false) => {
    const u = await createUser(db, { email: `${name}-${run}@example.org`, name, staff: isStaff });
    return { userId: u.id, staff: u.staff };
  };

  /** A storefront available through March 2027, with owner-only notes. */
  const register = (title: string, over: Partial<Record<keyof StorefrontCreate, unknown>> = {}) =>
    storefronts.create(
      StorefrontCreate.parse({
        quarterId,
        title,
        address: 'Rheinische Straße 12, 44137 Dortmund',
        lat: 51.5125,
        lng: 7.4557,
        areaM2: 44,
        outline: [
          { x: 0, y: 0 },
          { x: 800, y: 0 },
          { x: 800, y: 600 },
          { x: 0, y: 600 },
        ],
        availability: [{ start: '2027-03-01T00:00:00+01:00', end: '2027-04-01T00:00:00+02:00' }],
        keyHandoverNotes: 'Schlüssel beim Kiosk',
        ownerId: owner.userId,
        ...over,
      }),
    );

  /** A plan at the storefront with one schedule entry, its span stored the way the checks keep it. */
  const planAt = async (storefrontId: string, status: 'draft' | 'submitted' | 'withdrawn', start: string, end: string) => {
    const plan = await createPlan(db, designer, { storefrontId, title: `Plan ${status}` });
    const doc = new Y.Doc();
    addScheduleEntry(doc, { kind: 'event', title: 'Ausstellung', start, end });
    await new ChecksService(db, async (_id, fn) => fn(doc)).snapshot(plan.id);
    await setPlanStatus(db, plan.id, status);
    return plan.id;
  };

  const freeIn = async (freeFrom: string, freeTo: string) =>
    (await storefronts.list({ quarter: quarterId, freeFrom, freeTo, limit: 100, offset: 0 }, staff)).items
      .map((s) => s.title)
      .sort();

  beforeAll(async () => {
    db = await sharedTestDatabase();
    storefronts = new StorefrontService(db);
    quarterId = (await new QuarterService(db).create({ name: `Testviertel ${run}`, slug: `test-${run}` })).id;
    staff = await person('Stabsstelle', true);
    owner = await person('Eigentümerin');
    designer = await person('Gestalterin');
  });

  it('lists a storefront as free in a date range only when a window covers it and no plan holding it overlaps', async () => {
    const open = await register('Frei');
    const booked = await register('Belegt');
    const drafted = await register('Entwurf');
    const withdrawn = await register('Zurückgezogen');
    await register('Später verfügbar', {
      availability: [{ start: '2027-03-10T00:00:00+01:00', end: '2027-04-01T00:00:00+02:00' }],
    });
    await planAt(booked.id, 'submitted', '2027-03-12T10:00:00+01:00', '2027-03-14T18:00:00+01:00');
    // A draft and a withdrawn plan do not hold the storefront.
    await planAt(drafted.id, 'draft', '2027-03-12T10:00:00+01:00', '2027-03-14T18:00:00+01:00');
    await planAt(withdrawn.id, 'withdrawn', '2027-03-12T10:00:00+01:00', '2027-03-14T18:00:00+01:00');
    expect(open.id).toBeTruthy();

    expect(await freeIn('2027-03-02T00:00:00+01:00', '2027-03-05T00:00:00+01:00')).toEqual([
      'Belegt',
      'Entwurf',
      'Frei',
      'Zurückgezogen',
    ]);
    expect(await freeIn('2027-03-11T00:00:00+01:00', '2027-03-13T00:00:00+01:00')).toEqual([
      'Entwurf',
      'Frei',
      'Später verfügbar',
      'Zurückgezogen',
    ]);
    // The span touching the range's start does not overlap it; a range past every window is free nowhere.
    expect(await freeIn('2027-03-14T18:00:00+01:00', '2027-03-20T00:00:00+01:00')).toContain('Belegt');
    expect(await freeIn('2027-03-25T00:00:00+01:00', '2027-04-05T00:00:00+02:00')).toEqual([]);
  });

  it('shows owner contacts and key notes to staff and the owner only', async () => {
    const s = await register('Kontakte');
    const inList = async (viewer: { userId: string; staff: boolean }): Promise<Storefront> =>
      (await storefronts.list({ quarter: quarterId, limit: 100, offset: 0 }, viewer)).items.find((x) => x.id === s.id)!;

    for (const viewer of [staff, owner]) {
      expect(await inList(viewer)).toMatchObject({
        owner: { id: owner.userId, name: 'Eigentümerin' },
        keyHandoverNotes: 'Schlüssel beim Kiosk',
      });
      expect(await storefronts.get(s.id, viewer)).toMatchObject({ keyHandoverNotes: 'Schlüssel beim Kiosk' });
    }
    const stranger = await inList(designer);
    expect(stranger).toMatchObject({ owner: null, keyHandoverNotes: '' });
    // Who owns it goes to staff and the owner only (issue 14).
    expect(stranger.ownerId).toBeUndefined();
    expect((await inList(owner)).ownerId).toBe(owner.userId);
    expect(await storefronts.get(s.id, designer)).toMatchObject({ owner: null, keyHandoverNotes: '' });
    expect(await storefronts.get(s.id, null)).toMatchObject({ owner: null, keyHandoverNotes: '' });

    // A member of a plan at the storefront sees them on the storefront itself.
    await createPlan(db, designer, { storefrontId: s.id, title: 'Mitglied' });
    expect(await storefronts.get(s.id, designer)).toMatchObject({
      owner: { id: owner.userId },
      keyHandoverNotes: 'Schlüssel beim Kiosk',
    });
  });

  it('lets the owner change their fields only, and staff everything', async () => {
    const s = await register('Regeln');
    const mine = await storefronts.update(s.id, { houseRules: ['Nur Kreppband'], maxOccupancy: 20 }, false);
    expect(mine).toMatchObject({ houseRules: ['Nur Kreppband'], maxOccupancy: 20, title: 'Regeln' });

    const err = await storefronts.update(s.id, { title: 'Umbenannt', houseRules: [] }, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'title', key: 'field.unknown' }] });
    expect((await storefronts.get(s.id, staff)).houseRules).toEqual(['Nur Kreppband']);

    expect(await storefronts.update(s.id, { title: 'Umbenannt' }, true)).toMatchObject({
      title: 'Umbenannt',
      houseRules: ['Nur Kreppband'],
    });
    expect(await storefronts.update(randomUUID(), { title: 'x' }, true).catch((e: AppError) => e.code)).toBe('NOT_FOUND');
  });
});
