/** The mails of applications (issue 16): address confirmation, co-applicant invitation, receipt with a copy. */
import { formatMessage, type Locale } from '@planner/shared';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import type { Application } from '@planner/shared';

const orderOf = (l: Locale): Locale[] => (l === 'en' ? ['en', 'de'] : ['de', 'en']);

/** Both languages, the reader's first (as the account mails do). */
function bilingual(to: string, locale: Locale, subject: (l: Locale) => string, body: (l: Locale) => string[]): MailMessage {
  const [a, b] = orderOf(locale);
  return { to, subject: subject(a), text: [...body(a), '', '---', ...body(b)].join('\n') };
}

export function verificationMail(u: { to: string; name: string; call: string; locale: Locale; url: string }): MailMessage {
  return bilingual(
    u.to,
    u.locale,
    (l) => formatMessage('application.mail.verify.subject', {}, l),
    (l) => [formatMessage('application.mail.verify.body', { name: u.name, call: u.call }, l), u.url],
  );
}

export function coApplicantMail(u: { to: string; inviter: string; call: string; locale: Locale; url: string }): MailMessage {
  return bilingual(
    u.to,
    u.locale,
    (l) => formatMessage('application.mail.invite.subject', { call: u.call }, l),
    (l) => [formatMessage('application.mail.invite.body', { inviter: u.inviter, call: u.call }, l), u.url],
  );
}

/**
 * The receipt after submitting: a plain-text copy of what was submitted. The copy is written once, in
 * the application's language; the greeting in both.
 */
export function receiptMail(u: {
  to: string;
  name: string;
  app: Application;
  storefronts: Map<string, string>;
  date: string;
}): MailMessage {
  const l = u.app.locale;
  const m = (key: Parameters<typeof formatMessage>[0]) => formatMessage(key, {}, l);
  const a = u.app;
  const section = (title: string, lines: string[]) => (lines.length ? ['', `${title}:`, ...lines] : []);
  const copy = [
    ...section(m('application.mail.concept'), a.concept.split('\n')),
    ...section(m('application.mail.disciplines'), a.disciplines.length ? [a.disciplines.join(', ')] : []),
    ...section(
      m('application.mail.storefronts'),
      a.storefronts.map((s) => `${s.rank}. ${u.storefronts.get(s.storefrontId) ?? s.storefrontId}`),
    ),
    ...section(
      m('application.mail.period'),
      a.periodStart || a.periodEnd ? [`${a.periodStart ?? '…'} – ${a.periodEnd ?? '…'}`] : [],
    ),
    ...section(m('application.mail.formats'), a.formats.length ? [a.formats.join(', ')] : []),
    ...section(m('application.mail.audience'), a.expectedAudience ? [a.expectedAudience] : []),
    ...section(m('application.mail.needs'), [
      ...(a.needs.length ? [a.needs.join(', ')] : []),
      ...(a.needsNote ? [a.needsNote] : []),
    ]),
    ...section(
      m('application.mail.links'),
      a.portfolioLinks.map((p) => (p.label ? `${p.label}: ${p.url}` : p.url)),
    ),
    ...section(
      m('application.mail.team'),
      a.members.filter((x) => x.status === 'confirmed').map((x) => `${x.name} <${x.email}>`),
    ),
  ];
  const [first, second] = orderOf(l);
  const greet = (x: Locale) =>
    formatMessage('application.mail.receipt.body', { name: u.name, call: a.callTitle, date: u.date }, x);
  return {
    to: u.to,
    subject: formatMessage('application.mail.receipt.subject', { call: a.callTitle }, first),
    text: [greet(first), ...copy, '', '---', greet(second)].join('\n'),
  };
}
