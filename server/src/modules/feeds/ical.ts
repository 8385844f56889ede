import type { ICalEventStatus } from 'ical-generator';
import { berlinDay, berlinMidnight, berlinWallClock } from '@planner/shared/plan/berlin-time';
import { type OccurrenceSource, occurrencesOf } from '@planner/shared/plan/occurrences';

export const FEED_TIMEZONE = 'Europe/Berlin';

/** Europe/Berlin's rules since 1996 (last Sunday of March / October). */
const VTIMEZONE_BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'X-LIC-LOCATION:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

// Berlin wall-clock times come from the one Berlin-time module in shared/.
export { berlinMidnight, berlinWallClock };

/**
 * Recurring opening hours (issue 18) become one VEVENT per occurrence, not one VEVENT with RRULE,
 * EXDATE and RDATE. Why:
 * - The hours can differ per weekday (Sa 10–20, else 12–18) and per exception date. RRULE has one
 *   DTSTART/DURATION, so that takes one RRULE event per distinct hours plus RECURRENCE-ID overrides for
 *   changed days; RDATE with other hours needs VALUE=PERIOD, which many calendar apps ignore.
 * - Each VEVENT carries Berlin wall-clock times with TZID (and the VTIMEZONE above), so it is right on
 *   both sides of the DST change in every client, with no recurrence expansion left to the client.
 * - The feeds track SEQUENCE and CANCELLED per shown entry: per occurrence, a day closed later comes
 *   back CANCELLED once (as a removed entry does), which a subscribed calendar applies reliably.
 * - occurrencesOf is the one expansion everybody uses (checks, programme, editor), so the feed cannot
 *   disagree with them. Patterns are capped at MAX_OCCURRENCES (366), so the feed stays bounded.
 * The UID of an occurrence is the entry's with its Berlin date (`<entry>~YYYYMMDD`), stable while the
 * day stays open.
 */
export function feedOccurrences(entryId: string, e: OccurrenceSource): Array<{ entryId: string; start: string; end: string }> {
  if (!e.recurrence) return [{ entryId, start: e.start, end: e.end }];
  return occurrencesOf(e).map((o) => ({ entryId: `${entryId}~${berlinDay(o.start).replaceAll('-', '')}`, ...o }));
}

export type FeedStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

export interface FeedEvent {
  uid: string;
  summary: string;
  description: string;
  /** ISO instants. */
  start: string;
  end: string;
  location: string;
  status: FeedStatus;
  sequence: number;
}

/**
 * An iCalendar document: times as Berlin wall-clock with TZID and one VTIMEZONE, DTSTAMP in UTC.
 * (ical-generator formats a native Date in the process's zone when given a zone, so wall-clock
 * strings are passed instead; they round-trip unchanged.) ical-generator loads with the first feed, not
 * at start (issue 19).
 */
export async function buildCalendar(name: string, events: FeedEvent[]): Promise<string> {
  const { default: ical, ICalEventStatus } = await import('ical-generator');
  const STATUS: Record<FeedStatus, ICalEventStatus> = {
    TENTATIVE: ICalEventStatus.TENTATIVE,
    CONFIRMED: ICalEventStatus.CONFIRMED,
    CANCELLED: ICalEventStatus.CANCELLED,
  };
  const cal = ical({
    name,
    prodId: { company: 'Stadt Dortmund', product: 'Kreativquartiere Planner', language: 'DE' },
    timezone: { name: null, generator: (tz) => (tz === FEED_TIMEZONE ? VTIMEZONE_BERLIN : null) },
    x: { 'X-WR-TIMEZONE': FEED_TIMEZONE },
  });
  const stamp = new Date();
  for (const e of events) {
    cal.createEvent({
      id: e.uid,
      start: berlinWallClock(e.start),
      end: berlinWallClock(e.end),
      timezone: FEED_TIMEZONE,
      stamp,
      summary: e.summary,
      description: e.description || null,
      location: e.location || null,
      status: STATUS[e.status],
      sequence: e.sequence,
    });
  }
  return cal.toString();
}
