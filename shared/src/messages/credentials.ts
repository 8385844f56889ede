import type { Catalogue } from './catalogue.ts';

/** Messages of password reset and e-mail change (issue 14): German first, English second. */
export const CREDENTIALS_MESSAGES = {
  'passwordReset.invalid': {
    de: 'Dieser Link zum Zurücksetzen ist ungültig, abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an.',
    en: 'This reset link is invalid, has expired or was used already. Please ask for a new one.',
  },
  'passwordReset.rateLimited': {
    de: 'Zu viele Anfragen zum Zurücksetzen. Bitte versuchen Sie es in {minutes} Minuten erneut.',
    en: 'Too many reset requests. Please try again in {minutes} minutes.',
  },
  'passwordReset.mail.subject': { de: 'Passwort zurücksetzen', en: 'Reset your password' },
  'passwordReset.mail.body': {
    de: 'Für Ihr Konto {email} wurde ein neues Passwort angefordert. Mit diesem Link wählen Sie es, einmal und innerhalb einer Stunde:',
    en: 'A new password was requested for your account {email}. Choose it with this link, once and within one hour:',
  },
  'passwordReset.mail.ignore': {
    de: 'Haben Sie das nicht angefordert, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt, wie es ist.',
    en: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  },
  'emailChange.invalid': {
    de: 'Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon benutzt.',
    en: 'This confirmation link is invalid, has expired or was used already.',
  },
  'emailChange.taken': {
    de: 'Diese E-Mail-Adresse gehört schon zu einem anderen Konto.',
    en: 'This e-mail address already belongs to another account.',
  },
  'emailChange.mail.subject': { de: 'Neue E-Mail-Adresse bestätigen', en: 'Confirm your new e-mail address' },
  'emailChange.mail.body': {
    de: '{name} möchte die Adresse des Kontos in {email} ändern. Mit diesem Link bestätigen Sie sie, einmal und innerhalb einer Stunde:',
    en: '{name} wants to change the account’s address to {email}. Confirm it with this link, once and within one hour:',
  },
} as const satisfies Catalogue;
