import { describe, expect, it } from 'vitest';
import { MAX_PROGRAMME_DAYS, programmeDays } from './programme.ts';

const parts = (days: { day: string; part: string }[]) => days.map((d) => `${d.day} ${d.part}`);

describe('programmeDays: the Berlin days an entry runs on', () => {
  it('puts an entry within one day on that day, whole', () => {
    expect(programmeDays('2027-03-05T17:00:00Z', '2027-03-05T20:00:00Z')).toEqual([
      { day: '2027-03-05', part: 'whole', start: '2027-03-05T17:00:00.000Z', end: '2027-03-05T20:00:00.000Z' },
    ]);
  });

  it('lists 12.12. 11:00 → 20.12. 18:00 on 9 days: first, seven middle days, last', () => {
    const days = programmeDays('2026-12-12T11:00:00+01:00', '2026-12-20T18:00:00+01:00');
    expect(parts(days)).toEqual([
      '2026-12-12 first',
      ...[13, 14, 15, 16, 17, 18, 19].map((d) => `2026-12-${d} middle`),
      '2026-12-20 last',
    ]);
    expect(days[0].end).toBe('2026-12-12T23:00:00.000Z');
    expect(days[8].start).toBe('2026-12-19T23:00:00.000Z');
  });

  it('keeps to the filter window', () => {
    expect(parts(programmeDays('2026-12-12T11:00:00+01:00', '2026-12-20T18:00:00+01:00', '2026-12-15', '2026-12-16'))).toEqual([
      '2026-12-15 middle',
      '2026-12-16 middle',
    ]);
    expect(programmeDays('2026-12-12T11:00:00+01:00', '2026-12-20T18:00:00+01:00', '2026-12-21')).toEqual([]);
  });

  it('treats the end as exclusive and Berlin midnights across a clock change', () => {
    // Ends at midnight: not on the next day.
    expect(parts(programmeDays('2027-03-05T20:00:00+01:00', '2027-03-06T00:00:00+01:00'))).toEqual(['2027-03-05 whole']);
    // Over the spring change (28 March 2027): the 28th runs from 00:00+01:00 to 00:00+02:00.
    const days = programmeDays('2027-03-27T12:00:00+01:00', '2027-03-29T10:00:00+02:00');
    expect(parts(days)).toEqual(['2027-03-27 first', '2027-03-28 middle', '2027-03-29 last']);
    expect(days[1]).toMatchObject({ start: '2027-03-27T23:00:00.000Z', end: '2027-03-28T22:00:00.000Z' });
  });

  it('lists at most MAX_PROGRAMME_DAYS days of a very long entry, from the window’s start', () => {
    const days = programmeDays('2026-01-01T10:00:00+01:00', '2036-01-01T10:00:00+01:00', '2027-06-01');
    expect(days).toHaveLength(MAX_PROGRAMME_DAYS);
    expect(days[0]).toMatchObject({ day: '2027-06-01', part: 'middle' });
  });
});
