import { randomUUID } from 'node:crypto';
import type { AcceptInvitationBody, CreateInvitationBody, InvitationInfo, InvitationResponse } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { audit } from '../activity/audit.ts';
import { randomToken, secretHash } from '../accounts/secrets.ts';
import { mayHoldPlanRole, roleOfInvitation } from '../accounts/roles.ts';
import { createUser, findUserByEmail, findUserById, type UserRow } from '../accounts/users.ts';
import { addMember } from '../plans/memberships.ts';
import { invitationMail } from './mail.ts';
import * as repo from './repo.ts';

export type { InvitationRow } from './repo.ts';

/** Invitation links are valid this long. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

const invalid = () => new AppError('GONE', 'invitation.invalid');

export interface InvitationOptions {
  secret: string;
  publicUrl: string;
  /** Read at send time (tests swap the mailer of a running app). */
  mailer: () => Mailer;
  onMailError: (err: unknown) => void;
}

/** Who accepts: the signed-in account, if any, and what a new account needs. */
export interface Acceptor extends AcceptInvitationBody {
  signedInUserId: string | null;
}

export interface Accepted {
  user: UserRow;
  created: boolean;
  planId: string | null;
}

/**
 * Invitations by e-mail: staff (any role) and a plan's designers (designers only) invite; the link is
 * single-use and expires. Accepting creates the account when the e-mail has none and adds the plan
 * membership, in one transaction.
 */
export class InvitationService {
  constructor(
    private readonly db: Database,
    private readonly opts: InvitationOptions,
  ) {}

  private hash(token: string): string {
    return secretHash(this.opts.secret, token);
  }

  /** Creates an invitation and mails its link (a failed mail is logged; the link is in the answer). */
  async create(inviter: { userId: string; name: string }, body: CreateInvitationBody, ip: string): Promise<InvitationResponse> {
    const id = randomUUID();
    const token = randomToken();
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    const planId = body.planId ?? null;
    await this.db.transaction(async (tx) => {
      await repo.insertInvitation(tx, {
        id,
        tokenHash: this.hash(token),
        email: body.email.toLowerCase(),
        role: body.role,
        planId,
        invitedBy: inviter.userId,
        expiresAt,
      });
      await audit(tx, {
        actorId: inviter.userId,
        action: 'invitation.created',
        subjectType: 'invitation',
        subjectId: id,
        planId,
        details: { email: body.email, role: body.role },
        ip,
      });
    });
    const url = `${this.opts.publicUrl}/einladung/${token}`;
    const planTitle = planId ? await repo.planTitle(this.db, planId) : null;
    await this.opts
      .mailer()
      .send(invitationMail({ to: body.email, url, inviter: inviter.name, role: body.role, planTitle, expiresAt }))
      .catch(this.opts.onMailError);
    return { id, url, expiresAt: expiresAt.toISOString() };
  }

  /** What the accept page shows; 410 when the link is used, expired or unknown. */
  async info(token: string): Promise<InvitationInfo> {
    const inv = await repo.findLive(this.db, this.hash(token));
    if (!inv) throw invalid();
    const [inviter, existing, planTitle] = await Promise.all([
      findUserById(this.db, inv.invited_by),
      findUserByEmail(this.db, inv.email),
      inv.plan_id ? repo.planTitle(this.db, inv.plan_id) : null,
    ]);
    return {
      email: inv.email,
      role: inv.role,
      planId: inv.plan_id,
      planTitle,
      invitedBy: inviter?.name ?? '',
      accountExists: !!existing,
      expiresAt: new Date(inv.expires_at).toISOString(),
    };
  }

  /**
   * Accepts an invitation in one transaction: marks it used (single use, also under concurrency),
   * creates the account when the e-mail has none (then `name` and `password` are required), adds the
   * plan membership and the audit entries. An existing account must be the signed-in one.
   */
  async accept(token: string, who: Acceptor, ip: string): Promise<Accepted> {
    return this.db.transaction(async (tx) => {
      const inv = await repo.findLive(tx, this.hash(token));
      if (!inv) throw invalid();
      let user = await findUserByEmail(tx, inv.email);
      let created = false;
      if (user) {
        if (!who.signedInUserId) throw new AppError('UNAUTHENTICATED', 'auth.required');
        if (who.signedInUserId !== user.id) throw new AppError('FORBIDDEN', 'invitation.wrongAccount');
        // Only an account holding the role takes it in a plan (an owner-only account never becomes a designer).
        if (inv.plan_id && !mayHoldPlanRole(user, inv.role)) throw new AppError('CONFLICT', 'member.roleNotHeld');
      } else {
        if (!who.name || !who.password) throw new AppError('VALIDATION', 'invitation.needsAccount');
        // An account invitation with role staff creates a staff account; plan roles stay per plan.
        user = await createUser(tx, {
          email: inv.email,
          name: who.name,
          password: who.password,
          locale: who.locale,
          staff: inv.plan_id === null && inv.role === 'staff',
          // The account role follows the invitation: as designer → designer, as owner → owner, as staff → staff.
          roles: [roleOfInvitation(inv.role, inv.plan_id)],
        });
        created = true;
      }
      // Two accepts at once: the second finds it used and gets the same answer as for a used link.
      if (!(await repo.markAccepted(tx, inv.id, user.id))) throw invalid();
      if (inv.plan_id) await addMember(tx, inv.plan_id, user.id, inv.role, inv.invited_by);
      if (created)
        await audit(tx, {
          actorId: user.id,
          action: 'user.created',
          subjectType: 'user',
          subjectId: user.id,
          details: { via: 'invitation' },
          ip,
        });
      await audit(tx, {
        actorId: user.id,
        action: 'invitation.accepted',
        subjectType: 'invitation',
        subjectId: inv.id,
        planId: inv.plan_id,
        details: { role: inv.role },
        ip,
      });
      return { user, created, planId: inv.plan_id };
    });
  }
}
