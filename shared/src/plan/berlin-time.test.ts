import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { berlinOffsetMinutes, fromBerlinLocal, toBerlinISO, toBerlinLocal } from './berlin-time.ts';
import { DateTimeSchema } from './schema.ts';

describe('Berlin time', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    expect(toBerlinISO('2026-01-15T12:00:00Z')).toBe('2026-01-15T13:00:00+01:00');
    expect(toBerlinISO('2026-07-15T12:00:00Z')).toBe('2026-07-15T14:00:00+02:00');
    expect(berlinOffsetMinutes(Date.parse('2026-03-29T00:59:59Z'))).toBe(60);
    expect(berlinOffsetMinutes(Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
  });

  it('local wall-clock times round-trip, and the result passes the schema', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z') / 60_000, max: Date.parse('2030-01-01T00:00:00Z') / 60_000 }),
        (minutes) => {
          const iso = toBerlinISO(minutes * 60_000);
          return (
            Date.parse(iso) === minutes * 60_000 &&
            DateTimeSchema.safeParse(iso).success &&
            (fromBerlinLocal(toBerlinLocal(iso)) === iso || isRepeatedAutumnHour(iso))
          );
        },
      ),
    );
  });

  it('handles the DST switches and rejects junk', () => {
    expect(fromBerlinLocal('2026-05-02T18:00')).toBe('2026-05-02T18:00:00+02:00');
    expect(fromBerlinLocal('2026-12-24T16:30')).toBe('2026-12-24T16:30:00+01:00');
    expect(fromBerlinLocal('2026-10-25T02:30')).toBe('2026-10-25T02:30:00+02:00'); // repeated hour: the earlier moment
    expect(fromBerlinLocal('2026-03-29T02:30')).toBe('2026-03-29T03:30:00+02:00'); // skipped hour
    expect(fromBerlinLocal('tomorrow')).toBeNull();
  });
});

/** 02:00–03:00 on the last Sunday of October exists twice; the +01:00 one maps to the +02:00 one. */
function isRepeatedAutumnHour(iso: string): boolean {
  return /T02:\d{2}:\d{2}\+01:00$/.test(iso) && /-10-/.test(iso);
}

describe('Berlin days', () => {
  it('gives the day, the wall clock and the start of a day, also on the days the clocks change', async () => {
    const { berlinDay, berlinMidnight, berlinWallClock } = await import('./berlin-time.ts');
    expect(berlinDay('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    expect(berlinWallClock('2027-07-10T17:00:00Z')).toBe('2027-07-10T19:00:00');
    expect(berlinMidnight('2027-03-28').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(berlinMidnight('2027-03-29').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(berlinMidnight('2027-10-31').toISOString()).toBe('2027-10-30T22:00:00.000Z');
    expect(() => berlinMidnight('nonsense')).toThrow(RangeError);
  });
});
