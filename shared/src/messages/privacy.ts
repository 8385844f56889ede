/** Messages of data-protection self-service and the activity view (issue 20), German first. */
import type { Catalogue } from './catalogue.ts';

export const PRIVACY_MESSAGES = {
  'activity.toBeforeFrom': {
    de: '„{field}“ liegt vor dem Anfangsdatum.',
    en: '“{field}” is before the start date.',
  },
  'privacy.lastStaff': {
    de: 'Das letzte Konto der Stabsstelle kann nicht gelöscht werden. Bitte zuerst einer anderen Person die Rolle Stabsstelle geben.',
    en: 'The last staff account cannot be deleted. Please give another person the staff role first.',
  },
  'privacy.passwordWrong': {
    de: 'Das Passwort stimmt nicht. Das Konto wurde nicht gelöscht.',
    en: 'The password is wrong. The account was not deleted.',
  },
  'privacy.emailWrong': {
    de: 'Das ist nicht die E-Mail-Adresse dieses Kontos. Das Konto wurde nicht gelöscht.',
    en: 'This is not the account’s e-mail address. The account was not deleted.',
  },
  'privacy.exportRunning': {
    de: 'Ein Export Ihrer Daten läuft bereits. Bitte warten Sie, bis er fertig ist.',
    en: 'An export of your data is already running. Please wait until it has finished.',
  },
} as const satisfies Catalogue;
