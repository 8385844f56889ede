import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { consentHash } from './consent-hash.ts';
import { addScheduleEntry, setScheduleRecurrence } from './doc.ts';
import { capOccurrences, expandRecurrence, occurrencesOf, scheduleReach } from './occurrences.ts';
import { toJSON } from './read.ts';
import { diffSchedules } from './schedule-diff.ts';
import { scheduleHash } from './schedule-hash.ts';
import { MAX_OCCURRENCES, type Recurrence, RecurrenceSchema, type ScheduleEntry } from './schema.ts';

/** "Mi–So 12–18 Uhr", 18.03.–05.04.2027 (clocks go forward on Sunday 28.03.), closed Fri 26.03., Sat 03.04. 10–20. */
const PATTERN: Recurrence = {
  from: '2027-03-18',
  until: '2027-04-05',
  weekly: [3, 4, 5, 6, 7].map((day) => ({ day, start: '12:00', end: '18:00' })),
  exceptions: [
    { date: '2027-03-26', closed: true },
    { date: '2027-04-03', start: '10:00', end: '20:00' },
  ],
};

const entry = (over: Partial<ScheduleEntry> = {}): ScheduleEntry => ({
  id: 'e1',
  kind: 'open-hours',
  title: 'Ausstellung',
  start: '2027-03-18T12:00:00+01:00',
  end: '2027-04-04T18:00:00+02:00',
  expectedAttendance: null,
  public: true,
  seating: 'standing',
  ...over,
});

describe('occurrencesOf', () => {
  it('gives an entry without pattern exactly its one block', () => {
    const e = entry();
    expect(occurrencesOf(e)).toEqual([{ start: e.start, end: e.end }]);
  });

  it('expands Wed–Sun 12–18 across the DST change with a closed and a changed day', () => {
    expect(occurrencesOf(entry({ recurrence: PATTERN }))).toEqual([
      { start: '2027-03-18T12:00:00+01:00', end: '2027-03-18T18:00:00+01:00' },
      { start: '2027-03-19T12:00:00+01:00', end: '2027-03-19T18:00:00+01:00' },
      { start: '2027-03-20T12:00:00+01:00', end: '2027-03-20T18:00:00+01:00' },
      { start: '2027-03-21T12:00:00+01:00', end: '2027-03-21T18:00:00+01:00' },
      { start: '2027-03-24T12:00:00+01:00', end: '2027-03-24T18:00:00+01:00' },
      { start: '2027-03-25T12:00:00+01:00', end: '2027-03-25T18:00:00+01:00' },
      // 26.03. closed
      { start: '2027-03-27T12:00:00+01:00', end: '2027-03-27T18:00:00+01:00' },
      { start: '2027-03-28T12:00:00+02:00', end: '2027-03-28T18:00:00+02:00' },
      { start: '2027-03-31T12:00:00+02:00', end: '2027-03-31T18:00:00+02:00' },
      { start: '2027-04-01T12:00:00+02:00', end: '2027-04-01T18:00:00+02:00' },
      { start: '2027-04-02T12:00:00+02:00', end: '2027-04-02T18:00:00+02:00' },
      { start: '2027-04-03T10:00:00+02:00', end: '2027-04-03T20:00:00+02:00' },
      { start: '2027-04-04T12:00:00+02:00', end: '2027-04-04T18:00:00+02:00' },
    ]);
  });

  it('adds an extra day, handles 24:00 and the skipped spring hour', () => {
    const r: Recurrence = {
      from: '2027-03-27',
      until: '2027-03-29',
      weekly: [{ day: 7, start: '01:00', end: '24:00' }],
      exceptions: [{ date: '2027-03-29', start: '14:00', end: '17:00' }],
    };
    expect(expandRecurrence(r)).toEqual([
      // 01:00 CET to the next midnight CEST: 22 real hours.
      { start: '2027-03-28T01:00:00+01:00', end: '2027-03-29T00:00:00+02:00' },
      { start: '2027-03-29T14:00:00+02:00', end: '2027-03-29T17:00:00+02:00' },
    ]);
    // Hours wholly inside the skipped hour are empty.
    expect(expandRecurrence({ ...r, weekly: [{ day: 7, start: '02:00', end: '03:00' }], exceptions: [] })).toEqual([]);
  });

  it('is correct in the autumn change too (wall-clock hours keep their local time)', () => {
    const r: Recurrence = {
      from: '2027-10-30',
      until: '2027-11-01',
      weekly: [6, 7, 1].map((day) => ({ day, start: '12:00', end: '18:00' })),
      exceptions: [],
    };
    expect(expandRecurrence(r).map((o) => o.start)).toEqual([
      '2027-10-30T12:00:00+02:00',
      '2027-10-31T12:00:00+01:00',
      '2027-11-01T12:00:00+01:00',
    ]);
  });

  it('caps runaway patterns at MAX_OCCURRENCES and validation says so', () => {
    const daily = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '10:00', end: '11:00' }));
    const huge = { from: '2027-01-01', until: '2030-12-31', weekly: daily, exceptions: [] };
    expect(expandRecurrence(huge)).toHaveLength(MAX_OCCURRENCES);
    const parsed = RecurrenceSchema.safeParse(huge);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['until'],
      message: `at most ${MAX_OCCURRENCES} days (${MAX_OCCURRENCES} occurrences)`,
    });
    expect(capOccurrences([1, 2, 3], 2)).toEqual([1, 2]);
  });

  it('setScheduleRecurrence stores the pattern and moves start and end to its envelope', () => {
    const doc = new Y.Doc();
    const id = addScheduleEntry(doc, {
      kind: 'open-hours',
      start: '2027-03-01T00:00:00+01:00',
      end: '2027-05-01T00:00:00+02:00',
    });
    expect(setScheduleRecurrence(doc, id, PATTERN)).toBe(true);
    const read = toJSON(doc);
    expect(read.problems).toEqual([]);
    const e = read.plan.schedule[id];
    expect(e.start).toBe('2027-03-18T12:00:00+01:00');
    expect(e.end).toBe('2027-04-04T18:00:00+02:00');
    expect(e.recurrence).toEqual(PATTERN);
    expect(() => setScheduleRecurrence(doc, id, { ...PATTERN, until: '2027-03-01' })).toThrow();
    expect(setScheduleRecurrence(doc, id, null)).toBe(true);
    expect(toJSON(doc).plan.schedule[id].recurrence).toBeUndefined();
  });

  it('a changed pattern changes the schedule hash and the diff names it', () => {
    const before = [entry({ recurrence: PATTERN })];
    const after = [entry({ recurrence: { ...PATTERN, exceptions: [] } })];
    expect(scheduleHash(before)).not.toBe(scheduleHash(after));
    expect(scheduleHash([entry()])).not.toBe(scheduleHash(before));
    // The owner's consent binds to the pattern as well.
    expect(consentHash({ schedule: { e1: before[0] }, layout: {} })).not.toBe(
      consentHash({ schedule: { e1: after[0] }, layout: {} }),
    );
    // Order of weekdays is representation, not content.
    expect(scheduleHash([entry({ recurrence: { ...PATTERN, weekly: [...PATTERN.weekly].reverse() } })])).toBe(
      scheduleHash(before),
    );
    const diff = diffSchedules(before, after);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0].fields).toEqual(['recurrence']);
    expect(diff.moved).toEqual([]);
  });
});

describe('scheduleReach (approvals.span, migration 031)', () => {
  it('spans every entry and every occurrence, also one beyond the entry’s own start and end', () => {
    const own = entry({ id: 'a', start: '2027-03-01T10:00:00+01:00', end: '2027-03-01T12:00:00+01:00' });
    const beyond = entry({ id: 'b', start: '2027-03-18T12:00:00+01:00', end: '2027-03-19T18:00:00+01:00', recurrence: PATTERN });
    // The last opening is Sunday 04.04.2027, 12–18 in summer time.
    expect(scheduleReach([own, beyond])).toEqual({ start: '2027-03-01T09:00:00.000Z', end: '2027-04-04T16:00:00.000Z' });
  });

  it('a zero-length entry is one instant; no entries is empty; an unreadable date is unknown', () => {
    const at = '2027-03-01T10:00:00.000Z';
    expect(scheduleReach([entry({ start: at, end: at })])).toEqual({ start: at, end: at });
    expect(scheduleReach([])).toBe('empty');
    expect(scheduleReach([entry({ start: 'morgen' })])).toBeNull();
  });

  it('a pattern cut at MAX_OCCURRENCES has an open end', () => {
    const long: Recurrence = {
      from: '2027-01-01',
      until: '2029-12-31',
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '10:00', end: '11:00' })),
      exceptions: [],
    };
    const reach = scheduleReach([
      entry({ start: '2027-01-01T10:00:00+01:00', end: '2027-01-01T11:00:00+01:00', recurrence: long }),
    ]);
    expect(reach).toEqual({ start: '2027-01-01T09:00:00.000Z', end: null });
  });
});
