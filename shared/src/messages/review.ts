/** Messages of the review capability (approvals, versions, staleness), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const REVIEW_MESSAGES = {
  'review.notApproved': { de: 'Der Zeitplan ist nicht freigegeben.', en: 'The schedule has not been approved.' },
  'review.approvalStale': {
    de: 'Der Zeitplan wurde seit der Freigabe geändert und muss erneut freigegeben werden.',
    en: 'The schedule changed since it was approved and must be approved again.',
  },
  'review.renewNotAllowed': {
    de: 'Nur freigegebene oder veröffentlichte Pläne können erneut freigegeben werden.',
    en: 'Only approved or published plans can be approved again.',
  },
  'version.notFound': { de: 'Diese Version gibt es nicht.', en: 'This version does not exist.' },
  // Names of the versions the server takes itself (manual versions keep the name a person gave them).
  'version.submitted': { de: 'Eingereicht', en: 'Submitted' },
  'version.approved': { de: 'Freigabe', en: 'Approval' },
  'version.changesRequested': { de: 'Änderungen erbeten', en: 'Changes requested' },
} as const satisfies Catalogue;
