import { get } from 'svelte/store';
import { locale } from 'svelte-i18n';

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
export function time(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { timeStyle: 'short', timeZone: TZ }).format(new Date(iso));
}
export function number(n: number, digits = 1): string {
  return new Intl.NumberFormat(tag(), { maximumFractionDigits: digits }).format(n);
}

/** `YYYY-MM-DD` of a date in Dortmund. */
export function dayKey(iso: string | Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
}

/** The offset of Europe/Berlin at that local day, as `+01:00` / `+02:00`. */
function berlinOffset(day: string): string {
  const probe = new Date(`${day}T12:00:00Z`);
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: TZ, timeZoneName: 'shortOffset' })
      .formatToParts(probe)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+1';
  const m = /GMT([+-])(\d+)(?::(\d+))?/.exec(name);
  if (!m) return '+01:00';
  return `${m[1]}${m[2].padStart(2, '0')}:${(m[3] ?? '00').padStart(2, '0')}`;
}

/** A local date (and optional `HH:MM`) in Dortmund as ISO 8601 with offset, as the API expects. */
export function berlinIso(day: string, hhmm = '00:00'): string {
  return `${day}T${hhmm}:00${berlinOffset(day)}`;
}

/** The `datetime-local` form of an ISO string, in Dortmund time. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TZ,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** From a `datetime-local` value (Dortmund time) to ISO 8601 with offset. */
export function fromLocalInput(v: string): string {
  const [day, hm] = v.split('T');
  return berlinIso(day, (hm ?? '00:00').slice(0, 5));
}
