import { formatMessage, type Locale, type PlanRole } from '@planner/shared';
import type { MailMessage } from '../../platform/mail/mailer.ts';

/**
 * The invitation e-mail. Its reader has no account yet, so no known language: the texts of the
 * catalogue in German first, English below (the one place the server puts both languages together).
 */
export function invitationMail(i: {
  to: string;
  url: string;
  inviter: string;
  role: PlanRole;
  planTitle: string | null;
  expiresAt: Date;
}): MailMessage {
  const until = i.expiresAt.toISOString().slice(0, 10);
  const body = (locale: Locale) => {
    const role = formatMessage(`invitation.role.${i.role}`, {}, locale);
    const what = i.planTitle
      ? formatMessage('invitation.mail.toPlan', { inviter: i.inviter, plan: i.planTitle, role }, locale)
      : formatMessage('invitation.mail.toAccount', { inviter: i.inviter, role }, locale);
    return [what, formatMessage('invitation.mail.accept', { until }, locale), i.url];
  };
  return {
    to: i.to,
    subject: `${formatMessage('invitation.mail.subject', {}, 'de')} · ${formatMessage('invitation.mail.subject', {}, 'en')}`,
    text: [...body('de'), '', '---', ...body('en')].join('\n'),
  };
}
