/** Messages of open calls and exposés (issue 16), German first. */
import type { Catalogue } from './catalogue.ts';

export const CALLS_MESSAGES = {
  'call.notFound': { de: 'Diesen Aufruf gibt es nicht (mehr).', en: 'This call does not exist (any more).' },
  'call.notDraft': { de: 'Nur ein Entwurf kann veröffentlicht werden.', en: 'Only a draft can be published.' },
  'call.notEditable': {
    de: 'Dieser Aufruf ist abgeschlossen oder abgesagt und kann nicht mehr geändert werden.',
    en: 'This call is closed or cancelled and can no longer be changed.',
  },
  'call.deadlineViaExtend': {
    de: '„Bewerbungsschluss“: Bei einem veröffentlichten Aufruf wird die Frist über „Frist verlängern“ geändert.',
    en: '“Deadline”: the deadline of a published call is changed with “Extend deadline”.',
  },
  'call.deadlineNotLater': {
    de: '„Bewerbungsschluss“: Die neue Frist muss nach der bisherigen liegen ({current}).',
    en: '“Deadline”: the new deadline must be after the current one ({current}).',
  },
  'call.deadlinePast': {
    de: '„Bewerbungsschluss“: Die Frist liegt in der Vergangenheit.',
    en: '“Deadline”: the deadline is in the past.',
  },
  'call.storefrontUnknown': {
    de: '„Läden“: Ein gewählter Laden existiert nicht.',
    en: '“Storefronts”: a chosen storefront does not exist.',
  },
  'call.viewingStorefront': {
    de: '„Besichtigung“: Der Laden eines Termins muss zum Aufruf gehören.',
    en: '“Viewing”: the storefront of a slot must belong to the call.',
  },
  'call.notOpen': { de: 'Dieser Aufruf ist nicht (mehr) offen.', en: 'This call is not open (any more).' },
  'call.viewingNotFound': {
    de: 'Diesen Besichtigungstermin gibt es nicht (mehr).',
    en: 'This viewing slot does not exist (any more).',
  },
  'call.viewingFull': {
    de: 'Dieser Besichtigungstermin ist leider ausgebucht. Bitte einen anderen wählen.',
    en: 'This viewing slot is fully booked. Please choose another one.',
  },
  'call.viewingAlreadyBooked': { de: 'Diesen Termin haben Sie schon gebucht.', en: 'You have already booked this slot.' },
  'call.viewingPast': { de: 'Dieser Termin liegt in der Vergangenheit.', en: 'This slot is in the past.' },
  'call.jurorNotStaff': {
    de: '„Jury“: Nur Konten des Teams können direkt eingetragen werden; externe Jurorinnen und Juroren werden eingeladen.',
    en: '“Jury”: only staff accounts can be added directly; external jurors are invited.',
  },
  'call.invitationInvalid': {
    de: 'Diese Einladung ist ungültig oder abgelaufen.',
    en: 'This invitation is invalid or has expired.',
  },
  'call.invitationSignIn': {
    de: 'Für diese E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich an, um die Einladung anzunehmen.',
    en: 'There already is an account for this e-mail address. Please sign in to accept the invitation.',
  },
  'call.invitationOtherAccount': {
    de: 'Diese Einladung gilt für eine andere E-Mail-Adresse.',
    en: 'This invitation is for another e-mail address.',
  },
  'call.invitationNeedsPassword': {
    de: '„Passwort“: Bitte Namen und ein Passwort (mindestens 12 Zeichen) für das neue Konto angeben.',
    en: '“Password”: please give a name and a password (at least 12 characters) for the new account.',
  },
  'expose.notFound': {
    de: 'Für diesen Laden gibt es kein öffentliches Exposé.',
    en: 'There is no public exposé for this storefront.',
  },
  'notification.callExtended': {
    de: 'Die Frist des Aufrufs „{call}“ wurde verlängert: neuer Bewerbungsschluss {deadline}.',
    en: 'The deadline of the call “{call}” was extended: new deadline {deadline}.',
  },
  'notification.callCancelled': {
    de: 'Der Aufruf „{call}“ wurde abgesagt. Grund: {reason}',
    en: 'The call “{call}” was cancelled. Reason: {reason}',
  },
} as const satisfies Catalogue;
