import type { AttendanceBody, AttendanceEntry, AttendanceList, MissingAttendance, MissingAttendanceList } from '@planner/shared';
import type { NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { publishedPlans, type ProgrammeRow } from '../feeds/repo.ts';
import { cancelledKeys } from '../publication/repo.ts';
import { planStatus } from '../plans/repo.ts';
import { audit } from '../activity/audit.ts';
import { attendanceOf, missingAttendance, upsertAttendance, type AttendanceRow } from './repo.ts';

/** Statuses in which a plan's public entries took place for the public: counts belong to these only. */
const COUNTED_STATUSES = ['published', 'done'];

const iso = (v: Date | string) => new Date(v).toISOString();

/**
 * The public entries of a plan's approved schedule that visitors could come to: public, not cancelled
 * (one by one or with an un-publication), with a readable start and end. The approved copy is the one
 * the programme showed (approvals.schedule), not the live document.
 */
export function publicEntries(row: ProgrammeRow, cancelled: ReadonlySet<string>): NormalisedScheduleEntry[] {
  const schedule = Array.isArray(row.schedule) ? row.schedule : [];
  return schedule.filter(
    (e) =>
      e &&
      typeof e.id === 'string' &&
      e.public === true &&
      Number.isFinite(Date.parse(e.end)) &&
      Number.isFinite(Date.parse(e.start)) &&
      !cancelled.has(`${row.plan_id}/${e.id}`),
  );
}

/**
 * Attendance (issue 20): once a public entry of a published (or done) plan has ended, its designers or
 * staff record how many visitors came, with an optional note; a count can be corrected later. Staff see
 * the ended entries still without a count. `now` is injectable for tests of the pure parts.
 */
export class AttendanceService {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  private toEntry(planId: string, e: NormalisedScheduleEntry, a: AttendanceRow | undefined): AttendanceEntry {
    return {
      planId,
      entryId: e.id,
      kind: String(e.kind),
      title: typeof e.title === 'string' ? e.title : '',
      start: iso(e.start),
      end: iso(e.end),
      visitors: a ? a.visitors : null,
      note: a?.note ?? '',
      recordedBy: a?.recorded_by_name ?? null,
      recordedAt: a ? iso(a.updated_at) : null,
    };
  }

  async list(planId: string): Promise<AttendanceList> {
    const status = await planStatus(this.db, planId);
    if (!status) throw new AppError('NOT_FOUND', 'plan.notFound');
    if (!COUNTED_STATUSES.includes(status)) return { entries: [], upcoming: 0, published: false };
    const [row] = await publishedPlans(this.db, { planId, anyStatus: true });
    if (!row) return { entries: [], upcoming: 0, published: true };
    const entries = publicEntries(row, await cancelledKeys(this.db, [planId]));
    const counts = new Map((await attendanceOf(this.db, [planId])).map((a) => [a.entry_id, a]));
    const now = this.now();
    const ended = entries.filter((e) => Date.parse(e.end) <= now);
    return {
      entries: ended.map((e) => this.toEntry(planId, e, counts.get(e.id))),
      upcoming: entries.length - ended.length,
      published: true,
    };
  }

  async record(actorId: string | null, planId: string, entryId: string, body: AttendanceBody): Promise<AttendanceEntry> {
    return this.db.transaction(async (tx) => {
      const status = await planStatus(tx, planId);
      if (!status) throw new AppError('NOT_FOUND', 'plan.notFound');
      if (!COUNTED_STATUSES.includes(status)) throw new AppError('CONFLICT', 'attendance.notPublished', { status });
      const [row] = await publishedPlans(tx, { planId, anyStatus: true });
      const entry = row ? publicEntries(row, await cancelledKeys(tx, [planId])).find((e) => e.id === entryId) : undefined;
      if (!entry) throw new AppError('NOT_FOUND', 'attendance.entryNotFound', { entryId });
      if (Date.parse(entry.end) > this.now()) {
        throw new AppError('CONFLICT', 'attendance.notEnded', { end: iso(entry.end) });
      }
      await upsertAttendance(tx, { planId, entryId, visitors: body.visitors, note: body.note?.trim() ?? '', actorId });
      // The number goes to the log, the note does not: it is free text that may name people.
      await audit(tx, {
        actorId,
        action: 'attendance.recorded',
        subjectType: 'schedule-entry',
        subjectId: entryId,
        planId,
        details: { visitors: body.visitors },
      });
      const [saved] = (await attendanceOf(tx, [planId])).filter((a) => a.entry_id === entryId);
      return this.toEntry(planId, entry, saved);
    });
  }

  /**
   * Ended public entries of published and done plans still without a count, oldest first; and until when
   * that answer holds without a write (`validUntil`, epoch ms: the next such entry's end; Infinity when
   * none is still to end). One set-based query (repo.missingAttendance), the clock read once before it.
   */
  async missing(limit: number): Promise<{ value: MissingAttendanceList; validUntil: number }> {
    const now = this.now();
    const { rows, total, nextEnd } = await missingAttendance(this.db, now, limit);
    const items: MissingAttendance[] = rows.map((r) => ({
      planId: r.plan_id,
      planTitle: r.plan_title,
      storefrontTitle: r.storefront_title,
      quarterName: r.quarter_name,
      entryId: r.entry_id,
      title: r.title,
      start: iso(r.start),
      end: iso(r.end),
    }));
    return { value: { items, total }, validUntil: nextEnd ?? Number.POSITIVE_INFINITY };
  }
}
