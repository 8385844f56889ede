import { randomUUID } from 'node:crypto';
import type { Application, PublicUser } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { randomToken } from '../accounts/secrets.ts';
import { createUser, findUserByEmail, toPublicUser, type UserRow } from '../accounts/users.ts';
import { coApplicantMail } from './mail.ts';
import * as repo from './repo.ts';
import type { ApplicationService } from './service.ts';

const invalidLink = () => new AppError('GONE', 'application.invitationInvalid');

/**
 * Co-applicants (issue 16): the applicants invite by e-mail; the link lets the invited person join the
 * team (signing in, or creating an account with the applicant role: the address is confirmed by the
 * link itself) or decline. Confirmed co-applicants are applicants of the application (`callRole`).
 */
export class ApplicationTeam {
  constructor(private readonly apps: ApplicationService) {}

  async invite(
    id: string,
    inviter: { userId: string; name: string },
    body: { email: string; name: string },
    ip: string,
  ): Promise<Application> {
    const token = randomToken();
    const { app, callTitle, slug } = await this.apps.db.transaction(async (tx) => {
      const { row, call } = await this.apps.loadFor(tx, id, true);
      this.apps.assertOpen(row, call);
      const members = await repo.membersOf(tx, id);
      const email = body.email.toLowerCase();
      if (row.applicant_email === email || members.some((m) => m.email === email && m.status !== 'declined'))
        throw new AppError('CONFLICT', 'application.memberExists', { field: 'email' }, [
          { path: 'email', key: 'application.memberExists', message: 'already invited or in the team' },
        ]);
      const memberId = randomUUID();
      await repo.insertMember(tx, { id: memberId, applicationId: id, email, name: body.name, tokenHash: this.apps.hash(token) });
      await audit(tx, {
        actorId: inviter.userId,
        action: 'application.member_invited',
        subjectType: 'application',
        subjectId: id,
        details: { memberId },
        ip,
      });
      const next = await repo.applicationById(tx, id);
      return { app: await this.apps.view(tx, next!, call, inviter.userId), callTitle: call.title, slug: call.slug };
    });
    const url = `${this.apps.opts.publicUrl}/aufrufe/${encodeURIComponent(slug)}/bewerben/team/${token}`;
    void this.apps.opts
      .mailer()
      .send(coApplicantMail({ to: body.email, inviter: inviter.name, call: callTitle, locale: app.locale, url }))
      .catch((err: unknown) => this.apps.opts.onMailError(err, 'co-applicant invitation mail'));
    return app;
  }

  async info(token: string) {
    const m = await repo.memberByToken(this.apps.db, this.apps.hash(token));
    if (!m) throw invalidLink();
    return {
      email: m.email,
      callTitle: m.call_title,
      callSlug: m.call_slug,
      invitedBy: m.inviter ?? '',
      accountExists: !!(await findUserByEmail(this.apps.db, m.email)),
      status: m.status,
    };
  }

  /**
   * Joins the team: an existing account must be the signed-in one; otherwise name and password create
   * an applicant account (signed in by the route). The call must still be open.
   */
  async accept(
    token: string,
    who: { signedInUserId: string | null; name?: string; password?: string; locale?: 'de' | 'en' },
    ip: string,
  ): Promise<{ user: PublicUser; created: boolean; applicationId: string; callSlug: string }> {
    return this.apps.db.transaction(async (tx) => {
      const m = await repo.memberByToken(tx, this.apps.hash(token), true);
      if (!m) throw invalidLink();
      const { row, call } = await this.apps.loadFor(tx, m.application_id);
      this.apps.assertOpen(row, call);
      let user: UserRow | null = await findUserByEmail(tx, m.email);
      let created = false;
      if (user) {
        if (!who.signedInUserId) throw new AppError('UNAUTHENTICATED', 'auth.required');
        if (who.signedInUserId !== user.id) throw new AppError('FORBIDDEN', 'application.invitationWrongAccount');
      } else {
        if (!who.name || !who.password) throw new AppError('VALIDATION', 'application.invitationNeedsAccount');
        user = await createUser(tx, {
          email: m.email,
          name: who.name,
          password: who.password,
          locale: who.locale,
          roles: ['applicant'],
        });
        created = true;
        await audit(tx, {
          actorId: user.id,
          action: 'user.created',
          subjectType: 'user',
          subjectId: user.id,
          details: { via: 'application' },
          ip,
        });
      }
      // The link was mailed to this address: answering it confirms the address.
      await repo.markVerified(tx, user.id);
      await repo.answerMember(tx, m.id, 'confirmed', user.id);
      await audit(tx, {
        actorId: user.id,
        action: 'application.member_answered',
        subjectType: 'application',
        subjectId: m.application_id,
        details: { memberId: m.id, answer: 'confirmed' },
        ip,
      });
      return { user: toPublicUser(user), created, applicationId: m.application_id, callSlug: m.call_slug };
    });
  }

  async decline(token: string, actorId: string | null, ip: string): Promise<void> {
    await this.apps.db.transaction(async (tx) => {
      const m = await repo.memberByToken(tx, this.apps.hash(token), true);
      if (!m) throw invalidLink();
      await repo.answerMember(tx, m.id, 'declined', null);
      await audit(tx, {
        actorId,
        action: 'application.member_answered',
        subjectType: 'application',
        subjectId: m.application_id,
        details: { memberId: m.id, answer: 'declined' },
        ip,
      });
    });
  }
}
