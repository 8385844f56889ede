import { randomUUID } from 'node:crypto';
import type {
  AssignBody,
  ContactBody,
  Finding,
  RotaContact,
  RotaView,
  Shift,
  ShiftBody,
  ShiftPatch,
  SuggestResult,
  TodayView,
} from '@planner/shared';
import { toBerlinISO } from '@planner/shared/plan/index';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { rotaEntries, rotaFindings } from './findings.ts';
import { occurrencesOf } from '@planner/shared/plan/index';
import * as repo from './repo.ts';
import { todayOf } from './today.ts';

const berlin = (v: Date | string) => toBerlinISO(v);

/** What changed, for the plugin to announce after the commit: the plan, and other plans whose findings may move. */
export interface RotaChange<T> {
  result: T;
  planId: string;
  /** Accounts whose shifts changed (their "Heute" view and feed). */
  userIds: string[];
}

/**
 * The duty rota (issue 18): shifts of a plan, the people on them, external contacts and swap offers.
 * Every change is one transaction; the plugin announces it to the plan room and re-runs the checks of
 * the plans it may touch. Permissions are checked by the routes; what depends on the row (one's own
 * assignment, a member of the plan) is checked here.
 */
export class RotaService {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  private async shiftsWithPeople(db: Queryable, rows: repo.ShiftRow[]): Promise<Shift[]> {
    const people = await repo.peopleOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      entryId: r.entry_id,
      start: berlin(r.starts_at),
      end: berlin(r.ends_at),
      minPeople: r.min_people,
      label: r.label,
      people: people
        .filter((p) => p.shift_id === r.id)
        .map((p) => ({
          assignmentId: p.assignment_id,
          kind: p.user_id ? ('member' as const) : ('contact' as const),
          userId: p.user_id,
          contactId: p.contact_id,
          name: p.name,
          swapId: p.swap_id,
        })),
    }));
  }

  private async shift(db: Queryable, planId: string, shiftId: string): Promise<Shift> {
    const row = await repo.shiftOf(db, planId, shiftId);
    if (!row) throw new AppError('NOT_FOUND', 'rota.shiftNotFound');
    const [s] = await this.shiftsWithPeople(db, [row]);
    return s!;
  }

  async view(planId: string): Promise<Omit<RotaView, 'findings' | 'may'>> {
    const shifts = await this.shiftsWithPeople(this.db, await repo.shiftsOf(this.db, planId));
    const contacts: RotaContact[] = await repo.contactsOf(this.db, planId);
    return { planId, shifts, contacts };
  }

  /** The plan's rota findings, now (user ids in `assignee`; the checks name them). */
  async findings(planId: string): Promise<Finding[]> {
    const plan = await repo.planScheduleOf(this.db, planId);
    if (!plan) return [];
    const rows = await repo.shiftsOf(this.db, planId);
    const people = await repo.peopleOf(
      this.db,
      rows.map((r) => r.id),
    );
    const overlaps = await repo.crossPlanOverlaps(this.db, planId);
    return rotaFindings({
      planId,
      entries: rotaEntries(plan.schedule),
      shifts: rows.map((r) => ({
        id: r.id,
        start: berlin(r.starts_at),
        end: berlin(r.ends_at),
        minPeople: r.min_people,
        label: r.label,
        people: people.filter((p) => p.shift_id === r.id).length,
      })),
      overlaps: overlaps.map((o) => ({
        userId: o.user_id,
        shiftId: o.shift_id,
        label: o.label,
        otherShiftId: o.other_shift_id,
        otherPlanId: o.other_plan_id,
        otherPlanTitle: o.other_plan_title,
        start: berlin(o.starts_at),
        end: berlin(o.ends_at),
      })),
      now: this.now(),
    });
  }

  /** The person's "Heute": their shifts and their plans' opening hours and events on a Berlin day (today by default). */
  today(userId: string, day?: string): Promise<TodayView> {
    return todayOf(this.db, userId, day, this.now());
  }

  /** Other plans whose rota findings may change when this plan's rota changes. */
  plansSharingPeople(planId: string, userIds: string[]): Promise<string[]> {
    return repo.plansSharingPeople(this.db, planId, userIds);
  }

  private async peopleOn(db: Queryable, shiftId: string): Promise<string[]> {
    return (await repo.peopleOf(db, [shiftId])).flatMap((p) => (p.user_id ? [p.user_id] : []));
  }

  async createShift(actorId: string | null, planId: string, body: ShiftBody): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const id = randomUUID();
      await repo.insertShift(tx, {
        id,
        planId,
        entryId: null,
        start: body.start,
        end: body.end,
        minPeople: body.minPeople,
        label: body.label?.trim() ?? '',
        actorId,
      });
      return { result: await this.shift(tx, planId, id), planId, userIds: [] };
    });
  }

  async updateShift(planId: string, shiftId: string, patch: ShiftPatch): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const row = await repo.shiftOf(tx, planId, shiftId, true);
      if (!row) throw new AppError('NOT_FOUND', 'rota.shiftNotFound');
      const start = patch.start ?? berlin(row.starts_at);
      const end = patch.end ?? berlin(row.ends_at);
      if (Date.parse(end) <= Date.parse(start)) {
        throw new AppError('VALIDATION', 'error.validation', undefined, [
          { path: 'end', key: 'field.invalidValue', message: 'end must be after start' },
        ]);
      }
      await repo.updateShift(tx, shiftId, {
        start,
        end,
        minPeople: patch.minPeople ?? row.min_people,
        label: patch.label !== undefined ? patch.label.trim() : row.label,
      });
      return { result: await this.shift(tx, planId, shiftId), planId, userIds: await this.peopleOn(tx, shiftId) };
    });
  }

  async deleteShift(planId: string, shiftId: string): Promise<RotaChange<null>> {
    return this.db.transaction(async (tx) => {
      const row = await repo.shiftOf(tx, planId, shiftId, true);
      if (!row) throw new AppError('NOT_FOUND', 'rota.shiftNotFound');
      const userIds = await this.peopleOn(tx, shiftId);
      await repo.deleteShift(tx, shiftId);
      return { result: null, planId, userIds };
    });
  }

  /** One shift per occurrence of the plan's opening hours and events that has not ended and has no shift from it yet. */
  async suggest(actorId: string | null, planId: string): Promise<RotaChange<SuggestResult>> {
    return this.db.transaction(async (tx) => {
      const plan = await repo.planScheduleOf(tx, planId);
      if (!plan) throw new AppError('NOT_FOUND', 'plan.notFound');
      const existing = new Set(
        (await repo.shiftsOf(tx, planId)).map((s) => `${s.entry_id}|${new Date(s.starts_at).toISOString()}`),
      );
      const ids: string[] = [];
      for (const e of rotaEntries(plan.schedule)) {
        for (const o of occurrencesOf(e)) {
          const start = Date.parse(o.start);
          if (Date.parse(o.end) <= this.now() || existing.has(`${e.id}|${new Date(start).toISOString()}`)) continue;
          const id = randomUUID();
          await repo.insertShift(tx, {
            id,
            planId,
            entryId: e.id,
            start: o.start,
            end: o.end,
            minPeople: 1,
            label: e.title.trim().slice(0, 120),
            actorId,
          });
          existing.add(`${e.id}|${new Date(start).toISOString()}`);
          ids.push(id);
        }
      }
      const created = ids.length
        ? (await this.shiftsWithPeople(tx, await repo.shiftsOf(tx, planId))).filter((s) => ids.includes(s.id))
        : [];
      return { result: { created }, planId, userIds: [] };
    });
  }

  // ── people ──

  async signUp(userId: string, planId: string, shiftId: string): Promise<RotaChange<Shift>> {
    return this.assignUser(userId, userId, planId, shiftId);
  }

  async signOff(userId: string, planId: string, shiftId: string): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const row = await repo.shiftOf(tx, planId, shiftId, true);
      if (!row) throw new AppError('NOT_FOUND', 'rota.shiftNotFound');
      const mine = await repo.userAssignment(tx, shiftId, userId);
      if (!mine) throw new AppError('CONFLICT', 'rota.notOnShift');
      await repo.deleteAssignment(tx, mine.id);
      await repo.touchShift(tx, shiftId);
      return { result: await this.shift(tx, planId, shiftId), planId, userIds: [userId] };
    });
  }

  private async assignUser(actorId: string, userId: string, planId: string, shiftId: string): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const row = await repo.shiftOf(tx, planId, shiftId, true);
      if (!row) throw new AppError('NOT_FOUND', 'rota.shiftNotFound');
      if (!(await repo.mayTakeShifts(tx, planId, userId))) {
        throw new AppError('VALIDATION', 'error.validation', undefined, [
          { path: 'userId', key: 'field.invalidValue', message: 'not a member of the plan' },
        ]);
      }
      if (!(await repo.insertAssignment(tx, { id: randomUUID(), shiftId, userId, actorId }))) {
        throw new AppError('CONFLICT', 'rota.alreadyOnShift');
      }
      await repo.touchShift(tx, shiftId);
      return { result: await this.shift(tx, planId, shiftId), planId, userIds: [userId] };
    });
  }

  async assign(actorId: string, planId: string, shiftId: string, body: AssignBody): Promise<RotaChange<Shift>> {
    if ('userId' in body) return this.assignUser(actorId, body.userId, planId, shiftId);
    return this.db.transaction(async (tx) => {
      const row = await repo.shiftOf(tx, planId, shiftId, true);
      if (!row) throw new AppError('NOT_FOUND', 'rota.shiftNotFound');
      if (!(await repo.contactOf(tx, planId, body.contactId))) {
        throw new AppError('VALIDATION', 'error.validation', undefined, [
          { path: 'contactId', key: 'field.invalidValue', message: 'unknown contact' },
        ]);
      }
      if (!(await repo.insertAssignment(tx, { id: randomUUID(), shiftId, contactId: body.contactId, actorId }))) {
        throw new AppError('CONFLICT', 'rota.alreadyOnShift');
      }
      await repo.touchShift(tx, shiftId);
      return { result: await this.shift(tx, planId, shiftId), planId, userIds: [] };
    });
  }

  async unassign(planId: string, assignmentId: string): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const a = await repo.assignmentOf(tx, planId, assignmentId, true);
      if (!a) throw new AppError('NOT_FOUND', 'rota.assignmentNotFound');
      await repo.deleteAssignment(tx, a.id);
      await repo.touchShift(tx, a.shift_id);
      return { result: await this.shift(tx, planId, a.shift_id), planId, userIds: a.user_id ? [a.user_id] : [] };
    });
  }

  async addContact(actorId: string | null, planId: string, body: ContactBody): Promise<RotaChange<RotaContact>> {
    const c = { id: randomUUID(), name: body.name, phone: body.phone?.trim() ?? '', email: body.email?.trim() ?? '' };
    await repo.insertContact(this.db, { ...c, planId, actorId });
    return { result: c, planId, userIds: [] };
  }

  async deleteContact(planId: string, contactId: string): Promise<RotaChange<null>> {
    return this.db.transaction(async (tx) => {
      if (!(await repo.contactOf(tx, planId, contactId))) throw new AppError('NOT_FOUND', 'rota.contactNotFound');
      for (const shiftId of await repo.deleteContact(tx, contactId)) await repo.touchShift(tx, shiftId);
      return { result: null, planId, userIds: [] };
    });
  }

  // ── swaps ──

  /** Offers one's own assignment to the plan's other members. */
  async offerSwap(userId: string, planId: string, assignmentId: string): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const a = await repo.assignmentOf(tx, planId, assignmentId, true);
      if (!a) throw new AppError('NOT_FOUND', 'rota.assignmentNotFound');
      if (a.user_id !== userId) throw new AppError('FORBIDDEN', 'rota.notYourShift');
      if (!(await repo.insertSwap(tx, { id: randomUUID(), assignmentId, userId }))) {
        throw new AppError('CONFLICT', 'rota.swapOffered');
      }
      return { result: await this.shift(tx, planId, a.shift_id), planId, userIds: [] };
    });
  }

  async withdrawSwap(userId: string, planId: string, swapId: string): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const w = await repo.swapOf(tx, planId, swapId, true);
      if (!w) throw new AppError('NOT_FOUND', 'rota.swapNotFound');
      if (w.offered_by !== userId) throw new AppError('FORBIDDEN', 'rota.notYourShift');
      await repo.deleteSwap(tx, swapId);
      return { result: await this.shift(tx, planId, w.shift_id), planId, userIds: [] };
    });
  }

  /** Takes an offered shift: in one transaction the assignment moves to the taker and the offer is gone. */
  async takeSwap(userId: string, planId: string, swapId: string): Promise<RotaChange<Shift>> {
    return this.db.transaction(async (tx) => {
      const w = await repo.swapOf(tx, planId, swapId, true);
      if (!w) throw new AppError('NOT_FOUND', 'rota.swapNotFound');
      if (w.offered_by === userId) throw new AppError('CONFLICT', 'rota.ownSwap');
      if (!(await repo.mayTakeShifts(tx, planId, userId))) throw new AppError('FORBIDDEN', 'rota.notMember');
      if (await repo.userAssignment(tx, w.shift_id, userId)) throw new AppError('CONFLICT', 'rota.alreadyOnShift');
      await repo.deleteSwap(tx, swapId);
      await repo.moveAssignment(tx, w.assignment_id, userId, userId);
      await repo.touchShift(tx, w.shift_id);
      return { result: await this.shift(tx, planId, w.shift_id), planId, userIds: [userId, w.offered_by] };
    });
  }
}
