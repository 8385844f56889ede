/** Messages of decisions bound to what was seen, and of the owner's consent (issue 13), German first. */
import type { Catalogue } from './catalogue.ts';

export const CONSENT_MESSAGES = {
  'review.scheduleChanged': {
    de: 'Der Plan wurde geändert, seit Sie ihn angesehen haben. Bitte prüfen Sie die Änderungen und entscheiden Sie erneut.',
    en: 'The plan changed since you looked at it. Please check the changes and decide again.',
  },
  'review.errorsNotAcknowledged': {
    de: 'Der Plan hat offene Fehler. Geben Sie unter „acknowledgeErrors“ einen Grund an, um trotzdem freizugeben.',
    en: 'The plan has open errors. Give a reason in “acknowledgeErrors” to approve it anyway.',
  },
  'consent.missing': {
    de: 'Die Zustimmung der Eigentümer:in fehlt oder ist veraltet. Veröffentlichen ist nur mit einem Grund unter „overrideConsent“ möglich.',
    en: "The owner's consent is missing or stale. Publishing needs a reason in “overrideConsent”.",
  },
  'consent.notAllowed': {
    de: 'Zustimmen oder widersprechen ist nur bei eingereichten oder freigegebenen Plänen möglich.',
    en: 'Consent can only be given on submitted or approved plans.',
  },
  'consent.notOwner': {
    de: 'Nur die Eigentümer:in dieses Ladens kann zustimmen oder widersprechen.',
    en: 'Only the owner of this storefront can give consent.',
  },
  'notification.consentGiven': {
    de: 'Die Eigentümer:in ist mit „{plan}“ einverstanden.',
    en: 'The owner agrees to “{plan}”.',
  },
  'notification.consentObjected': {
    de: 'Die Eigentümer:in hat Einwände gegen „{plan}“.',
    en: 'The owner objects to “{plan}”.',
  },
  'notification.consentStale': {
    de: 'Die Zustimmung der Eigentümer:in zu „{plan}“ ist veraltet: Zeitplan oder Aufbau wurden geändert.',
    en: "The owner's consent to “{plan}” is stale: the schedule or layout changed.",
  },
} as const satisfies Catalogue;
