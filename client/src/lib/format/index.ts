import { get } from 'svelte/store';
import { locale } from 'svelte-i18n';
import { berlinDay, fromBerlinLocal, toBerlinLocal } from '@planner/shared';

const TZ = 'Europe/Berlin';
const tag = () => (get(locale)?.startsWith('en') ? 'en-GB' : 'de-DE');

/** A date and time in Dortmund's time zone, in the current language. */
export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeStyle: 'short', timeZone: TZ }).format(new Date(iso));
}
export function date(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeZone: TZ }).format(new Date(iso));
}
export function weekdayDate(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { weekday: 'long', day: 'numeric', month: 'long', timeZone: TZ }).format(new Date(iso));
}
/** Weekday and full date in Dortmund: "Freitag, 5. März 2027". */
export function weekdayDateYear(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: TZ }).format(
    new Date(iso),
  );
}
/** Day and month in Dortmund, short: "20.12." in German, "20 Dec" in English. */
export function dayMonth(iso: string): string {
  const month = tag() === 'en-GB' ? 'short' : '2-digit';
  return new Intl.DateTimeFormat(tag(), { day: 'numeric', month, timeZone: TZ }).format(new Date(iso));
}
export function time(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { timeStyle: 'short', timeZone: TZ }).format(new Date(iso));
}
export function number(n: number, digits = 1): string {
  return new Intl.NumberFormat(tag(), { maximumFractionDigits: digits }).format(n);
}

/** `YYYY-MM-DD` of a date in Dortmund. */
export function dayKey(iso: string | Date): string {
  return berlinDay(iso);
}

/** A local date (and optional `HH:MM`) in Dortmund as ISO 8601 with offset, as the API expects. */
export function berlinIso(day: string, hhmm = '00:00'): string {
  const iso = fromBerlinLocal(`${day}T${hhmm}`);
  if (!iso) throw new RangeError(`not a local time: ${day} ${hhmm}`);
  return iso;
}

/** The `datetime-local` form of an ISO string, in Dortmund time. */
export function toLocalInput(iso: string): string {
  return toBerlinLocal(iso);
}

/** From a `datetime-local` value (Dortmund time) to ISO 8601 with offset. */
export function fromLocalInput(v: string): string {
  const [day, hm] = v.split('T');
  return berlinIso(day, (hm ?? '00:00').slice(0, 5));
}
