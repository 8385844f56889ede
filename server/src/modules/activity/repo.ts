import type { ActivityEntry } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of the activity log: appending entries (every capability) and reading them (staff). */

interface Row {
  id: number;
  at: Date | string;
  actor_id: string | null;
  actor_name: string | null;
  actor_pseudonym: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  plan_id: string | null;
  details: Record<string, unknown>;
}

/** What the staff's activity view filters by; `fromAt`/`toAt` are instants (the days' bounds in Europe/Berlin). */
export interface ActivityFilter {
  planId?: string;
  before?: number;
  actorId?: string;
  /** Part of the actor's name or e-mail address, or a deleted account's pseudonym. */
  actor?: string;
  action?: string;
  fromAt?: Date;
  /** Exclusive. */
  toAt?: Date;
  limit: number;
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Entries of the activity log, newest first, filtered, before an entry id. */
export async function listActivity(db: Queryable, f: ActivityFilter): Promise<ActivityEntry[]> {
  const params: unknown[] = [f.limit];
  const where: string[] = [];
  if (f.planId) where.push(`a.plan_id = $${params.push(f.planId)}`);
  if (f.before) where.push(`a.id < $${params.push(f.before)}`);
  if (f.actorId) where.push(`a.actor_id = $${params.push(f.actorId)}`);
  if (f.actor) {
    const exact = params.push(f.actor);
    const like = params.push(likePattern(f.actor));
    where.push(`(a.actor_pseudonym = $${exact} or u.name ilike $${like} or u.email ilike $${like})`);
  }
  if (f.action) where.push(`a.action = $${params.push(f.action)}`);
  if (f.fromAt) where.push(`a.at >= $${params.push(f.fromAt.toISOString())}`);
  if (f.toAt) where.push(`a.at < $${params.push(f.toAt.toISOString())}`);
  const { rows } = await db.query<Row>(
    `select a.id::int as id, a.at, a.actor_id, u.name as actor_name, a.actor_pseudonym, a.action, a.subject_type, a.subject_id,
            a.plan_id, a.details
       from activity a left join users u on u.id = a.actor_id
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by a.id desc limit $1`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorPseudonym: r.actor_pseudonym,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    planId: r.plan_id,
    details: r.details,
  }));
}

/** The actions that occur in the log, alphabetically. */
export async function activityActions(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ action: string }>('select distinct action from activity order by action');
  return rows.map((r) => r.action);
}

/** Audited actions (the `activity` table). Later issues add theirs. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.logout_all'
  | 'auth.password_changed'
  | 'auth.token_created'
  | 'auth.token_revoked'
  | 'auth.password_reset_requested'
  | 'auth.password_reset'
  | 'auth.email_change_requested'
  | 'auth.email_changed'
  | 'user.created'
  | 'user.sso_linked'
  | 'invitation.created'
  | 'invitation.accepted'
  | 'member.added'
  | 'member.role_changed'
  | 'member.removed'
  | 'approval.renewed'
  | 'comment.created'
  | 'comment.edited'
  | 'comment.deleted'
  | 'comment.resolved'
  | 'comment.reopened'
  | 'feed.created'
  | 'feed.revoked'
  | 'member.left'
  | 'plan.lead_handed_over'
  | 'access.requested'
  | 'access.decided'
  | 'plan.cancelEntry'
  | 'consent.given'
  | 'account.deleted'
  | 'attendance.recorded'
  | 'application.created'
  | 'application.submitted'
  | 'application.withdrawn'
  | 'application.deleted'
  | 'application.member_invited'
  | 'application.member_answered'
  | 'application.email_verified'
  | 'application.anonymised'
  | 'call.created'
  | 'call.updated'
  | 'call.published'
  | 'call.deadline_extended'
  | 'call.cancelled'
  | 'call.jurors_set'
  | 'call.juror_invited'
  | 'call.juror_accepted'
  | 'viewing.booked'
  | 'viewing.unbooked'
  | 'expose.updated'
  | 'jury.scored'
  | 'jury.conflict_declared'
  | 'call.shortlisted'
  | 'call.decided'
  | 'shortlist.answered'
  | 'call.mails_sent'
  | 'checklist.changed';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  subjectType?: string;
  subjectId?: string;
  planId?: string | null;
  /** Never a password, token or hash. */
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends one entry to the activity log. */
export async function audit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `insert into activity (actor_id, action, subject_type, subject_id, plan_id, details, ip)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      e.actorId,
      e.action,
      e.subjectType ?? null,
      e.subjectId ?? null,
      e.planId ?? null,
      JSON.stringify(e.details ?? {}),
      e.ip ?? null,
    ],
  );
}
