/**
 * The one message catalogue of the product. The server never sends finished sentences: errors carry a
 * key and params (`{ error: { code, key, params } }`), notifications and findings a key and params,
 * and each reader's client renders them in its language with {@link formatMessage}. Keys are
 * namespaced by area (`error.*`, `field.*`, `auth.*`, `plan.*`, `findings.*` …).
 */
import { ACCOUNTS_MESSAGES } from './accounts.ts';
import { authMessages } from './auth.ts';
import type { Catalogue } from './catalogue.ts';
import { COMMENTS_MESSAGES } from './comments.ts';
import { COMMON_MESSAGES } from './common.ts';
import { CREDENTIALS_MESSAGES } from './credentials.ts';
import { CONSENT_MESSAGES } from './consent.ts';
import { FEEDS_MESSAGES } from './feeds.ts';
import { FINDING_MESSAGES } from './findings.ts';
import { HOUSEKEEPING_MESSAGES } from './housekeeping.ts';
import { INVITATIONS_MESSAGES } from './invitations.ts';
import { NOTIFICATIONS_MESSAGES } from './notifications.ts';
import { PLANS_MESSAGES } from './plans.ts';
import { PUBLICATION_MESSAGES } from './publication.ts';
import { REVIEW_MESSAGES } from './review.ts';
import { STOREFRONTS_MESSAGES } from './storefronts.ts';
import { TEAM_MESSAGES } from './team.ts';
import { MEDIA_MESSAGES } from './media.ts';
import { REPORTS_MESSAGES } from './reports.ts';
import { UNDERLAY_MESSAGES } from './underlay.ts';
import { PRIVACY_MESSAGES } from './privacy.ts';
import { PROFILES_MESSAGES } from './profiles.ts';
import { HANDOVER_MESSAGES } from './handover.ts';
import { APPLICATIONS_MESSAGES } from './applications.ts';
import { ROTA_MESSAGES } from './rota.ts';
import { CALLS_MESSAGES } from './calls.ts';
import { JURY_MESSAGES } from './jury.ts';

export const MESSAGES = {
  ...COMMON_MESSAGES,
  ...authMessages,
  ...ACCOUNTS_MESSAGES,
  ...INVITATIONS_MESSAGES,
  ...STOREFRONTS_MESSAGES,
  ...PLANS_MESSAGES,
  ...REVIEW_MESSAGES,
  ...COMMENTS_MESSAGES,
  ...NOTIFICATIONS_MESSAGES,
  ...FEEDS_MESSAGES,
  ...FINDING_MESSAGES,
  ...HOUSEKEEPING_MESSAGES,
  ...TEAM_MESSAGES,
  ...CREDENTIALS_MESSAGES,
  ...PUBLICATION_MESSAGES,
  ...CONSENT_MESSAGES,
  ...MEDIA_MESSAGES,
  ...REPORTS_MESSAGES,
  ...UNDERLAY_MESSAGES,
  ...PRIVACY_MESSAGES,
  ...PROFILES_MESSAGES,
  ...HANDOVER_MESSAGES,
  ...APPLICATIONS_MESSAGES,
  ...ROTA_MESSAGES,
  ...CALLS_MESSAGES,
  ...JURY_MESSAGES,
} as const satisfies Catalogue;

/** Every message key the server may send. */
export type MessageKey = keyof typeof MESSAGES;

/** Whether a string is a known message key (for values read from storage or the wire). */
export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.hasOwn(MESSAGES, key);
}

export type { Catalogue, MessageParams, Texts } from './catalogue.ts';
export { COMMON_MESSAGES } from './common.ts';
export { FINDING_MESSAGES, type FindingMessageKey } from './findings.ts';
export { authMessages, type AuthMessageKey } from './auth.ts';
export {
  FORMER_ACCOUNT,
  HIDDEN_ENTRY,
  HIDDEN_PLAN,
  formatMessage,
  formatFinding,
  formatFieldProblem,
  type FieldProblem,
} from './format.ts';
