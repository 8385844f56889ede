/** Messages of applications to open calls (issue 16), German first. */
import type { Catalogue } from './catalogue.ts';

export const APPLICATIONS_MESSAGES = {
  'application.linkScheme': {
    de: '„{field}“: Bitte eine Adresse angeben, die mit http:// oder https:// beginnt.',
    en: '“{field}”: please give an address starting with http:// or https://.',
  },
  'application.rankDuplicate': {
    de: '„{field}“: Jeder Rang darf nur einmal vergeben werden.',
    en: '“{field}”: each rank may be given only once.',
  },
  'application.storefrontDuplicate': {
    de: '„{field}“: Dieser Laden ist schon gewählt.',
    en: '“{field}”: this storefront is already chosen.',
  },
  'application.storefrontNotInCall': {
    de: '„{field}“: Dieser Laden gehört nicht zu diesem Aufruf.',
    en: '“{field}”: this storefront is not part of this call.',
  },
  'application.periodOrder': {
    de: '„{field}“: Das Ende liegt vor dem Beginn.',
    en: '“{field}”: the end lies before the start.',
  },
  'application.consentRequired': {
    de: '„{field}“: Bitte der Verarbeitung Ihrer Daten zustimmen, um die Bewerbung abzugeben.',
    en: '“{field}”: please consent to the processing of your data to submit the application.',
  },
  'application.locked': {
    de: 'Die Bewerbungsfrist ist abgelaufen: Die Bewerbung lässt sich nicht mehr ändern.',
    en: 'The deadline has passed: the application can no longer be changed.',
  },
  'application.callNotOpen': {
    de: 'Auf diesen Aufruf kann man sich nicht (mehr) bewerben.',
    en: 'This call does not (any longer) take applications.',
  },
  'application.notEditable': {
    de: 'Diese Bewerbung wurde zurückgezogen oder ist schon entschieden und lässt sich nicht mehr ändern.',
    en: 'This application was withdrawn or has been decided and can no longer be changed.',
  },
  'application.decided': {
    de: 'Über diese Bewerbung wird schon entschieden: Zurückziehen oder Löschen geht nicht mehr.',
    en: 'This application is already being decided: it can no longer be withdrawn or deleted.',
  },
  'application.emailUnverified': {
    de: 'Bitte zuerst Ihre E-Mail-Adresse bestätigen (Link in der E-Mail), dann die Bewerbung abgeben.',
    en: 'Please confirm your e-mail address first (link in the e-mail), then submit the application.',
  },
  'application.exists': {
    de: 'Sie haben sich auf diesen Aufruf schon beworben.',
    en: 'You have already applied to this call.',
  },
  'application.accountExists': {
    de: '„{field}“: Zu dieser Adresse gibt es schon ein Konto. Bitte anmelden und dann bewerben.',
    en: '“{field}”: this address already has an account. Please sign in, then apply.',
  },
  'application.accountsRateLimited': {
    de: 'Von Ihrem Anschluss wurden in der letzten Stunde zu viele Konten angelegt. Bitte versuchen Sie es in {minutes} Minuten erneut oder melden Sie sich mit einem bestehenden Konto an.',
    en: 'Too many accounts were made from your connection in the last hour. Please try again in {minutes} minutes, or sign in with an existing account.',
  },
  'application.accountNeeded': {
    de: 'Bitte anmelden oder im Formular ein Konto anlegen (Name, E-Mail-Adresse, Passwort).',
    en: 'Please sign in or create an account in the form (name, e-mail address, password).',
  },
  'application.memberExists': {
    de: '„{field}“: Diese Person ist schon eingeladen oder im Team.',
    en: '“{field}”: this person is already invited or in the team.',
  },
  'application.invitationInvalid': {
    de: 'Dieser Link ist ungültig oder wurde schon beantwortet.',
    en: 'This link is invalid or has already been answered.',
  },
  'application.invitationWrongAccount': {
    de: 'Diese Einladung gilt für eine andere E-Mail-Adresse. Bitte mit dem eingeladenen Konto anmelden.',
    en: 'This invitation is for another e-mail address. Please sign in with the invited account.',
  },
  'application.invitationNeedsAccount': {
    de: 'Für ein neues Konto bitte Name und Passwort angeben.',
    en: 'For a new account please give a name and a password.',
  },
  'application.verificationInvalid': {
    de: 'Dieser Bestätigungslink ist ungültig oder abgelaufen.',
    en: 'This confirmation link is invalid or has expired.',
  },
  'application.mail.verify.subject': { de: 'Bitte E-Mail-Adresse bestätigen', en: 'Please confirm your e-mail address' },
  'application.mail.verify.body': {
    de: 'Hallo {name}, bitte bestätigen Sie Ihre E-Mail-Adresse für Ihre Bewerbung auf „{call}“ mit diesem Link:',
    en: 'Hello {name}, please confirm your e-mail address for your application to “{call}” with this link:',
  },
  'application.mail.invite.subject': {
    de: 'Einladung ins Bewerbungsteam: {call}',
    en: 'Invitation to an application team: {call}',
  },
  'application.mail.invite.body': {
    de: '{inviter} lädt Sie ein, sich gemeinsam auf „{call}“ zu bewerben. Zusagen oder absagen können Sie hier:',
    en: '{inviter} invites you to apply together to “{call}”. Accept or decline here:',
  },
  'application.mail.receipt.subject': { de: 'Bewerbung eingegangen: {call}', en: 'Application received: {call}' },
  'application.mail.receipt.body': {
    de: 'Hallo {name}, vielen Dank! Ihre Bewerbung auf „{call}“ ist am {date} eingegangen. Hier eine Kopie:',
    en: 'Hello {name}, thank you! Your application to “{call}” arrived on {date}. Here is a copy:',
  },
  'application.mail.concept': { de: 'Konzept', en: 'Concept' },
  'application.mail.disciplines': { de: 'Disziplinen', en: 'Disciplines' },
  'application.mail.storefronts': { de: 'Wunschläden (nach Rang)', en: 'Preferred storefronts (ranked)' },
  'application.mail.period': { de: 'Zeitraum', en: 'Period' },
  'application.mail.formats': { de: 'Formate', en: 'Formats' },
  'application.mail.audience': { de: 'Erwartetes Publikum', en: 'Expected audience' },
  'application.mail.needs': { de: 'Bedarf', en: 'Needs' },
  'application.mail.links': { de: 'Portfolio', en: 'Portfolio' },
  'application.mail.team': { de: 'Team', en: 'Team' },
} as const satisfies Catalogue;
