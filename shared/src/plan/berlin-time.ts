/**
 * Schedule times are ISO 8601 strings with the Europe/Berlin offset of their moment
 * (+01:00 in winter, +02:00 in summer). These helpers convert between such strings, instants and
 * the local wall-clock form of `<input type="datetime-local">`, using Intl (browser and Node alike).
 */

// Made on first use: a formatter with a time zone loads the zone's data, ≈ 0.09 s of the plan editor's
// load at 4× CPU throttling when it was made at module evaluation (issue 19).
let offsetFormat: Intl.DateTimeFormat | null = null;

/** Offset of Europe/Berlin from UTC at the given instant, in minutes (+60 or +120). */
export function berlinOffsetMinutes(ms: number): number {
  offsetFormat ??= new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });
  const name = offsetFormat.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value;
  const m = name?.match(/GMT([+-])(\d{2}):(\d{2})/);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** An instant as Berlin wall-clock time with its offset, e.g. `2026-05-02T18:00:00+02:00`. */
export function toBerlinISO(instant: Date | number | string): string {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(instant)}`);
  const offset = berlinOffsetMinutes(ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/**
 * A Berlin wall-clock time (`YYYY-MM-DDTHH:mm` or with `:ss`) as an ISO string with the offset in
 * force then. In the hour skipped in spring the result lies one hour later; in the hour repeated in
 * autumn the earlier (summer-time) moment is taken. Null when the input is not such a string.
 */
export function fromBerlinLocal(local: string): string | null {
  const m = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (!Number.isFinite(wall)) return null;
  // Try the summer offset first so an ambiguous autumn time resolves to the earlier moment.
  for (const guess of [120, 60]) {
    const ms = wall - guess * 60_000;
    if (berlinOffsetMinutes(ms) === guess) return toBerlinISO(ms);
  }
  return toBerlinISO(wall - 60 * 60_000);
}

/** The Berlin wall-clock form (`YYYY-MM-DDTHH:mm`) of an ISO time, for datetime-local inputs. */
export function toBerlinLocal(iso: string): string {
  return toBerlinISO(iso).slice(0, 16);
}

/** The Berlin calendar day (`YYYY-MM-DD`) of an instant. */
export function berlinDay(instant: Date | number | string): string {
  return toBerlinISO(instant).slice(0, 10);
}

/** Wall-clock time in Berlin of an instant, as `YYYY-MM-DDTHH:mm:ss` (no offset), e.g. for iCalendar with TZID. */
export function berlinWallClock(instant: Date | number | string): string {
  return toBerlinISO(instant).slice(0, 19);
}

/** The instant at which a Berlin calendar day (`YYYY-MM-DD`) begins (23:00 or 22:00 UTC the day before). */
export function berlinMidnight(day: string): Date {
  const iso = fromBerlinLocal(`${day}T00:00`);
  if (!iso) throw new RangeError(`not a day: ${day}`);
  return new Date(iso);
}
