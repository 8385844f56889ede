/**
 * The checks see the occurrences of a weekly opening-hours pattern (issue 18), not one block from its
 * first opening to its last closing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { occurrencesOf } from '../plan/occurrences.ts';
import type { Recurrence, ScheduleEntry } from '../plan/schema.ts';
import { checkAvailability } from './availability.ts';
import { checkDoubleBookings, checkDoubleBookingsFor } from './booking.ts';
import { checkCapacity } from './capacity.ts';
import { checkPersonDoubleBookings } from './responsible.ts';
import { entry, plan, storefront, task } from './test-fixtures.ts';

const FROM = '2027-03-18';
const UNTIL = '2027-04-05'; // 19 days: every weekday occurs, and the clocks change on 28.03.
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** An open-hours entry with the given weekdays, whole hours [from, to) on each. */
function recurring(
  id: string,
  days: number[],
  from: number,
  to: number,
  exceptions: Recurrence['exceptions'] = [],
): ScheduleEntry {
  const recurrence: Recurrence = {
    from: FROM,
    until: UNTIL,
    weekly: days.map((day) => ({ day, start: hh(from), end: hh(to) })),
    exceptions,
  };
  // start/end as a badly behaved client might leave them: the whole range, day and night.
  return entry(id, '2027-03-18T00:00:00+01:00', '2027-04-06T00:00:00+02:00', { kind: 'open-hours', recurrence });
}

const weekdays = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 });
const hours = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 })).filter(([a, b]) => a < b);
const closedDay = fc.option(fc.integer({ min: 0, max: 18 }), { nil: null });
const dayOf = (n: number) => new Date(Date.parse(`${FROM}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const overlapsAny = (a: { start: string; end: string }[], b: { start: string; end: string }[]) =>
  a.some((x) => b.some((y) => Date.parse(x.start) < Date.parse(y.end) && Date.parse(y.start) < Date.parse(x.end)));

describe('double booking with weekly patterns', () => {
  it('two plans in one storefront conflict iff they share a weekday with overlapping hours', () => {
    fc.assert(
      fc.property(weekdays, hours, weekdays, hours, (da, [fa, ta], db, [fb, tb]) => {
        const a = plan('a', { schedule: [recurring('ea', da, fa, ta)] });
        const b = plan('b', { schedule: [recurring('eb', db, fb, tb)] });
        const expected = da.some((d) => db.includes(d)) && fa < tb && fb < ta;
        expect(checkDoubleBookings([a, b]).length).toBe(expected ? 1 : 0);
        expect(checkDoubleBookingsFor(a, [b]).length).toBe(expected ? 1 : 0);
      }),
    );
  });

  it('interleaving patterns (Wed–Sun and Mon–Tue, same hours) do not conflict; sharing one day-hour does', () => {
    const a = plan('a', { schedule: [recurring('ea', [3, 4, 5, 6, 7], 12, 18)] });
    const b = plan('b', { schedule: [recurring('eb', [1, 2], 12, 18)] });
    expect(checkDoubleBookings([a, b])).toEqual([]);
    const c = plan('c', { schedule: [recurring('ec', [2, 3], 17, 20)] });
    const [f] = checkDoubleBookings([a, c]);
    // The first shared hour: Wednesday 24.03. 17–18 (CET).
    expect(f.params).toMatchObject({ start: '2027-03-24T16:00:00.000Z', end: '2027-03-24T17:00:00.000Z' });
  });

  it('a random pattern and a one-off event conflict iff the event overlaps an occurrence', () => {
    fc.assert(
      fc.property(
        weekdays,
        hours,
        closedDay,
        fc.integer({ min: 0, max: 20 * 24 - 1 }),
        fc.integer({ min: 1, max: 30 }),
        (days, [from, to], closed, startHour, length) => {
          const pattern = recurring('ep', days, from, to, closed === null ? [] : [{ date: dayOf(closed), closed: true }]);
          // The event in whole UTC hours from 17.03. 23:00 UTC (= 18.03. 00:00 Berlin) on.
          const t0 = Date.parse('2027-03-17T23:00:00Z') + startHour * 3_600_000;
          const event = entry('ev', new Date(t0).toISOString(), new Date(t0 + length * 3_600_000).toISOString());
          const a = plan('a', { schedule: [pattern] });
          const b = plan('b', { schedule: [event] });
          const expected = overlapsAny(occurrencesOf(pattern), [event]);
          expect(checkDoubleBookings([a, b]).length).toBe(expected ? 1 : 0);
        },
      ),
    );
  });

  it('a plan with setup and teardown still holds its storefront in between', () => {
    const a = plan('a', {
      schedule: [
        recurring('ea', [3], 12, 18),
        entry('setup', '2027-03-16T08:00:00+01:00', '2027-03-17T18:00:00+01:00', { kind: 'setup' }),
        entry('teardown', '2027-04-06T08:00:00+02:00', '2027-04-06T18:00:00+02:00', { kind: 'teardown' }),
      ],
    });
    const b = plan('b', { schedule: [recurring('eb', [1], 12, 18)] });
    expect(checkDoubleBookings([a, b])).toHaveLength(1);
  });
});

describe('person conflicts with weekly patterns', () => {
  it('a person on duty in two plans conflicts iff the occurrences overlap', () => {
    fc.assert(
      fc.property(weekdays, hours, weekdays, hours, (da, [fa, ta], db, [fb, tb]) => {
        const a = plan('a', {
          storefrontId: 's1',
          schedule: [recurring('ea', da, fa, ta)],
          tasks: [task('ta', { scheduleEntryId: 'ea' })],
        });
        const b = plan('b', {
          storefrontId: 's2',
          schedule: [recurring('eb', db, fb, tb)],
          tasks: [task('tb', { scheduleEntryId: 'eb' })],
        });
        const expected = da.some((d) => db.includes(d)) && fa < tb && fb < ta;
        expect(checkPersonDoubleBookings([a, b]).length).toBe(expected ? 1 : 0);
      }),
    );
  });
});

describe('availability and capacity with weekly patterns', () => {
  it('windows covering exactly the occurrences suffice; one missing window is a finding naming that day', () => {
    fc.assert(
      fc.property(weekdays, hours, fc.nat(), (days, [from, to], pick) => {
        const e = recurring('e', days, from, to);
        const windows = occurrencesOf(e);
        const p = plan('p', { schedule: [e] });
        expect(checkAvailability(p, storefront({ availability: windows }))).toEqual([]);
        const gap = pick % windows.length;
        const [f, ...rest] = checkAvailability(p, storefront({ availability: windows.filter((_, i) => i !== gap) }));
        expect(rest).toEqual([]);
        expect(f.params.start).toBe(new Date(windows[gap].start).toISOString());
      }),
    );
  });

  it('an over-full pattern is a capacity finding while it has occurrences, none when every day is closed', () => {
    fc.assert(
      fc.property(weekdays, hours, fc.boolean(), (days, [from, to], allClosed) => {
        const exceptions = allClosed ? Array.from({ length: 19 }, (_, i) => ({ date: dayOf(i), closed: true as const })) : [];
        const e = { ...recurring('e', days, from, to, exceptions), expectedAttendance: 1000 };
        const findings = checkCapacity(plan('p', { schedule: [e] }), storefront());
        expect(findings.length > 0).toBe(occurrencesOf(e).length > 0);
        expect(occurrencesOf(e).length === 0).toBe(allClosed);
      }),
    );
  });
});
