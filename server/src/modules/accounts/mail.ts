import { formatMessage, type Locale } from '@planner/shared';
import type { MailMessage } from '../../platform/mail/mailer.ts';

/** The warning to an account's owner after repeated failed sign-ins, in the owner's language. */
export function failedSignInsMail(u: { to: string; locale: Locale; failures: number; accountUrl: string }): MailMessage {
  const t = (key: string, params: Record<string, string | number> = {}) => formatMessage(key, params, u.locale);
  return {
    to: u.to,
    subject: t('auth.failedSignInsMail.subject'),
    text: [
      t('auth.failedSignInsMail.body', { email: u.to, count: u.failures }),
      '',
      t('auth.failedSignInsMail.advice', { url: u.accountUrl }),
    ].join('\n'),
  };
}
