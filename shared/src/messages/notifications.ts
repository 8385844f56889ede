/** Notifications of the review loop (rendered from key + params), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const NOTIFICATIONS_MESSAGES = {
  'notification.planSubmitted': {
    de: '{actor} hat „{plan}“ zur Freigabe eingereicht.',
    en: '{actor} submitted “{plan}” for approval.',
  },
  'notification.storefrontPlan': {
    de: 'Für Ihr Ladenlokal wurde „{plan}“ eingereicht.',
    en: '“{plan}” was submitted for your storefront.',
  },
  'notification.planApproved': {
    de: 'Der Zeitplan von „{plan}“ wurde freigegeben.',
    en: 'The schedule of “{plan}” was approved.',
  },
  'notification.planApprovedAgain': {
    de: 'Der Zeitplan von „{plan}“ wurde erneut freigegeben.',
    en: 'The schedule of “{plan}” was approved again.',
  },
  'notification.changesRequested': {
    de: 'Für „{plan}“ wurden Änderungen erbeten.',
    en: 'Changes were requested for “{plan}”.',
  },
  'notification.approvalStale': {
    de: 'Der Zeitplan von „{plan}“ wurde nach der Freigabe geändert und muss erneut freigegeben werden.',
    en: 'The schedule of “{plan}” changed after approval and needs approval again.',
  },
  'notification.approvalStaleStaff': {
    de: 'Die Freigabe von „{plan}“ ist veraltet: Der Zeitplan wurde nach der Freigabe geändert.',
    en: 'The approval of “{plan}” is out of date: the schedule changed after it was approved.',
  },
  /** A notification stored as finished text before messages had keys (migration 007). */
  'notification.legacy': { de: '{text}', en: '{text}' },
} as const satisfies Catalogue;
