/**
 * Plan housekeeping (issue 14): rename, archive, soft delete / restore / purge, duplicate as a template,
 * read-only withdrawn and done plans for open live connections, and "geändert" following live edits.
 *
 * `PATCH /api/plans/:planId` · `POST …/archive` · `POST …/unarchive` · `DELETE /api/plans/:planId` ·
 * `GET /api/plans/deleted` · `POST …/restore` · `POST …/duplicate`
 */
import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import * as Y from 'yjs';
import { docAccessOf, housekeepingRoutes, type DeletedPlan, type PlanSummary } from '@planner/shared';
import { fromBerlinLocal, recurrenceEnvelope, RecurrenceSchema, toBerlinISO } from '@planner/shared/plan/index';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { audit, type AuditAction } from '../activity/audit.ts';
import { planResource } from '../accounts/plugin.ts';
import { findUserById } from '../accounts/users.ts';
import { loadPlanContext } from './plan-access.ts';
import {
  expiredDeletedPlans,
  lockPlanRow,
  planPeopleIds,
  planStorefrontId,
  purgePlans,
  recentlyDeletedPlans,
  renamePlan,
  restorePlan,
  setPlanArchived,
  softDeletePlan,
  staffUserIds,
  touchPlan,
  wasSubmitted,
  type LockedPlanRow,
} from './housekeeping-repo.ts';
import { addMember, getPlan, insertPlan } from './repo.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Plan housekeeping jobs (tests call them directly). */
    housekeeping: {
      /** Removes deleted plans past PLAN_RESTORE_DAYS; returns their ids. */
      purge(): Promise<string[]>;
    };
  }
}

const DAY = 86_400_000;

// ── Schedule shifting ─────────────────────────────────────────────────────────

/** A calendar day `YYYY-MM-DD` plus `days`. */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** An instant with Berlin offset moved by whole days, keeping its Berlin wall-clock time (DST-safe). */
export function shiftTime(iso: string, days: number): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return addDays(iso, days);
  const local = toBerlinISO(iso).slice(0, 19);
  return fromBerlinLocal(`${addDays(local.slice(0, 10), days)}T${local.slice(11)}`) ?? iso;
}

/**
 * Moves a plan document's schedule (and its tasks' due dates) so that its first entry starts on
 * `startDate`, keeping every offset between them. Returns the shift in days.
 */
export function shiftSchedule(doc: Y.Doc, startDate: string): number {
  const schedule = doc.getMap<unknown>('schedule');
  const tasks = doc.getMap<unknown>('tasks');
  const starts: string[] = [];
  for (const e of schedule.values()) {
    const start = e instanceof Y.Map ? e.get('start') : undefined;
    if (typeof start === 'string' && Number.isFinite(Date.parse(start))) starts.push(toBerlinISO(start).slice(0, 10));
  }
  if (!starts.length) {
    for (const t of tasks.values()) {
      const due = t instanceof Y.Map ? t.get('due') : undefined;
      if (typeof due === 'string' && Number.isFinite(Date.parse(due)))
        starts.push(due.length === 10 ? due : toBerlinISO(due).slice(0, 10));
    }
  }
  if (!starts.length) return 0;
  const first = starts.sort()[0];
  const days = Math.round((Date.parse(`${startDate}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY);
  if (days === 0) return 0;
  doc.transact(() => {
    for (const e of schedule.values()) {
      if (!(e instanceof Y.Map)) continue;
      for (const k of ['start', 'end']) {
        const v = e.get(k);
        if (typeof v === 'string' && Number.isFinite(Date.parse(v))) e.set(k, shiftTime(v, days));
      }
      // A weekly pattern (issue 18) moves along: its dates by the same days, its weekdays and hours stay;
      // start and end are then its new envelope. A pattern that does not read as one is left to read.ts.
      const pattern = RecurrenceSchema.safeParse(e.get('recurrence'));
      if (pattern.success) {
        const r = pattern.data;
        const moved = {
          from: addDays(r.from, days),
          until: addDays(r.until, days),
          weekly: r.weekly,
          exceptions: r.exceptions.map((x) => ({ ...x, date: addDays(x.date, days) })),
        };
        e.set('recurrence', moved);
        const envelope = recurrenceEnvelope(moved);
        if (envelope) {
          e.set('start', envelope.start);
          e.set('end', envelope.end);
        }
      }
    }
    for (const t of tasks.values()) {
      if (!(t instanceof Y.Map)) continue;
      const due = t.get('due');
      if (typeof due === 'string' && Number.isFinite(Date.parse(due))) t.set('due', shiftTime(due, days));
    }
  });
  return days;
}

// ── SQL ──────────────────────────────────────────────────────────────────────

async function lockPlan(tx: Queryable, planId: string): Promise<LockedPlanRow> {
  const row = await lockPlanRow(tx, planId);
  if (!row) throw new AppError('NOT_FOUND', 'plan.notFound');
  return row;
}

/** Everyone who sees the plan on a dashboard: its members and the storefront's owner. */
async function planPeople(db: Queryable, planId: string): Promise<string[]> {
  return planPeopleIds(db, planId);
}

// ── The plugin ───────────────────────────────────────────────────────────────

export default fp(
  async (app) => {
    const db: Database = app.db;
    const settings = app.config.housekeeping;

    /** Tells the dashboards of the plan's people and of staff that the plan's line changed. */
    const pushChanged = async (planId: string, updatedAt: string) => {
      if (!app.hasDecorator('realtime')) return;
      const rooms = app.realtime.rooms;
      rooms.toStaff('plans:changed', { planId, updatedAt });
      for (const userId of await planPeople(db, planId)) rooms.toUser(userId, 'plans:changed', { planId, updatedAt });
    };

    /** Every open live connection of the plan's people and staff gets the access that now applies. */
    const refreshAccess = async (planId: string, userIds?: string[]) => {
      const staff = await staffUserIds(db);
      const ids = new Set([...(userIds ?? (await planPeople(db, planId))), ...staff]);
      for (const userId of ids) {
        const user = await findUserById(db, userId);
        const actor = user ? { userId, staff: user.staff, roles: user.roles } : null;
        const ctx = actor ? await loadPlanContext(db, actor, planId) : null;
        const access = actor && ctx && !(ctx.deleted && !actor.staff) ? docAccessOf(actor, ctx.resource) : 'none';
        await app.auth.revocations.publish({ type: 'plan-access', planId, userId, access });
      }
    };

    const log = (
      q: Queryable,
      actorId: string,
      action: string,
      planId: string,
      details: Record<string, unknown>,
      ip: string | null,
    ) => audit(q, { actorId, action: action as AuditAction, subjectType: 'plan', subjectId: planId, planId, details, ip });

    const summary = async (userId: string, planId: string): Promise<PlanSummary> => (await getPlan(db, userId, planId))!;

    // Withdrawn and done plans are read-only; reopening makes them writable again.
    const offTransition = app.events.on(
      'plan.transitioned',
      'housekeeping: live access follows read-only statuses',
      async (e) => {
        if (['withdraw', 'complete', 'reopen'].includes(e.transition)) await refreshAccess(e.planId);
      },
    );

    route(app, housekeepingRoutes.rename, { access: { action: 'plan.rename', resource: planResource } }, async (req) => {
      const { planId } = req.params;
      const { title } = req.body;
      const before = await db.transaction(async (tx) => {
        const row = await lockPlan(tx, planId);
        await renamePlan(tx, planId, title);
        await log(tx, req.actor!.userId, 'plan.rename', planId, { from: row.title, to: title }, req.ip);
        return row;
      });
      void before;
      const plan = await summary(req.actor!.userId, planId);
      await pushChanged(planId, plan.updatedAt);
      return plan;
    });

    const setArchived =
      (archived: boolean) => async (req: { params: { planId: string }; actor?: { userId: string } | null; ip: string }) => {
        const { planId } = req.params;
        await db.transaction(async (tx) => {
          const row = await lockPlan(tx, planId);
          if (archived && !['done', 'withdrawn'].includes(row.status)) throw new AppError('CONFLICT', 'plan.notArchivable');
          if (!archived && !row.archived_at) throw new AppError('CONFLICT', 'plan.notArchived');
          await setPlanArchived(tx, planId, archived);
          await log(tx, req.actor!.userId, archived ? 'plan.archive' : 'plan.unarchive', planId, { status: row.status }, req.ip);
        });
        const plan = await summary(req.actor!.userId, planId);
        await pushChanged(planId, plan.updatedAt);
        return plan;
      };
    route(app, housekeepingRoutes.archive, { access: { action: 'plan.archive', resource: planResource } }, setArchived(true));
    route(app, housekeepingRoutes.unarchive, { access: { action: 'plan.archive', resource: planResource } }, setArchived(false));

    route(app, housekeepingRoutes.remove, { access: { action: 'plan.delete', resource: planResource } }, async (req, reply) => {
      const { planId } = req.params;
      const people = await planPeople(db, planId);
      await db.transaction(async (tx) => {
        const row = await lockPlan(tx, planId);
        const submitted = await wasSubmitted(tx, planId);
        if (row.status !== 'draft' || row.deleted_at || submitted) throw new AppError('CONFLICT', 'plan.notDeletable');
        await softDeletePlan(tx, planId, req.actor!.userId);
        await log(tx, req.actor!.userId, 'plan.delete', planId, { title: row.title }, req.ip);
      });
      await refreshAccess(planId, people);
      await pushChanged(planId, new Date().toISOString());
      return reply.status(204).send(null);
    });

    route(app, housekeepingRoutes.deleted, { access: { action: 'plan.restore' } }, async (req) => {
      const rows = await recentlyDeletedPlans(db, settings.restoreMs);
      const items: DeletedPlan[] = [];
      for (const r of rows) {
        const p = await summary(req.actor!.userId, r.id);
        const deletedAt = new Date(r.deleted_at);
        items.push({
          ...p,
          deletedAt: deletedAt.toISOString(),
          deletedBy: r.deleted_by,
          restoreUntil: new Date(deletedAt.getTime() + settings.restoreMs).toISOString(),
        });
      }
      return { items };
    });

    route(app, housekeepingRoutes.restore, { access: { action: 'plan.restore', resource: planResource } }, async (req) => {
      const { planId } = req.params;
      await db.transaction(async (tx) => {
        const row = await lockPlan(tx, planId);
        if (!row.deleted_at) throw new AppError('CONFLICT', 'plan.notDeleted');
        if (new Date(row.deleted_at).getTime() + settings.restoreMs < Date.now())
          throw new AppError('CONFLICT', 'plan.restoreExpired');
        await restorePlan(tx, planId);
        await log(tx, req.actor!.userId, 'plan.restore', planId, {}, req.ip);
      });
      await refreshAccess(planId);
      const plan = await summary(req.actor!.userId, planId);
      await pushChanged(planId, plan.updatedAt);
      return plan;
    });

    route(
      app,
      housekeepingRoutes.duplicate,
      { access: { action: 'plan.duplicate', resource: planResource } },
      async (req, reply) => {
        const source = req.params.planId;
        const { title, startDate } = req.body;
        const actor = req.actor!;
        const copy = new Y.Doc();
        Y.applyUpdate(copy, await app.sync.getDocState(source));
        const shiftedDays = shiftSchedule(copy, startDate);
        const meta = copy.getMap<unknown>('meta');
        if (meta.get('title') !== title) meta.set('title', title);
        const id = randomUUID();
        await db.transaction(async (tx) => {
          const storefrontId = (await planStorefrontId(tx, source))!;
          await insertPlan(tx, { id, storefrontId, title, createdBy: actor.userId });
          await addMember(tx, id, actor.userId, actor.staff ? 'staff' : 'designer', actor.userId);
          await log(tx, actor.userId, 'plan.duplicate', id, { from: source, startDate, shiftedDays }, req.ip);
        });
        await app.sync.applyUpdate(id, Y.encodeStateAsUpdate(copy));
        copy.destroy();
        await app.sync.flush();
        if (app.hasDecorator('checks')) app.checks.schedule(id);
        const plan = await summary(actor.userId, id);
        await pushChanged(id, plan.updatedAt);
        return reply.status(201).send(plan);
      },
    );

    // ── "geändert" follows live edits: plans.updated_at at most every PLAN_TOUCH_SECONDS per plan ──
    const lastTouch = new Map<string, number>();
    const pending = new Map<string, NodeJS.Timeout>();
    let closing = false;
    const touch = async (planId: string) => {
      lastTouch.set(planId, Date.now());
      if (!(await app.plans.docs.isPlan(planId))) return;
      const updatedAt = await touchPlan(db, planId);
      if (updatedAt) await pushChanged(planId, new Date(updatedAt).toISOString());
    };
    const touchSafely = (planId: string) =>
      touch(planId).catch((err: unknown) => app.log.error({ err, planId }, 'housekeeping: could not move updated_at'));
    const offUpdate = app.sync.onUpdate((docId, _update, origin) => {
      if (origin.kind !== 'client' || closing || pending.has(docId)) return;
      const wait = (lastTouch.get(docId) ?? 0) + settings.touchIntervalMs - Date.now();
      if (wait <= 0) {
        void touchSafely(docId);
        return;
      }
      const timer = setTimeout(() => {
        pending.delete(docId);
        void touchSafely(docId);
      }, wait);
      timer.unref();
      pending.set(docId, timer);
    });

    // ── Purge: deleted plans past PLAN_RESTORE_DAYS are removed for good ──
    const purge = async (): Promise<string[]> => {
      // Photos of storefronts that are gone for good (issue 17) go with them.
      if (app.hasDecorator('storefrontPhotos')) {
        await app.storefrontPhotos
          .purgeGone()
          .catch((err: unknown) => app.log.error({ err }, 'housekeeping: purging storefront photos failed'));
      }
      if (app.hasDecorator('media')) {
        await app.media
          .purgeUnattachedCommentImages()
          .catch((err: unknown) => app.log.error({ err }, 'housekeeping: purging unattached comment images failed'));
      }
      const rows = await expiredDeletedPlans(db, settings.restoreMs);
      const ids = rows.map((r) => r.id);
      if (!ids.length) return ids;
      await db.transaction(async (tx) => {
        await purgePlans(tx, ids);
        for (const r of rows) {
          await audit(tx, {
            actorId: null,
            action: 'plan.purge' as AuditAction,
            subjectType: 'plan',
            subjectId: r.id,
            planId: null,
            details: { title: r.title },
          });
        }
      });
      for (const id of ids) app.plans.docs.forget(id);
      // Their uploads (issue 17) go with them; a failure leaves files without a plan, and is logged.
      if (app.hasDecorator('media')) {
        for (const id of ids) {
          await app.media
            .purgePlan(id)
            .catch((err: unknown) => app.log.error({ err, planId: id }, 'housekeeping: purging uploads failed'));
        }
      }
      app.log.info({ plans: ids.length }, 'housekeeping: purged deleted plans');
      return ids;
    };
    const purgeTimer = setInterval(
      () => void purge().catch((err: unknown) => app.log.error({ err }, 'housekeeping: purge failed')),
      settings.purgeIntervalMs,
    );
    purgeTimer.unref();
    app.decorate('housekeeping', { purge });

    app.addHook('onClose', async () => {
      closing = true;
      clearInterval(purgeTimer);
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
      offUpdate();
      offTransition();
    });
  },
  { name: 'routes-housekeeping', dependencies: ['auth', 'database', 'plans', 'sync', 'realtime'] },
);
