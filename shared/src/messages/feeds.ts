/** Messages of the feeds capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const FEEDS_MESSAGES = {
  'feed.notFound': { de: 'Diesen Kalender gibt es nicht (mehr).', en: 'This calendar does not exist (any more).' },
  'event.notFound': { de: 'Diesen Termin gibt es nicht (mehr).', en: 'This event does not exist (any more).' },
} as const satisfies Catalogue;
