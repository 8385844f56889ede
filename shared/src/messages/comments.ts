/** Messages of the comments capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const COMMENTS_MESSAGES = {
  'comment.notFound': { de: 'Diesen Kommentar gibt es nicht.', en: 'This comment does not exist.' },
  'notification.mention': { de: '{actor} hat Sie in „{plan}“ erwähnt.', en: '{actor} mentioned you in “{plan}”.' },
  'notification.reply': {
    de: '{actor} hat auf Ihren Kommentar in „{plan}“ geantwortet.',
    en: '{actor} replied to your comment in “{plan}”.',
  },
  'notification.comment': { de: '{actor} hat „{plan}“ kommentiert.', en: '{actor} commented on “{plan}”.' },
} as const satisfies Catalogue;
