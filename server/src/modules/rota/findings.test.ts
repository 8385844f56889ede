import { describe, expect, it } from 'vitest';
import { gaps, rotaEntries, rotaFindings } from './findings.ts';

const H = 3_600_000;
const now = Date.parse('2027-03-01T10:00:00+01:00');
const at = (h: number) => new Date(now + h * H).toISOString();
const entry = (id: string, from: number, to: number, kind = 'open-hours') => ({
  id,
  kind,
  title: id,
  start: at(from),
  end: at(to),
});

describe('rota findings', () => {
  it('finds the parts of a span no staffed shift covers', () => {
    expect(gaps(0, 10, [])).toEqual([[0, 10]]);
    expect(
      gaps(0, 10, [
        [2, 4],
        [3, 6],
        [8, 12],
      ]),
    ).toEqual([
      [0, 2],
      [6, 8],
    ]);
    expect(gaps(0, 10, [[-5, 20]])).toEqual([]);
  });

  it('reads only opening hours and events with readable times from untrusted JSON', () => {
    const list = rotaEntries({
      a: entry('a', 100, 106),
      b: entry('b', 100, 106, 'setup'),
      c: { id: 'c', kind: 'event', start: 'bald', end: at(3) },
      d: { id: 'd', kind: 'event', start: at(5), end: at(4) },
      e: null,
      f: entry('f', 100, 102, 'workshop'),
    });
    expect(list.map((e) => e.id)).toEqual(['a', 'f']);
  });

  it('sees the open days of a weekly pattern, not one block from the first opening to the last closing', () => {
    // Wed–Sun 12–18 from Wed 10.03. to Sun 14.03.2027, Friday closed: four open days, nights and the closed day need nobody.
    const weekly = {
      id: 'w',
      kind: 'open-hours',
      title: 'Ausstellung',
      start: '2027-03-10T12:00:00+01:00',
      end: '2027-03-14T18:00:00+01:00',
      recurrence: {
        from: '2027-03-10',
        until: '2027-03-14',
        weekly: [3, 4, 5, 6, 7].map((day) => ({ day, start: '12:00', end: '18:00' })),
        exceptions: [{ date: '2027-03-12', closed: true }],
      },
    };
    const found = rotaFindings({ planId: 'p', entries: rotaEntries([weekly]), shifts: [], overlaps: [], now });
    expect(found.filter((f) => f.kind === 'rota-uncovered').map((f) => [f.params.start, f.params.end])).toEqual([
      ['2027-03-10T11:00:00.000Z', '2027-03-10T17:00:00.000Z'],
      ['2027-03-11T11:00:00.000Z', '2027-03-11T17:00:00.000Z'],
      ['2027-03-13T11:00:00.000Z', '2027-03-13T17:00:00.000Z'],
      ['2027-03-14T11:00:00.000Z', '2027-03-14T17:00:00.000Z'],
    ]);
  });

  it('uncovered hours are warnings, errors within 48 h; past hours and covered ones are none', () => {
    const entries = rotaEntries([entry('soon', 24, 30), entry('later', 72, 78), entry('past', -10, -5), entry('now', -1, 2)]);
    const found = rotaFindings({ planId: 'p', entries, shifts: [], overlaps: [], now });
    expect(found.map((f) => [f.ids[0], f.kind, f.severity])).toEqual([
      ['soon', 'rota-uncovered', 'error'],
      ['later', 'rota-uncovered', 'warning'],
      ['now', 'rota-uncovered', 'error'],
    ]);
    // What has begun counts from now on.
    expect(found[2].params.start).toBe(at(0));
    const covered = rotaFindings({
      planId: 'p',
      entries,
      shifts: [
        { id: 's1', start: at(24), end: at(30), minPeople: 1, label: '', people: 1 },
        { id: 's2', start: at(72), end: at(78), minPeople: 1, label: '', people: 1 },
        { id: 's3', start: at(-1), end: at(2), minPeople: 1, label: '', people: 1 },
      ],
      overlaps: [],
      now,
    });
    expect(covered).toEqual([]);
  });

  it('a shift below its minimum is under-staffed; an empty one in opening hours is said once, as uncovered', () => {
    const entries = rotaEntries([entry('open', 100, 106)]);
    const found = rotaFindings({
      planId: 'p',
      entries,
      shifts: [
        { id: 'half', start: at(100), end: at(103), minPeople: 2, label: 'Früh', people: 1 },
        { id: 'empty', start: at(103), end: at(106), minPeople: 1, label: 'Spät', people: 0 },
      ],
      overlaps: [],
      now,
    });
    expect(found.map((f) => [f.kind, f.ids[0]])).toEqual([
      ['rota-uncovered', 'open'],
      ['rota-understaffed', 'half'],
    ]);
    expect(found[1].params).toMatchObject({ people: 1, min: 2, shift: 'Früh' });
  });

  it('a person in two plans at once names both plans', () => {
    const found = rotaFindings({
      planId: 'p',
      entries: [],
      shifts: [],
      overlaps: [
        {
          userId: 'u',
          shiftId: 's',
          label: 'A',
          otherShiftId: 't',
          otherPlanId: 'q',
          otherPlanTitle: 'Q',
          start: at(5),
          end: at(6),
        },
      ],
      now,
    });
    expect(found).toEqual([
      expect.objectContaining({ kind: 'rota-person-double-booked', planIds: ['p', 'q'], ids: ['s', 't', 'u'] }),
    ]);
  });
});
