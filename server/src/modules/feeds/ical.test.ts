import { describe, expect, it } from 'vitest';
import { berlinMidnight, berlinWallClock, buildCalendar } from './ical.ts';

describe('Berlin time for feeds', () => {
  it('gives wall-clock time in winter and summer', () => {
    expect(berlinWallClock('2027-01-10T17:00:00Z')).toBe('2027-01-10T18:00:00');
    expect(berlinWallClock('2027-07-10T17:00:00Z')).toBe('2027-07-10T19:00:00');
  });

  it('finds midnight also on the days the clocks change', () => {
    expect(berlinMidnight('2027-01-10').toISOString()).toBe('2027-01-09T23:00:00.000Z');
    expect(berlinMidnight('2027-07-10').toISOString()).toBe('2027-07-09T22:00:00.000Z');
    // 28 March 2027: CET until 02:00, midnight is still +01:00; 31 October: midnight is still +02:00.
    expect(berlinMidnight('2027-03-28').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(berlinMidnight('2027-10-31').toISOString()).toBe('2027-10-30T22:00:00.000Z');
  });
});

describe('buildCalendar', () => {
  it('writes TZID times with one VTIMEZONE, STATUS, SEQUENCE and a UTC DTSTAMP', async () => {
    const text = await buildCalendar('Test', [
      {
        uid: 'a@x',
        summary: 'Eröffnung',
        description: '',
        start: '2027-03-05T17:00:00Z',
        end: '2027-03-05T19:00:00Z',
        location: 'Hier 1',
        status: 'TENTATIVE',
        sequence: 4,
      },
      {
        uid: 'b@x',
        summary: 'Abbau',
        description: 'd',
        start: '2027-06-12T12:00:00Z',
        end: '2027-06-12T15:00:00Z',
        location: '',
        status: 'CANCELLED',
        sequence: 0,
      },
    ]);
    const lines = text.split('\r\n');
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(lines).toContain('TZID:Europe/Berlin');
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20270305T180000');
    expect(lines).toContain('DTEND;TZID=Europe/Berlin:20270612T170000');
    expect(lines).toContain('STATUS:TENTATIVE');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SEQUENCE:4');
    expect(lines.filter((l) => l.startsWith('DTSTAMP:')).every((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).toBe(true);
  });
});
