import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSchedules, isEmptyDiff, normaliseSchedule, type ScheduleEntry, scheduleHash } from './index.ts';

const base: ScheduleEntry[] = [
  {
    id: 'a',
    kind: 'setup',
    title: 'Aufbau',
    start: '2026-05-01T09:00:00+02:00',
    end: '2026-05-01T18:00:00+02:00',
    expectedAttendance: null,
    public: false,
    seating: 'standing',
  },
  {
    id: 'b',
    kind: 'opening',
    title: 'Vernissage',
    start: '2026-05-02T18:00:00+02:00',
    end: '2026-05-02T22:00:00+02:00',
    expectedAttendance: 60,
    public: true,
    seating: 'standing',
  },
  {
    id: 'c',
    kind: 'workshop',
    title: 'Siebdruck',
    start: '2026-05-03T14:00:00+02:00',
    end: '2026-05-03T17:00:00+02:00',
    expectedAttendance: 12,
    public: true,
    seating: 'seated',
  },
];
const asRecord = (list: ScheduleEntry[]) => Object.fromEntries(list.map((e) => [e.id, e]));

describe('schedule hash', () => {
  it('is independent of storage order, key order and the offset an instant is written with', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(base, { minLength: 3, maxLength: 3 }), (shuffled) => {
        return scheduleHash(shuffled) === scheduleHash(asRecord(base));
      }),
    );
    const sameInstant = base.map((e) => (e.id === 'b' ? { ...e, start: '2026-05-02T16:00:00Z' } : e));
    expect(scheduleHash(sameInstant)).toBe(scheduleHash(base));
    const reordered = base.map((e) => Object.fromEntries(Object.entries(e).reverse()) as ScheduleEntry);
    expect(scheduleHash(reordered)).toBe(scheduleHash(base));
    expect(scheduleHash(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with any field of any entry', () => {
    const variants: Array<Partial<ScheduleEntry>> = [
      { title: 'Vernissage!' },
      { kind: 'event' },
      { start: '2026-05-02T18:30:00+02:00' },
      { end: '2026-05-02T22:01:00+02:00' },
      { expectedAttendance: 61 },
      { expectedAttendance: null },
      { public: false },
      { seating: 'seated' },
    ];
    const hashes = new Set([scheduleHash(base)]);
    for (const v of variants) hashes.add(scheduleHash(base.map((e) => (e.id === 'b' ? { ...e, ...v } : e))));
    hashes.add(scheduleHash(base.slice(1)));
    hashes.add(scheduleHash([]));
    expect(hashes.size).toBe(variants.length + 3);
  });

  it('normalises times to UTC and sorts by start', () => {
    const n = normaliseSchedule([base[2], base[0], base[1]]);
    expect(n.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(n[1].start).toBe('2026-05-02T16:00:00.000Z');
  });
});

describe('diffSchedules', () => {
  it('names added, removed, moved, retitled and changed entries', () => {
    const next: ScheduleEntry[] = [
      { ...base[0], title: 'Aufbau und Licht' },
      { ...base[1], start: '2026-05-02T19:00:00+02:00', expectedAttendance: 80 },
      {
        id: 'd',
        kind: 'teardown',
        title: 'Abbau',
        start: '2026-05-10T10:00:00+02:00',
        end: '2026-05-10T16:00:00+02:00',
        expectedAttendance: null,
        public: false,
        seating: 'standing',
      },
    ];
    const d = diffSchedules(base, asRecord(next));
    expect(d.added.map((e) => e.id)).toEqual(['d']);
    expect(d.removed.map((e) => e.id)).toEqual(['c']);
    expect(d.moved.map((e) => e.id)).toEqual(['b']);
    expect(d.moved[0].before.start).toBe('2026-05-02T16:00:00.000Z');
    expect(d.moved[0].after.start).toBe('2026-05-02T17:00:00.000Z');
    expect(d.retitled.map((e) => e.id)).toEqual(['a']);
    expect(d.changed.map((c) => [c.id, c.fields])).toEqual([['b', ['expectedAttendance']]]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('is empty exactly when the hashes agree', () => {
    const arb = fc.array(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c'),
        title: fc.constantFrom('x', 'y'),
        hour: fc.integer({ min: 10, max: 12 }),
        public: fc.boolean(),
      }),
      { maxLength: 3 },
    );
    const build = (xs: Array<{ id: string; title: string; hour: number; public: boolean }>): ScheduleEntry[] => {
      const seen = new Map<string, ScheduleEntry>();
      for (const x of xs)
        seen.set(x.id, {
          id: x.id,
          kind: 'event',
          title: x.title,
          start: `2026-06-01T${x.hour}:00:00+02:00`,
          end: `2026-06-01T${x.hour + 1}:00:00+02:00`,
          expectedAttendance: null,
          public: x.public,
          seating: 'standing',
        });
      return [...seen.values()];
    };
    fc.assert(
      fc.property(arb, arb, (xa, xb) => {
        const a = build(xa);
        const b = build(xb);
        return isEmptyDiff(diffSchedules(a, b)) === (scheduleHash(a) === scheduleHash(b));
      }),
    );
  });
});
