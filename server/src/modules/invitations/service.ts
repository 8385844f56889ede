import { randomUUID } from 'node:crypto';
import type { PlanRole } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { randomToken, secretHash } from '../accounts/secrets.ts';
import { createUser, findUserByEmail, type UserRow } from '../accounts/users.ts';
import { addMember } from '../plans/memberships.ts';

/** Invitation links are valid this long. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export interface InvitationRow {
  id: string;
  email: string;
  role: PlanRole;
  plan_id: string | null;
  invited_by: string;
  expires_at: Date | string;
  accepted_at: Date | string | null;
}

/** Creates an invitation; returns the link's token (shown once) and the row. */
export async function createInvitation(
  db: Queryable,
  secret: string,
  i: { email: string; role: PlanRole; planId: string | null; invitedBy: string },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const id = randomUUID();
  const token = randomToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await db.query(
    `insert into invitations (id, token_hash, email, role, plan_id, invited_by, expires_at) values ($1, $2, $3, $4, $5, $6, $7)`,
    [id, secretHash(secret, token), i.email.toLowerCase(), i.role, i.planId, i.invitedBy, expiresAt.toISOString()],
  );
  return { id, token, expiresAt };
}

/** A live (unaccepted, unexpired) invitation behind a link token, or null. */
export async function findLiveInvitation(db: Queryable, secret: string, token: string): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(
    `select id, email, role, plan_id, invited_by, expires_at, accepted_at from invitations
      where token_hash = $1 and accepted_at is null and expires_at > now()`,
    [secretHash(secret, token)],
  );
  return rows[0] ?? null;
}

export type AcceptResult =
  | { ok: true; user: UserRow; created: boolean; invitation: InvitationRow }
  | { ok: false; reason: 'invalid' | 'needs-account' | 'needs-sign-in' | 'wrong-account' };

/**
 * Accepts an invitation in one transaction: marks it used (single use, also under concurrency),
 * creates the account when the e-mail has none (then `name` and `password` are required), and adds
 * the plan membership. An existing account must be the signed-in one.
 */
export async function acceptInvitation(
  db: Database,
  secret: string,
  token: string,
  who: { signedInUserId: string | null; name?: string; password?: string; locale?: 'de' | 'en' },
): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const inv = await findLiveInvitation(tx, secret, token);
    if (!inv) return { ok: false, reason: 'invalid' } as const;
    let user = await findUserByEmail(tx, inv.email);
    let created = false;
    if (user) {
      if (!who.signedInUserId) return { ok: false, reason: 'needs-sign-in' } as const;
      if (who.signedInUserId !== user.id) return { ok: false, reason: 'wrong-account' } as const;
    } else {
      if (!who.name || !who.password) return { ok: false, reason: 'needs-account' } as const;
      // An account invitation with role staff creates a staff account; plan roles stay per plan.
      user = await createUser(tx, {
        email: inv.email,
        name: who.name,
        password: who.password,
        locale: who.locale,
        staff: inv.plan_id === null && inv.role === 'staff',
      });
      created = true;
    }
    const used = await tx.query('update invitations set accepted_at = now(), accepted_by = $2 where id = $1 and accepted_at is null', [
      inv.id,
      user.id,
    ]);
    if (used.rowCount === 0) throw Object.assign(new Error('invitation used concurrently'), { invitationRace: true });
    if (inv.plan_id) await addMember(tx, inv.plan_id, user.id, inv.role, inv.invited_by);
    return { ok: true, user, created, invitation: inv } as const;
  });
}
