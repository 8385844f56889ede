import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addScheduleEntry, occurrencesOf, toJSON } from '@planner/shared/plan/index';
import { shiftSchedule } from './housekeeping.ts';

describe('shiftSchedule with a weekly pattern (issue 18)', () => {
  it('moves the pattern’s dates along, keeps weekdays and hours, and start and end follow the pattern', () => {
    const doc = new Y.Doc();
    addScheduleEntry(doc, {
      id: 'h',
      kind: 'open-hours',
      start: '2027-03-18T12:00:00+01:00',
      end: '2027-04-04T18:00:00+02:00',
      recurrence: {
        from: '2027-03-18',
        until: '2027-04-05',
        weekly: [3, 4, 5, 6, 7].map((day) => ({ day, start: '12:00', end: '18:00' })),
        exceptions: [{ date: '2027-03-26', closed: true }],
      },
    });
    expect(shiftSchedule(doc, '2027-10-21')).toBe(217);
    const { plan, problems } = toJSON(doc);
    expect(problems).toEqual([]);
    const e = plan.schedule.h;
    expect(e.recurrence).toMatchObject({
      from: '2027-10-21',
      until: '2027-11-08',
      exceptions: [{ date: '2027-10-29', closed: true }],
    });
    const list = occurrencesOf(e);
    // Thu 21.10. to Sun 07.11., Wed–Sun without Fri 29.10.; the clocks go back on 31.10.
    expect(list).toHaveLength(13);
    expect(list[0]).toEqual({ start: '2027-10-21T12:00:00+02:00', end: '2027-10-21T18:00:00+02:00' });
    expect(list.at(-1)).toEqual({ start: '2027-11-07T12:00:00+01:00', end: '2027-11-07T18:00:00+01:00' });
    expect(e.start).toBe(list[0].start);
    expect(e.end).toBe(list.at(-1)!.end);
  });
});
