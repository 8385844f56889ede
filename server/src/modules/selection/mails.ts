/**
 * Decision mails of a call (issue 16): templates per kind and language (defaults seeded on first use),
 * a preview for one real application, and the bulk send.
 *
 * The send queues one `call_mail_sends` row per decided application and kind (a unique index: never
 * twice), then works through the pending rows in the background, each claimed before it is sent (so two
 * instances never send one row twice). A failure keeps its error on the row; a retry puts the failed
 * rows back to pending. Progress is read with `GET …/mail-sends` (the client polls while rows pend).
 */
import { randomUUID } from 'node:crypto';
import type { MailPreview, MailSendProgress, MailTemplate } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { audit } from '../activity/audit.ts';
import { applicationTitle } from '../jury/service.ts';
import { DEFAULT_TEMPLATES, renderTemplate } from './mail-templates.ts';
import {
  claimSend,
  finishSend,
  mailTarget,
  queueSends,
  requeueFailed,
  saveTemplate,
  seedTemplate,
  sendsOf,
  templatesOf,
  type TemplateRow,
} from './repo.ts';

type Kind = TemplateRow['kind'];

export class DecisionMails {
  /** Calls being worked through on this instance (a second request waits for the running pass). */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly mailer: () => Mailer,
    private readonly publicUrl: string,
    private readonly log: { error(obj: object, msg: string): void },
  ) {}

  async templates(callId: string): Promise<MailTemplate[]> {
    let rows = await templatesOf(this.db, callId);
    if (rows.length < DEFAULT_TEMPLATES.length) {
      for (const t of DEFAULT_TEMPLATES) await seedTemplate(this.db, randomUUID(), callId, t);
      rows = await templatesOf(this.db, callId);
    }
    return rows;
  }

  async save(
    callId: string,
    kind: Kind,
    locale: 'de' | 'en',
    body: { subject: string; body: string },
    userId: string,
  ): Promise<MailTemplate> {
    await this.templates(callId);
    await saveTemplate(this.db, callId, { kind, locale, ...body }, userId);
    return (await templatesOf(this.db, callId)).find((t) => t.kind === kind && t.locale === locale)!;
  }

  /** The mail of `kind` for one application, rendered in its language. */
  async render(callId: string, kind: Kind, applicationId: string): Promise<MailPreview> {
    const target = await mailTarget(this.db, callId, applicationId);
    if (!target) throw new AppError('NOT_FOUND', 'error.notFound');
    const locale = target.locale === 'en' ? 'en' : 'de';
    const t = (await this.templates(callId)).find((x) => x.kind === kind && x.locale === locale)!;
    const vars = {
      name: target.name ?? '',
      call: target.call_title,
      storefront: target.plan_storefront ?? '',
      plan_link: target.plan_id ? `${this.publicUrl.replace(/\/$/, '')}/plans/${target.plan_id}` : '',
    };
    return { to: target.email ?? '', locale, subject: renderTemplate(t.subject, vars), text: renderTemplate(t.body, vars) };
  }

  async progress(callId: string): Promise<MailSendProgress> {
    const rows = await sendsOf(this.db, callId);
    const counts = { pending: 0, sent: 0, failed: 0 };
    for (const r of rows) counts[r.status]++;
    return {
      items: rows.map((r) => ({
        id: r.id,
        applicationId: r.application_id,
        title: applicationTitle(r.concept),
        kind: r.kind,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      })),
      counts,
    };
  }

  async send(callId: string, kinds: Kind[], userId: string, ip: string | null): Promise<MailSendProgress> {
    await this.templates(callId);
    await this.db.transaction(async (tx) => {
      const queued = await queueSends(tx, callId, kinds, userId);
      await audit(tx, {
        actorId: userId,
        action: 'call.mails_sent',
        subjectType: 'call',
        subjectId: callId,
        details: { kinds, queued },
        ip,
      });
    });
    void this.kick(callId);
    return this.progress(callId);
  }

  async retry(callId: string, userId: string, ip: string | null): Promise<MailSendProgress> {
    const n = await requeueFailed(this.db, callId);
    await audit(this.db, {
      actorId: userId,
      action: 'call.mails_sent',
      subjectType: 'call',
      subjectId: callId,
      details: { retried: n },
      ip,
    });
    void this.kick(callId);
    return this.progress(callId);
  }

  /** Starts (or chains after the running one) a pass over the call's pending rows. */
  kick(callId: string): Promise<void> {
    const before = this.running.get(callId) ?? Promise.resolve();
    const next = before
      .then(() => this.pass(callId))
      .catch((err: unknown) => this.log.error({ err, callId }, 'decision mails: a send pass failed'))
      .finally(() => {
        if (this.running.get(callId) === next) this.running.delete(callId);
      });
    this.running.set(callId, next);
    return next;
  }

  /** Resolves when no pass runs on this instance (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running.values());
  }

  private async pass(callId: string): Promise<void> {
    for (const row of await sendsOf(this.db, callId)) {
      if (row.status !== 'pending') continue;
      if (!(await claimSend(this.db, row.id, row.attempts))) continue;
      let error: string | null = null;
      try {
        const mail = await this.render(callId, row.kind, row.application_id);
        if (!mail.to) throw new Error('the application has no address any more');
        await this.mailer().send({ to: mail.to, subject: mail.subject, text: mail.text });
      } catch (err) {
        error = (err instanceof Error ? err.message : String(err)).slice(0, 500) || 'send failed';
      }
      await finishSend(this.db, row.id, error);
    }
  }
}
