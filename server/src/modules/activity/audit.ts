import type { Queryable } from '../../platform/db/database.ts';

/** Audited actions (the `activity` table). Later issues add theirs. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.logout_all'
  | 'auth.password_changed'
  | 'auth.token_created'
  | 'auth.token_revoked'
  | 'user.created'
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
  | 'feed.revoked';

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
    [e.actorId, e.action, e.subjectType ?? null, e.subjectId ?? null, e.planId ?? null, JSON.stringify(e.details ?? {}), e.ip ?? null],
  );
}
