import { randomUUID } from 'node:crypto';
import type {
  Application,
  ApplicationForm,
  ApplicationPatch,
  CreateApplicationBody,
  FieldProblem,
  MyApplication,
  PublicUser,
} from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { audit } from '../activity/audit.ts';
import type { LimitStore } from '../accounts/limit-store.ts';
import { randomToken, secretHash } from '../accounts/secrets.ts';
import { createUser, findUserByEmail, findUserById, toPublicUser } from '../accounts/users.ts';
import { receiptMail, verificationMail } from './mail.ts';
import * as repo from './repo.ts';

/** A confirmation link of an applicant's address is valid this long. */
export const VERIFICATION_TTL_MS = 7 * 24 * 3600_000;

export interface ApplicationOptions {
  secret: string;
  publicUrl: string;
  /** Read at send time (tests swap the mailer of a running app). */
  mailer: () => Mailer;
  onMailError: (err: unknown, what: string) => void;
  /** The server clock (deadlines are decided by it). */
  now?: () => Date;
  /**
   * Accounts the form may make per client IP and hour, counted in the sign-in limits' store (Redis
   * shared by all instances, or memory while Redis is away). Without it nothing is counted.
   */
  accountLimit?: { store: LimitStore; maxPerIp: number };
}

/** New accounts are counted per client IP and hour. */
const ACCOUNT_WINDOW_MS = 3_600_000;

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const conflict = (key: 'application.locked' | 'application.notEditable' | 'application.decided' | 'application.callNotOpen') =>
  new AppError('CONFLICT', key);
const invalid = (fields: FieldProblem[]) => new AppError('VALIDATION', 'error.validation', undefined, fields);

/**
 * Applications to open calls (issue 16): a draft per person and call, saved field by field, locked at
 * the deadline (server clock); submitted with a verified address and consent to the call's privacy
 * text; withdrawn or deleted before the decision. Co-applicants: see team.ts.
 */
export class ApplicationService {
  readonly now: () => Date;
  constructor(
    readonly db: Database,
    readonly opts: ApplicationOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  hash(token: string): string {
    return secretHash(this.opts.secret, token);
  }

  /** Open for changes: the call is published and its deadline has not passed. */
  callOpen(call: repo.CallRow): boolean {
    return call.status === 'published' && new Date(call.deadline).getTime() > this.now().getTime();
  }

  async view(db: Queryable, row: repo.ApplicationRow, call: repo.CallRow, viewerId: string | null): Promise<Application> {
    const storefronts = await repo.rankedStorefronts(db, row.id);
    const members = await repo.membersOf(db, row.id);
    const editable = (row.status === 'draft' || row.status === 'submitted') && this.callOpen(call);
    return {
      id: row.id,
      callId: row.call_id,
      callSlug: call.slug,
      callTitle: call.title,
      deadline: iso(call.deadline)!,
      status: row.status as Application['status'],
      locked: !editable,
      main: viewerId !== null && row.applicant_id === viewerId,
      applicantName: row.applicant_name,
      concept: row.concept,
      disciplines: row.disciplines,
      storefronts,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      formats: row.formats,
      expectedAudience: row.expected_audience,
      needs: row.needs,
      needsNote: row.needs_note,
      portfolioLinks: row.portfolio_links ?? [],
      locale: row.locale === 'en' ? 'en' : 'de',
      consentAt: iso(row.consent_at),
      consentText: row.consent_text,
      members: members.map((m) => ({ id: m.id, email: m.email, name: m.name, status: m.status })),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      submittedAt: iso(row.submitted_at),
      withdrawnAt: iso(row.withdrawn_at),
    };
  }

  private async load(db: Queryable, id: string, lock = false): Promise<{ row: repo.ApplicationRow; call: repo.CallRow }> {
    const row = await repo.applicationById(db, id, lock);
    if (!row) throw new AppError('NOT_FOUND', 'error.notFound');
    const call = await repo.callById(db, row.call_id);
    if (!call) throw new AppError('NOT_FOUND', 'error.notFound');
    return { row, call };
  }

  /** A call the public may see: published or past it (closed, decided); drafts and cancelled ones only for staff. */
  async visibleCall(slug: string, staff: boolean): Promise<repo.CallRow> {
    const call = await repo.callBySlug(this.db, slug);
    if (!call || (!staff && !['published', 'closed', 'decided'].includes(call.status)))
      throw new AppError('NOT_FOUND', 'error.notFound');
    return call;
  }

  async form(slug: string, actor: { userId: string; staff: boolean } | null): Promise<ApplicationForm> {
    const call = await this.visibleCall(slug, actor?.staff ?? false);
    const storefronts = await repo.callStorefronts(this.db, call.id);
    let application: Application | null = null;
    let needsVerification = false;
    if (actor) {
      const id = await repo.applicationOfMember(this.db, call.id, actor.userId);
      if (id) {
        const row = await repo.applicationById(this.db, id);
        if (row) application = await this.view(this.db, row, call, actor.userId);
      }
      needsVerification = await repo.needsVerification(this.db, actor.userId);
    }
    return {
      call: {
        id: call.id,
        slug: call.slug,
        title: call.title,
        deadline: iso(call.deadline)!,
        periodStart: call.period_start,
        periodEnd: call.period_end,
        disciplines: call.disciplines,
        privacyText: call.privacy_text,
        open: this.callOpen(call),
        storefronts,
      },
      application,
      needsVerification,
    };
  }

  /**
   * Starts the draft. Without a signed-in account, `account` creates one (role applicant) whose address
   * must be confirmed before submitting; the confirmation link is mailed at once.
   */
  async create(
    slug: string,
    actorId: string | null,
    body: CreateApplicationBody,
    ip: string,
  ): Promise<{ application: Application; user: PublicUser | null; needsVerification: boolean }> {
    const call = await this.visibleCall(slug, false);
    if (!this.callOpen(call)) throw conflict(call.status === 'published' ? 'application.locked' : 'application.callNotOpen');
    if (!actorId && body.account) await this.countNewAccount(ip);
    const token = randomToken();
    const result = await this.db.transaction(async (tx) => {
      let userId = actorId;
      let created: PublicUser | null = null;
      if (!userId) {
        if (!body.account)
          throw new AppError('VALIDATION', 'application.accountNeeded', [
            { path: 'account', key: 'field.required', message: 'sign in, or give name, email and password' },
          ]);
        if (await findUserByEmail(tx, body.account.email))
          throw new AppError('CONFLICT', 'application.accountExists', { field: 'account.email' }, [
            { path: 'account.email', key: 'application.accountExists', message: 'this address already has an account' },
          ]);
        const user = await createUser(tx, {
          email: body.account.email,
          name: body.account.name,
          password: body.account.password,
          locale: body.account.locale ?? 'de',
          roles: ['applicant'],
        });
        await repo.insertVerification(tx, user.id, this.hash(token), new Date(this.now().getTime() + VERIFICATION_TTL_MS));
        await audit(tx, {
          actorId: user.id,
          action: 'user.created',
          subjectType: 'user',
          subjectId: user.id,
          details: { via: 'application' },
          ip,
        });
        userId = user.id;
        created = toPublicUser(user);
      } else if (await repo.liveApplicationOf(tx, call.id, userId)) {
        throw new AppError('CONFLICT', 'application.exists');
      }
      const id = randomUUID();
      await repo.insertApplication(tx, {
        id,
        callId: call.id,
        applicantId: userId,
        locale: body.account?.locale ?? body.draft?.locale ?? 'de',
      });
      if (body.draft) await this.applyPatch(tx, id, call, body.draft);
      await audit(tx, {
        actorId: userId,
        action: 'application.created',
        subjectType: 'application',
        subjectId: id,
        details: { callId: call.id },
        ip,
      });
      const row = await repo.applicationById(tx, id);
      return { application: await this.view(tx, row!, call, userId), user: created };
    });
    if (result.user) this.mailVerification(result.user, call.title, slug, token);
    return {
      ...result,
      needsVerification: result.user !== null || (actorId !== null && (await repo.needsVerification(this.db, actorId))),
    };
  }

  /** Counts an attempt to make an account from `ip` (before its password is hashed); 429 over the limit. */
  private async countNewAccount(ip: string): Promise<void> {
    const limit = this.opts.accountLimit;
    if (!limit) return;
    const key = `appaccount:ip:${ip}`;
    if ((await limit.store.incr(key, ACCOUNT_WINDOW_MS, false)) <= limit.maxPerIp) return;
    const { ttlMs } = await limit.store.count(key);
    const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
    throw new AppError('RATE_LIMITED', 'application.accountsRateLimited', { seconds, minutes: Math.ceil(seconds / 60) });
  }

  mailVerification(user: PublicUser, callTitle: string, slug: string, token: string): void {
    const url = `${this.opts.publicUrl}/aufrufe/${encodeURIComponent(slug)}/bewerben/bestaetigen/${token}`;
    void this.opts
      .mailer()
      .send(verificationMail({ to: user.email, name: user.name, call: callTitle, locale: user.locale, url }))
      .catch((err: unknown) => this.opts.onMailError(err, 'application verification mail'));
  }

  /** Mails a fresh confirmation link to the asker (nothing when the address is confirmed already). */
  async resendVerification(applicationId: string, userId: string): Promise<void> {
    if (!(await repo.needsVerification(this.db, userId))) return;
    const { call } = await this.load(this.db, applicationId);
    const user = await findUserById(this.db, userId);
    if (!user) return;
    const token = randomToken();
    await repo.insertVerification(this.db, userId, this.hash(token), new Date(this.now().getTime() + VERIFICATION_TTL_MS));
    this.mailVerification(toPublicUser(user), call.title, call.slug, token);
  }

  async verify(token: string, ip: string): Promise<void> {
    const userId = await repo.useVerification(this.db, this.hash(token));
    if (!userId) throw new AppError('GONE', 'application.verificationInvalid');
    await audit(this.db, { actorId: userId, action: 'application.email_verified', subjectType: 'user', subjectId: userId, ip });
  }

  async get(id: string, viewerId: string | null): Promise<Application> {
    const { row, call } = await this.load(this.db, id);
    return this.view(this.db, row, call, viewerId);
  }

  /** Refuses a change of a locked application: 409 `application.notEditable` (withdrawn/decided) or `application.locked` (deadline). */
  private assertEditable(row: repo.ApplicationRow, call: repo.CallRow): void {
    if (row.status !== 'draft' && row.status !== 'submitted') throw conflict('application.notEditable');
    if (!this.callOpen(call)) throw conflict('application.locked');
  }

  async patch(id: string, actorId: string, patch: ApplicationPatch): Promise<Application> {
    return this.db.transaction(async (tx) => {
      const { row, call } = await this.load(tx, id, true);
      this.assertEditable(row, call);
      const start = patch.periodStart !== undefined ? patch.periodStart : row.period_start;
      const end = patch.periodEnd !== undefined ? patch.periodEnd : row.period_end;
      if (start && end && end < start)
        throw invalid([{ path: 'periodEnd', key: 'application.periodOrder', message: 'ends before it starts' }]);
      await this.applyPatch(tx, id, call, patch);
      const next = await repo.applicationById(tx, id);
      return this.view(tx, next!, call, actorId);
    });
  }

  /** Writes a validated patch: storefronts must belong to the call; consent stores the call's privacy text. */
  private async applyPatch(tx: Queryable, id: string, call: repo.CallRow, p: ApplicationPatch): Promise<void> {
    if (p.storefronts) {
      const offered = new Set((await repo.callStorefronts(tx, call.id)).map((s) => s.id));
      const bad = p.storefronts.flatMap((s, i) =>
        offered.has(s.storefrontId)
          ? []
          : [
              {
                path: `storefronts.${i}.storefrontId`,
                key: 'application.storefrontNotInCall',
                message: 'not a storefront of this call',
              },
            ],
      );
      if (bad.length) throw invalid(bad);
    }
    const set: Record<string, unknown> = {};
    if (p.concept !== undefined) set.concept = p.concept;
    if (p.disciplines !== undefined) set.disciplines = p.disciplines;
    if (p.formats !== undefined) set.formats = p.formats;
    if (p.expectedAudience !== undefined) set.expected_audience = p.expectedAudience;
    if (p.needs !== undefined) set.needs = p.needs;
    if (p.needsNote !== undefined) set.needs_note = p.needsNote;
    if (p.periodStart !== undefined) set.period_start = p.periodStart;
    if (p.periodEnd !== undefined) set.period_end = p.periodEnd;
    if (p.portfolioLinks !== undefined) set.portfolio_links = JSON.stringify(p.portfolioLinks);
    if (p.locale !== undefined) set.locale = p.locale;
    if (p.consent === true) {
      set.consent_at = this.now();
      set.consent_text = call.privacy_text;
    } else if (p.consent === false) {
      set.consent_at = null;
      set.consent_text = null;
    }
    await repo.updateFields(tx, id, set);
    if (p.storefronts) await repo.replaceStorefronts(tx, id, p.storefronts);
  }

  /** Submits: a confirmed address, consent, a concept and at least one storefront; then the receipt with a copy. */
  async submit(id: string, actorId: string, ip: string): Promise<Application> {
    const out = await this.db.transaction(async (tx) => {
      const { row, call } = await this.load(tx, id, true);
      this.assertEditable(row, call);
      if (row.status === 'submitted') return { app: await this.view(tx, row, call, actorId), fresh: false, call };
      if (await repo.needsVerification(tx, actorId)) throw new AppError('CONFLICT', 'application.emailUnverified');
      const missing: FieldProblem[] = [];
      if (!row.concept.trim()) missing.push({ path: 'concept', key: 'field.required', message: 'a concept is required' });
      if (!(await repo.rankedStorefronts(tx, id)).length)
        missing.push({ path: 'storefronts', key: 'field.required', message: 'choose at least one storefront' });
      if (!row.consent_at) missing.push({ path: 'consent', key: 'application.consentRequired', message: 'consent is required' });
      if (missing.length) throw invalid(missing);
      await repo.setStatus(tx, id, 'submitted');
      await audit(tx, {
        actorId,
        action: 'application.submitted',
        subjectType: 'application',
        subjectId: id,
        details: { callId: call.id },
        ip,
      });
      const next = await repo.applicationById(tx, id);
      return { app: await this.view(tx, next!, call, actorId), fresh: true, call, row: next! };
    });
    if (out.fresh && out.row?.applicant_email) {
      const names = new Map((await repo.callStorefronts(this.db, out.call.id)).map((s) => [s.id, s.title]));
      const date = new Intl.DateTimeFormat(out.app.locale === 'en' ? 'en-GB' : 'de-DE', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'Europe/Berlin',
      }).format(new Date(out.app.submittedAt ?? this.now()));
      void this.opts
        .mailer()
        .send(
          receiptMail({
            to: out.row.applicant_email,
            name: out.row.applicant_name ?? '',
            app: out.app,
            storefronts: names,
            date,
          }),
        )
        .catch((err: unknown) => this.opts.onMailError(err, 'application receipt mail'));
    }
    return out.app;
  }

  /** Before the decision only (draft or submitted); afterwards 409 `application.decided`. */
  async withdraw(id: string, actorId: string, ip: string): Promise<Application> {
    return this.db.transaction(async (tx) => {
      const { row, call } = await this.load(tx, id, true);
      if (row.status !== 'draft' && row.status !== 'submitted') throw conflict('application.decided');
      await repo.setStatus(tx, id, 'withdrawn');
      await audit(tx, {
        actorId,
        action: 'application.withdrawn',
        subjectType: 'application',
        subjectId: id,
        details: { callId: call.id },
        ip,
      });
      const next = await repo.applicationById(tx, id);
      return this.view(tx, next!, call, actorId);
    });
  }

  async remove(id: string, actorId: string, ip: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { row, call } = await this.load(tx, id, true);
      if (row.status !== 'draft' && row.status !== 'submitted') throw conflict('application.decided');
      await repo.deleteApplication(tx, id);
      await audit(tx, {
        actorId,
        action: 'application.deleted',
        subjectType: 'application',
        subjectId: id,
        details: { callId: call.id },
        ip,
      });
    });
  }

  async mine(userId: string): Promise<MyApplication[]> {
    const rows = await repo.applicationsOf(this.db, userId);
    const now = this.now().getTime();
    return rows.map((r) => ({
      id: r.id,
      callSlug: r.slug,
      callTitle: r.title,
      deadline: iso(r.deadline)!,
      status: r.status as MyApplication['status'],
      locked: !(
        (r.status === 'draft' || r.status === 'submitted') &&
        r.call_status === 'published' &&
        new Date(r.deadline).getTime() > now
      ),
      main: r.main,
      updatedAt: iso(r.updated_at)!,
      submittedAt: iso(r.submitted_at),
    }));
  }

  /** The application with its call, for team.ts. */
  loadFor(db: Queryable, id: string, lock = false) {
    return this.load(db, id, lock);
  }

  assertOpen(row: repo.ApplicationRow, call: repo.CallRow): void {
    this.assertEditable(row, call);
  }
}
