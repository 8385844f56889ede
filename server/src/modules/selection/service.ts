/**
 * Shortlist, owner agreement, decision and the plan a selection becomes (issue 16).
 *
 * - Staff shortlist a submitted (or waitlisted) application; the owners of the call's storefronts it
 *   ranks are notified and see its concept (no scores, no jury comments) until it is decided.
 * - An owner answers "agree" or "object" (with a reason) for their own storefront only.
 * - Staff select, decline or waitlist. Selecting against an objection for the plan's storefront needs
 *   `acknowledgeObjection`. Selecting creates the draft plan once, in the transaction that links it
 *   (`applications.plan_id`, the row locked): selecting again returns the same plan.
 * Every step is in the activity log.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { Checklist, DecideBody, DecisionBoard, OwnerAnswerBody, ShortlistItem } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { grantAccountRoles } from '../accounts/roles.ts';
import { addMember, setPlanLead } from '../plans/repo.ts';
import { insertNewPlan } from '../plans/service.ts';
import { applicationTitle } from '../jury/service.ts';
import { judgedApplications, rankedStorefronts } from '../jury/repo.ts';
import type { NewNotification } from '../notifications/service.ts';
import { seedPlanDoc } from './plan-seed.ts';
import {
  callPeriod,
  checklist,
  confirmedMembers,
  isCallStorefront,
  lockApplication,
  objectionFor,
  ownerAnswers,
  rankedCallStorefronts,
  replaceChecklist,
  setApplicationStatus,
  shortlistRows,
  upsertOwnerAnswer,
  type ShortlistRow,
} from './repo.ts';

export interface SelectionDeps {
  db: Database;
  /** Writes into a plan's live document with a server origin, and makes it durable. */
  seedDoc(planId: string, update: Uint8Array): Promise<void>;
  notify(items: NewNotification[]): Promise<void>;
  log: { error(obj: object, msg: string): void };
}

type Staff = { userId: string; staff: boolean };

function shortlistItem(r: ShortlistRow): ShortlistItem {
  return {
    applicationId: r.application_id,
    callId: r.call_id,
    callTitle: r.call_title,
    storefrontId: r.storefront_id,
    storefrontTitle: r.storefront_title,
    concept: r.concept,
    formats: r.formats,
    needs: r.needs,
    needsNote: r.needs_note,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    answer: r.answer,
    text: r.text ?? '',
    answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
  };
}

export class SelectionService {
  constructor(private readonly deps: SelectionDeps) {}

  private get db() {
    return this.deps.db;
  }

  async board(callId: string): Promise<DecisionBoard> {
    const call = await callPeriod(this.db, callId);
    const apps = await judgedApplications(this.db, callId);
    const ids = apps.map((a) => a.id);
    const storefronts = await rankedStorefronts(this.db, ids);
    const answers = await ownerAnswers(this.db, ids);
    return {
      call: { id: callId, title: call.title, status: call.status },
      items: apps.map((a) => {
        const sf = storefronts.get(a.id) ?? [];
        return {
          applicationId: a.id,
          title: applicationTitle(a.concept),
          applicantName: a.applicant_name,
          status: a.status,
          locale: a.locale,
          planId: a.plan_id,
          storefronts: sf,
          ownerAnswers: answers
            .filter((o) => o.application_id === a.id)
            .map((o) => ({
              storefrontId: o.storefront_id,
              storefrontTitle: sf.find((s) => s.id === o.storefront_id)?.title ?? '',
              answer: o.answer,
              text: o.text,
              answeredAt: new Date(o.answered_at).toISOString(),
            })),
        };
      }),
    };
  }

  async shortlist(callId: string, applicationId: string, actor: Staff, ip: string | null) {
    const changed = await this.db.transaction(async (tx) => {
      const app = await lockApplication(tx, callId, applicationId);
      if (!app) throw new AppError('NOT_FOUND', 'error.notFound');
      if (app.status === 'shortlisted') return null;
      if (app.status !== 'submitted' && app.status !== 'waitlisted') throw new AppError('CONFLICT', 'selection.notShortlistable');
      await setApplicationStatus(tx, applicationId, 'shortlisted', { shortlisted: true });
      await audit(tx, {
        actorId: actor.userId,
        action: 'call.shortlisted',
        subjectType: 'application',
        subjectId: applicationId,
        details: { callId },
        ip,
      });
      return app;
    });
    if (changed) {
      const call = await callPeriod(this.db, callId);
      const owners = (await rankedCallStorefronts(this.db, callId, applicationId)).filter((s) => s.owner_id);
      await this.deps
        .notify(
          owners.map((s) => ({
            userId: s.owner_id!,
            kind: 'call-shortlisted' as const,
            planId: null,
            actorId: actor.userId,
            key: 'notification.callShortlisted' as const,
            params: { call: call.title, storefront: s.title },
            excerpt: null,
            tab: null,
          })),
        )
        .catch((err: unknown) => this.deps.log.error({ err }, 'selection: could not notify the owners'));
    }
    return { applicationId, status: 'shortlisted', planId: null };
  }

  async decide(callId: string, applicationId: string, actor: Staff, body: DecideBody, ip: string | null) {
    const decision = body.decision;
    if (decision !== 'selected') {
      return this.db.transaction(async (tx) => {
        const app = await lockApplication(tx, callId, applicationId);
        if (!app) throw new AppError('NOT_FOUND', 'error.notFound');
        if (app.status !== decision) {
          if (!['submitted', 'shortlisted', 'waitlisted'].includes(app.status))
            throw new AppError('CONFLICT', 'selection.notDecidable');
          await setApplicationStatus(tx, applicationId, decision, { decidedBy: actor.userId });
          await audit(tx, {
            actorId: actor.userId,
            action: 'call.decided',
            subjectType: 'application',
            subjectId: applicationId,
            details: { callId, decision },
            ip,
          });
        }
        return { applicationId, status: decision, planId: app.plan_id };
      });
    }
    let storefrontId = body.storefrontId;
    if (storefrontId) {
      if (!(await isCallStorefront(this.db, callId, storefrontId))) {
        throw new AppError('VALIDATION', 'selection.noStorefront', { field: 'storefrontId' }, [
          {
            path: 'storefrontId',
            key: 'selection.noStorefront',
            params: { field: 'storefrontId' },
            message: 'not a storefront of this call',
          },
        ]);
      }
    }
    const seed = await this.db.transaction(async (tx) => {
      const app = await lockApplication(tx, callId, applicationId);
      if (!app) throw new AppError('NOT_FOUND', 'error.notFound');
      // Idempotent: a selected application keeps its one plan.
      if (app.status === 'selected' && app.plan_id) return { planId: app.plan_id, fresh: null };
      if (!['submitted', 'shortlisted', 'waitlisted'].includes(app.status))
        throw new AppError('CONFLICT', 'selection.notDecidable');
      if (!app.applicant_id) throw new AppError('CONFLICT', 'selection.noApplicant');
      storefrontId ??= (await rankedCallStorefronts(tx, callId, applicationId))[0]?.id;
      if (!storefrontId) {
        throw new AppError('VALIDATION', 'selection.noStorefront', { field: 'storefrontId' }, [
          { path: 'storefrontId', key: 'field.required', message: 'the application ranks no storefront of this call: name one' },
        ]);
      }
      if (!body.acknowledgeObjection && (await objectionFor(tx, applicationId, storefrontId))) {
        throw new AppError('CONFLICT', 'selection.objectionNotAcknowledged');
      }
      const call = await callPeriod(tx, callId);
      const planId = randomUUID();
      const title = applicationTitle(app.concept) || call.title;
      await insertNewPlan(tx, actor, { id: planId, storefrontId, title });
      const members = [app.applicant_id, ...(await confirmedMembers(tx, applicationId)).filter((u) => u !== app.applicant_id)];
      for (const userId of members) {
        // The applicants become designers of the plan (the account role goes with the membership).
        await grantAccountRoles(tx, userId, ['designer']);
        await addMember(tx, planId, userId, 'designer', actor.userId);
      }
      await setPlanLead(tx, planId, app.applicant_id);
      await setApplicationStatus(tx, applicationId, 'selected', { decidedBy: actor.userId, planId });
      await audit(tx, {
        actorId: actor.userId,
        action: 'call.decided',
        subjectType: 'application',
        subjectId: applicationId,
        planId,
        details: { callId, decision, storefrontId, acknowledgedObjection: body.acknowledgeObjection === true },
        ip,
      });
      return {
        planId,
        fresh: {
          title,
          concept: app.concept,
          disciplines: app.disciplines,
          expectedAudience: app.expected_audience,
          periodStart: app.period_start ?? call.period_start,
          periodEnd: app.period_end ?? call.period_end,
          leadId: app.applicant_id,
          checklist: (await checklist(tx)).map((c) => ({ title: c.title, daysBefore: c.days_before })),
        },
      };
    });
    if (seed.fresh) {
      const doc = new Y.Doc();
      seedPlanDoc(doc, seed.fresh);
      await this.deps.seedDoc(seed.planId, Y.encodeStateAsUpdate(doc));
      doc.destroy();
    }
    return { applicationId, status: 'selected', planId: seed.planId };
  }

  /** Shortlisted concepts for the owner's own storefronts. */
  async ownShortlist(ownerId: string): Promise<ShortlistItem[]> {
    return (await shortlistRows(this.db, { ownerId })).map(shortlistItem);
  }

  async storefrontShortlist(storefrontId: string): Promise<ShortlistItem[]> {
    return (await shortlistRows(this.db, { storefrontId })).map(shortlistItem);
  }

  async answer(
    applicationId: string,
    storefrontId: string,
    ownerId: string,
    body: OwnerAnswerBody,
    ip: string | null,
  ): Promise<ShortlistItem> {
    const answer = body.answer;
    const text = body.text ?? '';
    await this.db.transaction(async (tx) => {
      const rows = await shortlistRows(tx, { storefrontId, applicationId });
      if (!rows.length) throw new AppError('NOT_FOUND', 'shortlist.notShortlisted');
      await upsertOwnerAnswer(tx, { applicationId, storefrontId, ownerId, answer, text });
      await audit(tx, {
        actorId: ownerId,
        action: 'shortlist.answered',
        subjectType: 'application',
        subjectId: applicationId,
        details: { storefrontId, answer },
        ip,
      });
    });
    return shortlistItem((await shortlistRows(this.db, { storefrontId, applicationId }))[0]!);
  }

  async checklist(): Promise<Checklist> {
    return {
      items: (await checklist(this.db)).map((c) => ({
        id: c.id,
        title: c.title,
        daysBefore: c.days_before,
        position: c.position,
      })),
    };
  }

  async saveChecklist(
    items: { id?: string; title: string; daysBefore: number | null }[],
    actor: Staff,
    ip: string | null,
  ): Promise<Checklist> {
    await this.db.transaction(async (tx) => {
      await replaceChecklist(
        tx,
        items.map((i) => ({ id: i.id ?? randomUUID(), title: i.title, daysBefore: i.daysBefore })),
      );
      await audit(tx, {
        actorId: actor.userId,
        action: 'checklist.changed',
        subjectType: 'checklist',
        details: { items: items.length },
        ip,
      });
    });
    return this.checklist();
  }
}
