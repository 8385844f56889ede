/** Messages of the invitations capability (errors and the invitation e-mail), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const INVITATIONS_MESSAGES = {
  'invitation.invalid': {
    de: 'Diese Einladung ist ungültig, abgelaufen oder wurde bereits angenommen.',
    en: 'This invitation is invalid, expired or already accepted.',
  },
  'invitation.needsAccount': {
    de: 'Für ein neues Konto brauchen wir Ihren Namen und ein Passwort (mindestens 10 Zeichen).',
    en: 'A new account needs your name and a password (at least 10 characters).',
  },
  'invitation.wrongAccount': {
    de: 'Diese Einladung gilt für eine andere E-Mail-Adresse. Bitte melden Sie sich mit dieser an.',
    en: 'This invitation is for another e-mail address. Please sign in with that one.',
  },
  // The invitation e-mail goes to someone whose language is not known yet: it carries both texts.
  'invitation.mail.subject': { de: 'Einladung zum Kreativquartiere-Planer', en: 'Invitation to the Kreativquartiere Planner' },
  'invitation.mail.toPlan': {
    de: '{inviter} lädt Sie zum Plan „{plan}“ als {role} ein.',
    en: '{inviter} invites you to the plan “{plan}” as {role}.',
  },
  'invitation.mail.toAccount': {
    de: '{inviter} lädt Sie zum Kreativquartiere-Planer als {role} ein.',
    en: '{inviter} invites you to the Kreativquartiere Planner as {role}.',
  },
  'invitation.mail.accept': {
    de: 'Einladung annehmen (gültig bis {until}, nur einmal verwendbar):',
    en: 'Accept the invitation (valid until {until}, single use):',
  },
  'invitation.role.designer': { de: 'Gestalter:in', en: 'designer' },
  'invitation.role.owner': { de: 'Eigentümer:in', en: 'owner' },
  'invitation.role.staff': { de: 'Stabsstelle', en: 'staff' },
} as const satisfies Catalogue;
