import ical, { ICalEventStatus } from 'ical-generator';
import { berlinMidnight, berlinWallClock } from '@planner/shared/plan/berlin-time';

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

const STATUS: Record<FeedStatus, ICalEventStatus> = {
  TENTATIVE: ICalEventStatus.TENTATIVE,
  CONFIRMED: ICalEventStatus.CONFIRMED,
  CANCELLED: ICalEventStatus.CANCELLED,
};

/**
 * An iCalendar document: times as Berlin wall-clock with TZID and one VTIMEZONE, DTSTAMP in UTC.
 * (ical-generator formats a native Date in the process's zone when given a zone, so wall-clock
 * strings are passed instead; they round-trip unchanged.)
 */
export function buildCalendar(name: string, events: FeedEvent[]): string {
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
