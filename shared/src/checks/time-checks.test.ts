import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAvailability } from './availability.ts';
import { checkDoubleBookings, checkDoubleBookingsFor } from './booking.ts';
import { checkPersonDoubleBookings, checkPersonDoubleBookingsFor } from './responsible.ts';
import { entry, plan, storefront, task } from './test-fixtures.ts';
import { coveredBy, dueSpan, overlaps } from './time.ts';

const at = (day: number, hour: number) => `2026-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+02:00`;

describe('intervals', () => {
  it('overlap is symmetric and excludes touching', () => {
    const iv = fc
      .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 }))
      .map(([s, l]) => ({ start: s, end: s + l }));
    fc.assert(
      fc.property(
        iv,
        iv,
        (a, b) => overlaps(a, b) === overlaps(b, a) && overlaps(a, b) === Math.max(a.start, b.start) < Math.min(a.end, b.end),
      ),
    );
    expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
  });

  it('coverage by windows: edges inside, adjacent windows join, gaps do not', () => {
    expect(coveredBy({ start: 0, end: 10 }, [{ start: 0, end: 10 }])).toBe(true);
    expect(
      coveredBy({ start: 5, end: 15 }, [
        { start: 0, end: 10 },
        { start: 10, end: 20 },
      ]),
    ).toBe(true);
    expect(
      coveredBy({ start: 5, end: 15 }, [
        { start: 0, end: 10 },
        { start: 11, end: 20 },
      ]),
    ).toBe(false);
    expect(coveredBy({ start: 5, end: 15 }, [])).toBe(false);
  });

  it('a plain due date is the whole Berlin day', () => {
    expect(dueSpan('2026-05-01')).toEqual({ start: Date.parse('2026-04-30T22:00:00Z'), end: Date.parse('2026-05-01T22:00:00Z') });
    expect(dueSpan('2026-01-15')).toEqual({ start: Date.parse('2026-01-14T23:00:00Z'), end: Date.parse('2026-01-15T23:00:00Z') });
    expect(dueSpan('nonsense')).toBeNull();
  });
});

describe('storefront booked twice', () => {
  const a = plan('a', { status: 'approved', schedule: [entry('a1', at(2, 9), at(2, 18)), entry('a2', at(9, 10), at(9, 18))] });

  it('finds overlapping spans of submitted/approved plans of one storefront', () => {
    // b's only entry lies between a's entries: a holds the shop from the 2nd to the 9th.
    const b = plan('b', { status: 'submitted', schedule: [entry('b1', at(5, 10), at(5, 12))] });
    const found = checkDoubleBookings([a, b]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'double-booking', severity: 'error', ids: ['a', 'b'], planIds: ['a', 'b'] });
    expect(found[0].params).toMatchObject({ start: '2026-05-05T08:00:00.000Z', end: '2026-05-05T10:00:00.000Z' });
  });

  it('does not find touching spans, other storefronts, drafts, withdrawn or done plans', () => {
    const touching = plan('t', { schedule: [entry('t1', at(9, 18), at(10, 12))] });
    const before = plan('p', { schedule: [entry('p1', at(1, 9), at(2, 9))] });
    const elsewhere = plan('e', { storefrontId: 'sf2', schedule: [entry('e1', at(5, 9), at(5, 18))] });
    const inactive = ['draft', 'withdrawn', 'done'].map((status) =>
      plan(status, { status, schedule: [entry(`${status}1`, at(5, 9), at(5, 18))] }),
    );
    expect(checkDoubleBookings([a, touching, before, elsewhere, ...inactive])).toEqual([]);
  });

  it('warns a draft that its time is taken, and tells both of a draft planning the same time (issue 13)', () => {
    const draft = plan('d', { status: 'draft', schedule: [entry('d1', at(3, 9), at(3, 18))] });
    expect(checkDoubleBookingsFor(draft, [a])).toMatchObject([
      { severity: 'warning', messageKey: 'findings.doubleBookingPending', planIds: ['d', 'a'] },
    ]);
    expect(checkDoubleBookingsFor(a, [draft])).toMatchObject([
      { severity: 'info', messageKey: 'findings.doubleBookingDraft', planIds: ['a', 'd'] },
    ]);
    const draft2 = plan('d2', { status: 'draft', schedule: [entry('d21', at(3, 12), at(3, 20))] });
    expect(checkDoubleBookingsFor(draft, [draft2])).toMatchObject([{ severity: 'info', planIds: ['d', 'd2'] }]);
    for (const status of ['withdrawn', 'done']) {
      expect(checkDoubleBookingsFor(draft, [plan(status, { status, schedule: [entry('x1', at(3, 9), at(3, 18))] })])).toEqual([]);
    }
    const b = plan('b', { status: 'published', schedule: [entry('b1', at(3, 9), at(3, 18))] });
    expect(checkDoubleBookingsFor(a, [b])).toMatchObject([{ severity: 'error', ids: ['a', 'b'] }]);
  });

  it('property: found for a pair exactly when the spans overlap, in either order', () => {
    const span = fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }));
    fc.assert(
      fc.property(span, span, ([s1, l1], [s2, l2]) => {
        const p = plan('p', { schedule: [entry('p1', at(s1, 8), at(s1 + l1, 8))] });
        const q = plan('q', { schedule: [entry('q1', at(s2, 8), at(s2 + l2, 8))] });
        const expected = Math.max(s1, s2) < Math.min(s1 + l1, s2 + l2) ? 1 : 0;
        return checkDoubleBookings([p, q]).length === expected && checkDoubleBookings([q, p]).length === expected;
      }),
    );
  });
});

describe('availability', () => {
  const sf = storefront({
    availability: [
      { start: at(1, 0), end: at(10, 0) },
      { start: '2026-05-09T22:00:00Z', end: at(15, 0) }, // adjacent to the first (same instant, other offset)
      { start: at(20, 0), end: at(25, 0) },
    ],
  });
  const check = (...entries: ReturnType<typeof entry>[]) =>
    checkAvailability(plan('p', { schedule: entries }), sf).map((f) => f.ids[0]);

  it('an entry exactly at a window edge is inside; one spanning adjacent windows too', () => {
    expect(
      check(
        entry('edgeStart', at(1, 0), at(1, 10)),
        entry('edgeEnd', at(24, 20), at(25, 0)),
        entry('whole', at(20, 0), at(25, 0)),
        entry('span', at(9, 18), at(10, 10)),
      ),
    ).toEqual([]);
  });

  it('finds entries reaching outside or lying in a gap', () => {
    expect(
      check(
        entry('gap', at(16, 10), at(16, 12)),
        entry('early', '2026-04-30T23:00:00+02:00', at(1, 10)),
        entry('across', at(14, 10), at(21, 10)),
        entry('ok', at(3, 10), at(3, 12)),
      ),
    ).toEqual(['gap', 'early', 'across']);
    expect(checkAvailability(plan('p', { schedule: [entry('x', at(3, 10), at(3, 12))] }), { availability: [] })).toHaveLength(1);
  });
});

describe('person responsible for overlapping entries', () => {
  const p = plan('p', {
    schedule: [entry('p1', at(5, 18), at(5, 22))],
    tasks: [task('pt', { assignee: 'anna', scheduleEntryId: 'p1' })],
  });

  it('finds the same person on overlapping entries of two plans', () => {
    const q = plan('q', {
      storefrontId: 'sf2',
      status: 'draft',
      schedule: [entry('q1', at(5, 20), at(5, 23))],
      tasks: [task('qt', { assignee: 'anna', scheduleEntryId: 'q1' })],
    });
    const found = checkPersonDoubleBookings([p, q]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'person-double-booked', severity: 'warning', planIds: ['p', 'q'] });
    expect(found[0].ids).toEqual(expect.arrayContaining(['p1', 'pt', 'q1', 'qt']));
    // From one plan's view: a warning against a plan that holds its shop, info against a draft.
    expect(checkPersonDoubleBookingsFor(q, [p])).toMatchObject([{ severity: 'warning', planIds: ['q', 'p'] }]);
    expect(checkPersonDoubleBookingsFor(p, [q])).toMatchObject([{ severity: 'info', planIds: ['p', 'q'] }]);
  });

  it('does not find touching entries, other people, the same plan, unlinked tasks or withdrawn plans', () => {
    const touching = plan('t', {
      schedule: [entry('t1', at(5, 22), at(5, 23))],
      tasks: [task('tt', { assignee: 'anna', scheduleEntryId: 't1' })],
    });
    const other = plan('o', {
      schedule: [entry('o1', at(5, 18), at(5, 22))],
      tasks: [task('ot', { assignee: 'ben', scheduleEntryId: 'o1' })],
    });
    const unlinked = plan('u', { schedule: [entry('u1', at(5, 18), at(5, 22))], tasks: [task('ut', { assignee: 'anna' })] });
    const withdrawn = plan('w', {
      status: 'withdrawn',
      schedule: [entry('w1', at(5, 18), at(5, 22))],
      tasks: [task('wt', { assignee: 'anna', scheduleEntryId: 'w1' })],
    });
    const samePlan = plan('s', {
      schedule: [entry('s1', at(6, 10), at(6, 20), { kind: 'open-hours' }), entry('s2', at(6, 12), at(6, 13))],
      tasks: [task('st1', { assignee: 'anna', scheduleEntryId: 's1' }), task('st2', { assignee: 'anna', scheduleEntryId: 's2' })],
    });
    expect(checkPersonDoubleBookings([p, touching, other, unlinked, withdrawn, samePlan])).toEqual([]);
    expect(checkPersonDoubleBookingsFor(p, [touching, other, unlinked, withdrawn, samePlan])).toEqual([]);
  });
});
