import type { Catalogue } from './catalogue.ts';

/** Messages of accounts, sessions and plan access: German first, English second. */
export const authMessages = {
  'auth.invalidCredentials': { de: 'E-Mail-Adresse oder Passwort ist falsch.', en: 'Wrong e-mail address or password.' },
  'auth.wrongCurrentPassword': { de: 'Das bisherige Passwort stimmt nicht.', en: 'The current password is wrong.' },
  'auth.rateLimited': {
    de: 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',
    en: 'Too many failed sign-in attempts. Please wait a minute, then try again.',
  },
  'auth.required': { de: 'Bitte melden Sie sich an.', en: 'Please sign in.' },
  'auth.forbidden': { de: 'Dafür fehlt Ihnen die Berechtigung.', en: 'You are not allowed to do this.' },
  'auth.csrf': {
    de: 'Die Anfrage wurde aus Sicherheitsgründen abgelehnt (CSRF). Bitte laden Sie die Seite neu.',
    en: 'The request was refused for security reasons (CSRF). Please reload the page.',
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
