import { randomUUID } from 'node:crypto';
import {
  StorefrontOwnerPatch,
  can,
  type Actor,
  type Paged,
  type Storefront,
  type StorefrontCreate,
  type StorefrontPatch,
} from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { grantAccountRoles } from '../accounts/roles.ts';
import { quarterExists } from '../quarters/repo.ts';
import * as repo from './repo.ts';

export type { StorefrontFilter } from './repo.ts';

/** Who asks, as far as the registry cares (the roles decide nothing here yet; relationships do). */
export type Viewer = NonNullable<Actor>;

/** `ownerId` only for staff and that storefront's owner (`storefront.readOwner`); removed for everyone else. */
function forViewer(s: Storefront, viewer: Viewer | null): Storefront {
  if (can(viewer, 'storefront.readOwner', { ownsStorefront: !!viewer && !!s.ownerId && s.ownerId === viewer.userId })) return s;
  const { ownerId: _hidden, ...rest } = s;
  return rest;
}

const notFound = () => new AppError('NOT_FOUND', 'storefront.notFound');

/** Fields only staff may change (everything but the owner's availability, rules, notes and occupancy). */
const OWNER_FIELDS = new Set(Object.keys(StorefrontOwnerPatch.shape));

/**
 * The storefront registry: staff register and change storefronts; an owner keeps their own
 * storefront's availability, rules, key notes and maximum occupancy current. Owner contacts are shown
 * to staff, the owner, and members of plans at the storefront.
 */
export class StorefrontService {
  constructor(private readonly db: Database) {}

  /** The storefront's owner, for the permission check (404 when there is no such storefront). */
  async ownerOf(storefrontId: string): Promise<string | null> {
    const owner = await repo.ownerOf(this.db, storefrontId);
    if (owner === undefined) throw notFound();
    return owner;
  }

  async list(filter: repo.StorefrontFilter, viewer: Viewer): Promise<Paged<Storefront>> {
    const page = await repo.listStorefronts(this.db, filter, (s) => viewer.staff || s.ownerId === viewer.userId);
    return { ...page, items: page.items.map((s) => forViewer(s, viewer)) };
  }

  async get(storefrontId: string, viewer: Viewer | null): Promise<Storefront> {
    const s = await repo.getStorefront(this.db, storefrontId, false);
    if (!s) throw notFound();
    if (await this.seesContacts(storefrontId, s.ownerId ?? null, viewer))
      return forViewer((await repo.getStorefront(this.db, storefrontId, true)) ?? s, viewer);
    return forViewer(s, viewer);
  }

  async create(input: StorefrontCreate): Promise<Storefront> {
    await this.assertRefs(input);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await repo.insertStorefront(tx, id, input);
      // Becoming a storefront's owner grants the owner role (the account may hold others too).
      if (input.ownerId) await grantAccountRoles(tx, input.ownerId, ['owner']);
    });
    return (await repo.getStorefront(this.db, id, true))!;
  }

  /** Staff change any field; anyone else (the owner) only the owner's fields: others are a 400 naming them. */
  async update(storefrontId: string, patch: StorefrontPatch, asStaff: boolean): Promise<Storefront> {
    if (!asStaff) {
      const fields: FieldProblem[] = Object.keys(patch)
        .filter((k) => !OWNER_FIELDS.has(k))
        .map((path) => ({ path, key: 'field.unknown', message: `${path} can only be changed by staff` }));
      if (fields.length) throw new AppError('VALIDATION', 'error.validation', undefined, fields);
    }
    await this.assertRefs(patch);
    const updated = await this.db.transaction(async (tx) => {
      if (!(await repo.updateStorefront(tx, storefrontId, patch))) return false;
      if (patch.ownerId) await grantAccountRoles(tx, patch.ownerId, ['owner']);
      return true;
    });
    if (!updated) throw notFound();
    const s = await repo.getStorefront(this.db, storefrontId, true);
    if (!s) throw notFound();
    return s;
  }

  /** Owner contacts and key notes: staff, the owner, and members of plans at this storefront. */
  private async seesContacts(storefrontId: string, ownerId: string | null, viewer: Viewer | null): Promise<boolean> {
    if (!viewer) return false;
    if (viewer.staff || ownerId === viewer.userId) return true;
    return repo.memberOfPlanAt(this.db, storefrontId, viewer.userId);
  }

  private async assertRefs(input: Partial<StorefrontCreate>): Promise<void> {
    const fields: FieldProblem[] = [];
    if (input.quarterId && !(await quarterExists(this.db, input.quarterId))) {
      fields.push({ path: 'quarterId', key: 'field.invalidValue', message: 'unknown quarter' });
    }
    if (input.ownerId && !(await repo.userExists(this.db, input.ownerId))) {
      fields.push({ path: 'ownerId', key: 'field.invalidValue', message: 'unknown user' });
    }
    if (fields.length) throw new AppError('VALIDATION', 'error.validation', undefined, fields);
  }
}
