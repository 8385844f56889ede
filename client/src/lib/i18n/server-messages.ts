import {
  formatFieldProblem,
  formatMessage,
  isMessageKey,
  type FieldProblem,
  type MessageParams,
  type Notification,
} from '@planner/shared';
import { ApiError } from '$lib/api/errors';

/**
 * Everything the server says (errors, notifications, findings) is a key of the one shared catalogue
 * (`shared/src/messages/`) with params, rendered here in the reader's language. The UI's own words stay
 * in the svelte-i18n JSON files beside this one; no server text goes through them.
 */

// The catalogue holds both languages of every area (≈ 14 KiB gzip): pages that only need the reader's
// language import it from './lang', and ErrorNote loads this module when an error needs the catalogue.
export { lang, type Lang } from './lang';
import type { Lang } from './lang';

/** Renders a catalogue key with params (an unknown key shows as itself, never throws). */
export const messageText = (key: string, params: MessageParams | undefined, l: Lang) => formatMessage(key, params ?? {}, l);

/** Renders one bad field, naming it (`„title“ ist zu lang (höchstens 200).`). */
export const fieldText = (p: FieldProblem, l: Lang) => formatFieldProblem(p, l);

/**
 * Whether the answer's text is all there is to show: it carries no key of this client's catalogue
 * (not our server, a proxy, or a key newer than this client). Otherwise the key is rendered in the
 * reader's language; `serverMessage` is the English rendering, for logs.
 */
export const hasOwnText = (error: ApiError) => !!error.serverMessage && !isMessageKey(error.key);

/**
 * The sentence for a failure: the server's key in the reader's language; for an answer without a key
 * of the catalogue (a proxy's, a newer server's) the text as it came; any other error's message.
 */
export function errorText(error: unknown, l: Lang): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return formatMessage('error.network', {}, l);
    if (hasOwnText(error)) return error.serverMessage;
    if (isMessageKey(error.key)) return formatMessage(error.key, error.params, l);
    return formatMessage(error.status >= 500 ? 'error.internal' : 'error.badRequest', {}, l);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A notification in the reader's language: the server sends a catalogue key (`notification.*`) with
 * params, never finished text (rows from before keys carry `notification.legacy` with their old text).
 */
export const notificationText = (n: Pick<Notification, 'key' | 'params'>, l: Lang): string => formatMessage(n.key, n.params, l);
