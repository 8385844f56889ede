/** All SQL of invitations. */
import type { PlanRole } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

export interface InvitationRow {
  id: string;
  email: string;
  role: PlanRole;
  plan_id: string | null;
  invited_by: string;
  expires_at: Date | string;
  accepted_at: Date | string | null;
}

export async function insertInvitation(
  db: Queryable,
  i: { id: string; tokenHash: string; email: string; role: PlanRole; planId: string | null; invitedBy: string; expiresAt: Date },
): Promise<void> {
  await db.query(
    `insert into invitations (id, token_hash, email, role, plan_id, invited_by, expires_at) values ($1, $2, $3, $4, $5, $6, $7)`,
    [i.id, i.tokenHash, i.email, i.role, i.planId, i.invitedBy, i.expiresAt.toISOString()],
  );
}

/** A live (unaccepted, unexpired) invitation by the hash of its link token. */
export async function findLive(db: Queryable, tokenHash: string): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(
    `select id, email, role, plan_id, invited_by, expires_at, accepted_at from invitations
      where token_hash = $1 and accepted_at is null and expires_at > now()`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** Marks an invitation used; false when it already was (single use, also under concurrency). */
export async function markAccepted(db: Queryable, id: string, userId: string): Promise<boolean> {
  const res = await db.query(
    'update invitations set accepted_at = now(), accepted_by = $2 where id = $1 and accepted_at is null',
    [id, userId],
  );
  return res.rowCount > 0;
}

/** The title of the plan an invitation is for (shown on the accept page and in the mail). */
export async function planTitle(db: Queryable, planId: string): Promise<string | null> {
  const { rows } = await db.query<{ title: string }>('select title from plans where id = $1', [planId]);
  return rows[0]?.title ?? null;
}
