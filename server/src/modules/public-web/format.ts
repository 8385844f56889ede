/** German dates and times for public pages (Europe/Berlin), and the German names they use. */
import { SCHEDULE_KIND_NAMES, type ProgrammeDay } from '@planner/shared';

const TZ = 'Europe/Berlin';
const dateFmt = new Intl.DateTimeFormat('de-DE', {
  timeZone: TZ,
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFmt = new Intl.DateTimeFormat('de-DE', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });

/** `Fr., 5. März 2027` */
export const germanDate = (iso: string) => dateFmt.format(new Date(iso));
/** `18:00` */
export const germanTime = (iso: string) => timeFmt.format(new Date(iso));

/** One day of an entry: `Fr., 5. März 2027, 18:00–20:00 Uhr` (first day: from, last day: until, middle days: all day). */
export function dayLine(d: ProgrammeDay): string {
  const date = germanDate(d.start);
  switch (d.part) {
    case 'whole':
      return `${date}, ${germanTime(d.start)}–${germanTime(d.end)} Uhr`;
    case 'first':
      return `${date}, ab ${germanTime(d.start)} Uhr`;
    case 'last':
      return `${date}, bis ${germanTime(d.end)} Uhr`;
    default:
      return `${date}, ganztägig`;
  }
}

/** The whole span of an entry in one line; recurring opening hours name their first and last day and how many days are open. */
export function spanLine(e: { start: string; end: string; days: ProgrammeDay[]; recurring?: true }): string {
  if (e.recurring && e.days.length > 1)
    return `${germanDate(e.days[0].start)} bis ${germanDate(e.days[e.days.length - 1].start)}, an ${e.days.length} Tagen geöffnet`;
  if (e.days.length <= 1) return e.days[0] ? dayLine(e.days[0]) : germanDate(e.start);
  return `${germanDate(e.start)}, ${germanTime(e.start)} Uhr – ${germanDate(new Date(Date.parse(e.end) - 1).toISOString())}, ${germanTime(e.end)} Uhr`;
}

export const kindName = (kind: string) =>
  Object.hasOwn(SCHEDULE_KIND_NAMES, kind) ? SCHEDULE_KIND_NAMES[kind as keyof typeof SCHEDULE_KIND_NAMES].de : kind;

/** An entry's name as the public reads it: its title, else its kind, with the plan's title. */
export const eventName = (e: { title: string; kind: string; planTitle: string }) =>
  e.title ? (e.title === e.planTitle ? e.title : `${e.title} – ${e.planTitle}`) : `${kindName(e.kind)} – ${e.planTitle}`;

export const SITE_NAME = 'Kreativquartiere Dortmund';
export const ORGANIZER = 'Stabsstelle Kreativquartiere, Stadt Dortmund';
