import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addScheduleEntry, occurrencesOf, PlanDocJSONSchema, toJSON } from './index.ts';

const block = { kind: 'open-hours' as const, start: '2027-03-18T12:00:00+01:00', end: '2027-04-04T18:00:00+02:00' };

/** A document whose entry `e1` carries `raw` as its pattern, written through the raw Yjs API like a foreign client. */
function withPattern(raw: unknown) {
  const doc = new Y.Doc();
  addScheduleEntry(doc, { ...block, id: 'e1' });
  const map = doc.getMap<unknown>('schedule').get('e1') as Y.Map<unknown>;
  map.set('recurrence', raw);
  const read = toJSON(doc);
  expect(PlanDocJSONSchema.safeParse(read.plan).success).toBe(true);
  return read;
}

const good = { from: '2027-03-18', until: '2027-04-05', weekly: [{ day: 3, start: '12:00', end: '18:00' }], exceptions: [] };

describe('reading a hostile pattern', () => {
  it.each([
    ['a string', 'every Wednesday', 'schedule.e1.recurrence'],
    ['a number', 42, 'schedule.e1.recurrence'],
    ['an array', [good], 'schedule.e1.recurrence'],
    ['from missing', { ...good, from: undefined }, 'schedule.e1.recurrence.from'],
    ['from not a date', { ...good, from: '18.03.2027' }, 'schedule.e1.recurrence.from'],
    ['until a number', { ...good, until: 20270405 }, 'schedule.e1.recurrence.until'],
    ['until before from', { ...good, until: '2027-03-01' }, 'schedule.e1.recurrence.until'],
  ])('drops the pattern when it is %s: one block, reported by path', (_name, raw, path) => {
    const { plan, problems } = withPattern(raw);
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(plan.schedule.e1.recurrence).toBeUndefined();
    expect(occurrencesOf(plan.schedule.e1)).toEqual([{ start: block.start, end: block.end }]);
  });

  it('drops single weekly items of the wrong shape (hours 25:00, wrong types, twice the same day)', () => {
    const { plan, problems } = withPattern({
      ...good,
      weekly: [
        { day: 3, start: '12:00', end: '25:00' },
        { day: '4', start: '12:00', end: '18:00' },
        { day: 5, start: 12, end: 18 },
        { day: 6, start: '18:00', end: '12:00' },
        { day: 7, start: '12:00', end: '18:00' },
        { day: 7, start: '10:00', end: '11:00' },
        null,
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'schedule.e1.recurrence.weekly.0',
      'schedule.e1.recurrence.weekly.1',
      'schedule.e1.recurrence.weekly.2',
      'schedule.e1.recurrence.weekly.3',
      'schedule.e1.recurrence.weekly.5',
      'schedule.e1.recurrence.weekly.6',
      'schedule.e1.start',
    ]);
    expect(plan.schedule.e1.recurrence?.weekly).toEqual([{ day: 7, start: '12:00', end: '18:00' }]);
    // Start and end follow the pattern: Sundays 21.03., 28.03. and 04.04.
    expect(occurrencesOf(plan.schedule.e1)).toHaveLength(3);
    expect(plan.schedule.e1.start).toBe('2027-03-21T12:00:00+01:00');
  });

  it('cuts huge arrays before looking at them and cuts a range over 366 days', () => {
    const many = Array.from({ length: 100_000 }, () => ({ date: '2027-03-20', closed: true }));
    const { plan, problems } = withPattern({
      ...good,
      until: '2035-01-01',
      weekly: Array(50_000).fill(good.weekly[0]),
      exceptions: many,
    });
    const messages = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(messages['schedule.e1.recurrence.until']).toBe('at most 366 days (366 occurrences): cut to 2028-03-17');
    expect(messages['schedule.e1.recurrence.weekly']).toBe('more than 7 items: the rest dropped');
    expect(messages['schedule.e1.recurrence.exceptions']).toBe('more than 100 items: the rest dropped');
    expect(problems.length).toBeLessThan(120);
    expect(plan.schedule.e1.recurrence?.until).toBe('2028-03-17');
    expect(plan.schedule.e1.recurrence?.exceptions).toEqual([{ date: '2027-03-20', closed: true }]);
  });

  it('drops exceptions that are not one, lie outside the range or repeat a date; wrong list types become empty', () => {
    const { plan, problems } = withPattern({
      ...good,
      weekly: { 3: '12-18' },
      exceptions: [
        { date: '2027-03-24', closed: 'yes' },
        { date: '2027-05-01', closed: true },
        { date: '2027-03-24', start: '10:00', end: '24:00' },
        { date: '2027-03-24', closed: true },
        { date: '2027-03-25', start: '24:00', end: '24:00' },
        'closed',
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'schedule.e1.recurrence.weekly',
      'schedule.e1.recurrence.exceptions.0',
      'schedule.e1.recurrence.exceptions.1',
      'schedule.e1.recurrence.exceptions.3',
      'schedule.e1.recurrence.exceptions.4',
      'schedule.e1.recurrence.exceptions.5',
      'schedule.e1.start',
    ]);
    expect(occurrencesOf(plan.schedule.e1)).toEqual([{ start: '2027-03-24T10:00:00+01:00', end: '2027-03-25T00:00:00+01:00' }]);
  });

  it('a pattern with no open day is kept and reported: the entry takes place never', () => {
    const { plan, problems } = withPattern({ ...good, weekly: [] });
    expect(problems).toEqual([{ path: 'schedule.e1.recurrence', message: 'pattern has no open day: entry takes place never' }]);
    expect(occurrencesOf(plan.schedule.e1)).toEqual([]);
  });

  it('reads a pattern written as nested Yjs types', () => {
    const y = new Y.Map<unknown>();
    const doc = new Y.Doc();
    addScheduleEntry(doc, { ...block, id: 'e1' });
    (doc.getMap<unknown>('schedule').get('e1') as Y.Map<unknown>).set('recurrence', y);
    y.set('from', good.from);
    y.set('until', good.until);
    const weekly = new Y.Array<unknown>();
    y.set('weekly', weekly);
    weekly.push([{ day: 3, start: '12:00', end: '18:00' }]);
    const { plan } = toJSON(doc);
    // Wednesdays 24.03. and 31.03.
    expect(occurrencesOf(plan.schedule.e1)).toHaveLength(2);
  });
});
