import type { Catalogue } from './catalogue.ts';

/** Messages of accounts, sessions and plan access: German first, English second. */
export const authMessages = {
  'auth.invalidCredentials': { de: 'E-Mail-Adresse oder Passwort ist falsch.', en: 'Wrong e-mail address or password.' },
  'auth.wrongCurrentPassword': { de: 'Das bisherige Passwort stimmt nicht.', en: 'The current password is wrong.' },
  'auth.rateLimited': {
    de: 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
    en: 'Too many failed sign-in attempts. Please wait a moment, then try again.',
  },
  'auth.rateLimitedSeconds': {
    de: 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie {seconds} Sekunden und versuchen Sie es dann erneut.',
    en: 'Too many failed sign-in attempts. Please wait {seconds} seconds, then try again.',
  },
  'auth.rateLimitedMinutes': {
    de: 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie {minutes} Minuten und versuchen Sie es dann erneut.',
    en: 'Too many failed sign-in attempts. Please wait {minutes} minutes, then try again.',
  },
  'auth.failedSignInsMail.subject': {
    de: 'Fehlgeschlagene Anmeldeversuche bei Ihrem Konto',
    en: 'Failed sign-in attempts on your account',
  },
  'auth.failedSignInsMail.body': {
    de: 'Für Ihr Konto {email} wurde {count}-mal hintereinander ein falsches Passwort eingegeben. Weitere Anmeldeversuche von Browsern, in denen Sie sich noch nicht angemeldet haben, werden deshalb verlangsamt.',
    en: 'A wrong password was entered {count} times in a row for your account {email}. Further sign-in attempts from browsers you have not signed in with before are slowed down for that reason.',
  },
  'auth.failedSignInsMail.advice': {
    de: 'Waren Sie das nicht, müssen Sie nichts tun: In einem Browser, in dem Sie sich schon angemeldet haben, melden Sie sich wie gewohnt an. Halten Sie Ihr Passwort für unsicher, ändern Sie es hier: {url}',
    en: 'If this was not you, there is nothing you need to do: in a browser you have signed in with before, you sign in as usual. If you think your password is no longer safe, change it here: {url}',
  },
  'auth.required': { de: 'Bitte melden Sie sich an.', en: 'Please sign in.' },
  'auth.forbidden': { de: 'Dafür fehlt Ihnen die Berechtigung.', en: 'You are not allowed to do this.' },
  'auth.csrf': {
    de: 'Die Anfrage wurde aus Sicherheitsgründen abgelehnt (CSRF). Bitte laden Sie die Seite neu.',
    en: 'The request was refused for security reasons (CSRF). Please reload the page.',
  },
  'auth.ssoNotConfigured': {
    de: 'Die Anmeldung mit Dienstkonto ist hier nicht eingerichtet.',
    en: 'Sign-in with a service account is not set up here.',
  },
  'auth.ssoUnavailable': {
    de: 'Der Anmeldedienst der Stadt ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.',
    en: 'The city’s sign-in service cannot be reached right now. Please try again later.',
  },
  'plan.notFound': { de: 'Diesen Plan gibt es nicht.', en: 'This plan does not exist.' },
  'user.notFound': { de: 'Dieses Konto gibt es nicht.', en: 'This account does not exist.' },
  'member.notFound': { de: 'Diese Person ist kein Mitglied des Plans.', en: 'This person is not a member of the plan.' },
  'member.roleNotHeld': {
    de: 'Dieses Konto hat die Rolle nicht, die es im Plan bekommen soll (nur Gestalter:innen werden Gestalter:innen eines Plans).',
    en: 'This account does not hold the role it would get in the plan (only designers become designers of a plan).',
  },
  'member.exists': { de: 'Diese Person ist bereits Mitglied des Plans.', en: 'This person is already a member of the plan.' },
  'token.notFound': { de: 'Diesen Zugangsschlüssel gibt es nicht.', en: 'This access token does not exist.' },
} as const satisfies Catalogue;
export type AuthMessageKey = keyof typeof authMessages;
