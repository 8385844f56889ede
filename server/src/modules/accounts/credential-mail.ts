import { formatMessage, type Locale } from '@planner/shared';
import type { MailMessage } from '../../platform/mail/mailer.ts';

/** The password reset mail, in the account's language first and the other below (the reader may be locked out of settings). */
export function passwordResetMail(u: { to: string; locale: Locale; url: string }): MailMessage {
  const order: Locale[] = u.locale === 'en' ? ['en', 'de'] : ['de', 'en'];
  const body = (l: Locale) => [
    formatMessage('passwordReset.mail.body', { email: u.to }, l),
    u.url,
    formatMessage('passwordReset.mail.ignore', {}, l),
  ];
  return {
    to: u.to,
    subject: order.map((l) => formatMessage('passwordReset.mail.subject', {}, l)).join(' · '),
    text: [...body(order[0]), '', '---', ...body(order[1])].join('\n'),
  };
}

/** The confirmation mail to a new address. */
export function emailChangeMail(u: { to: string; name: string; locale: Locale; url: string }): MailMessage {
  const order: Locale[] = u.locale === 'en' ? ['en', 'de'] : ['de', 'en'];
  const body = (l: Locale) => [formatMessage('emailChange.mail.body', { name: u.name, email: u.to }, l), u.url];
  return {
    to: u.to,
    subject: order.map((l) => formatMessage('emailChange.mail.subject', {}, l)).join(' · '),
    text: [...body(order[0]), '', '---', ...body(order[1])].join('\n'),
  };
}
