import { canonicalJSON, normaliseSchedule } from '@planner/shared/plan/index';
import { BOUND_STATUSES, type CancelledEntry, type ProgrammeEntry, type PublicationPreview } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { programmeEntries } from '../feeds/programme.ts';
import { publishedPlans, type ProgrammeRow } from '../feeds/repo.ts';
import { publicFeedContent } from '../feeds/service.ts';
import type { DomainEvents } from '../plans/events.ts';
import type { TransitionHooks } from '../plans/lifecycle.ts';
import { lockPlanStatus, planStatus } from '../plans/repo.ts';
import type { DocReader } from '../review/docs.ts';
import * as repo from './repo.ts';

/** Counts a plan's open error findings from its live document (the checks capability). */
export type OpenErrorCounter = (planId: string) => Promise<number>;

/**
 * Publication safeguards (issue 13, defect 4): the preview of exactly what becomes public, publishing
 * refused over open errors without a recorded override, un-publishing and cancelling one public entry
 * with a reason. What the programme shows is selected by one function (`programmeEntries`), used here
 * too, so the preview cannot drift from the programme.
 */
export class PublicationService {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
    private readonly events: DomainEvents,
    private readonly openErrors: OpenErrorCounter,
  ) {}

  /**
   * The plan as the programme would show it: the approved copy while an approval binds the plan
   * (approved, published, done), else the live document (what publishing would show once approved).
   */
  private async row(db: Queryable, planId: string, status: string): Promise<{ row: ProgrammeRow; source: 'approved' | 'live' }> {
    if (BOUND_STATUSES.includes(status)) {
      const [row] = await publishedPlans(db, { planId, anyStatus: true });
      if (row) return { row, source: 'approved' };
    }
    const [place] = await repo.planPlace(db, planId);
    if (!place) throw new AppError('NOT_FOUND', 'plan.notFound');
    const { json } = await this.docs.live(planId);
    return {
      row: { ...place, schedule: normaliseSchedule(json.schedule), meta: json.meta },
      source: 'live',
    };
  }

  /** The entries the programme shows (or would show) of this plan; entry cancellations left out. */
  private async entriesOf(db: Queryable, row: ProgrammeRow): Promise<ProgrammeEntry[]> {
    return programmeEntries([row], {}, await repo.cancelledKeys(db, [row.plan_id], 'entry'));
  }

  async preview(planId: string): Promise<PublicationPreview> {
    const status = await planStatus(this.db, planId);
    if (!status) throw new AppError('NOT_FOUND', 'plan.notFound');
    const { row, source } = await this.row(this.db, planId, status);
    return {
      planId,
      status,
      source,
      planTitle: row.meta.title || row.plan_title,
      description: row.meta.publicDescription ?? '',
      entries: await this.entriesOf(this.db, row),
      openErrors: await this.openErrors(planId),
    };
  }

  /** Takes the entries out of the public feeds: their UIDs stay, CANCELLED, with a higher SEQUENCE. */
  private async removeFromFeeds(tx: Queryable, entries: ProgrammeEntry[]): Promise<void> {
    for (const e of entries) {
      const content = publicFeedContent(e);
      await repo.removeFromPublicFeeds(tx, e.planId, e.id.slice(e.planId.length + 1), canonicalJSON(content), content);
    }
  }

  /** Hooks into the plan lifecycle: the open-errors guard of publishing, and what (un-)publishing changes. */
  register(hooks: TransitionHooks): void {
    // Counted before the transaction (the checks read the live document); refused inside it, after
    // the approval's check, so a stale approval is reported as such first.
    hooks.before.push(async ({ planId, name }) => {
      if (name !== 'publish') return;
      return { openErrors: await this.openErrors(planId) };
    });
    hooks.within.push(async (tx, { planId, name, actor, input, before }) => {
      if (name === 'publish') {
        const count = Number(before.openErrors ?? 0);
        const reason = input.body?.overrideErrors;
        if (count && (typeof reason !== 'string' || !reason.trim())) {
          throw new AppError('CONFLICT', 'publication.openErrors', { count });
        }
        await repo.clearPlanCancellations(tx, planId);
        return count ? { overrideErrors: (reason as string).trim() } : undefined;
      }
      if (name !== 'unpublish') return;
      const { row } = await this.row(tx, planId, 'published');
      const entries = await this.entriesOf(tx, row);
      for (const e of entries) {
        await repo.insertCancelled(tx, {
          planId,
          entryId: e.id.slice(planId.length + 1),
          kind: 'plan',
          reason: input.note ?? '',
          actorId: actor.userId,
        });
      }
      await this.removeFromFeeds(tx, entries);
      return { entries: entries.length };
    });
  }

  /** Cancels one public entry of a published plan, with a reason (audited; members and owner hear of it). */
  async cancelEntry(
    actor: { userId: string },
    planId: string,
    entryId: string,
    reason: string,
    ip: string | null,
  ): Promise<CancelledEntry> {
    const result = await this.db.transaction(async (tx) => {
      const status = await lockPlanStatus(tx, planId);
      if (!status) throw new AppError('NOT_FOUND', 'plan.notFound');
      if (status !== 'published') throw new AppError('CONFLICT', 'publication.notPublished');
      const { row } = await this.row(tx, planId, status);
      const entry = row.schedule.find((e) => e.id === entryId);
      if (!entry?.public) throw new AppError('NOT_FOUND', 'publication.entryNotPublic');
      const shown = (await this.entriesOf(tx, row)).find((e) => e.id === `${planId}:${entryId}`);
      if (!shown) throw new AppError('CONFLICT', 'publication.alreadyCancelled');
      const done = await repo.insertCancelled(tx, { planId, entryId, kind: 'entry', reason, actorId: actor.userId });
      if (!done) throw new AppError('CONFLICT', 'publication.alreadyCancelled');
      await this.removeFromFeeds(tx, [shown]);
      await audit(tx, {
        actorId: actor.userId,
        action: 'plan.cancelEntry',
        subjectType: 'plan',
        subjectId: planId,
        planId,
        details: { entryId, title: entry.title, reason },
        ip,
      });
      return { cancelledAt: done.cancelledAt, title: entry.title };
    });
    await this.events.emit('publication.entryCancelled', { planId, entryId, title: result.title, reason, actorId: actor.userId });
    return { planId, entryId, reason, cancelledAt: result.cancelledAt };
  }
}
