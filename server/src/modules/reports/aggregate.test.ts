import { describe, expect, it } from 'vitest';
import { aggregateReport, periodOf, type ReportInput, type StagingRow } from './aggregate.ts';

const E = 'q-established';
const N = 'q-outside';
const entry = (id: string, start: string, end: string, pub = true) => ({ id, kind: 'event', title: id, start, end, public: pub });

/**
 * Hand-built: staging A and B share storefront s1 (established quarter) across the spring clock change
 * (29 March 2026), B ends at midnight; C runs over New Year's Eve in s2 (outside), with a cancelled entry;
 * D lies in 2025.
 */
const stagings: StagingRow[] = [
  {
    planId: 'A',
    storefrontId: 's1',
    quarterId: E,
    disciplines: ['photography', 'cooking', 5],
    schedule: [
      entry('setup', '2026-03-27T10:00:00+01:00', '2026-03-27T18:00:00+01:00', false),
      entry('a1', '2026-03-28T18:00:00+01:00', '2026-03-28T20:00:00+01:00'),
      entry('teardown', '2026-03-30T10:00:00+02:00', '2026-03-30T12:00:00+02:00', false),
    ],
  },
  {
    planId: 'B',
    storefrontId: 's1',
    quarterId: E,
    disciplines: ['sound-design'],
    schedule: [
      entry('b1', '2026-03-29T12:00:00+02:00', '2026-03-29T14:00:00+02:00'),
      entry('b2', '2026-04-01T18:00:00+02:00', '2026-04-02T00:00:00+02:00'),
    ],
  },
  {
    planId: 'C',
    storefrontId: 's2',
    quarterId: N,
    disciplines: [],
    schedule: [
      entry('c1', '2026-12-31T20:00:00+01:00', '2026-12-31T23:00:00+01:00'),
      entry('c2', '2027-01-01T00:00:00+01:00', '2027-01-01T02:00:00+01:00'),
    ],
  },
  {
    planId: 'D',
    storefrontId: 's3',
    quarterId: N,
    disciplines: ['photography'],
    schedule: [entry('d1', '2025-06-01T10:00:00+02:00', '2025-06-02T10:00:00+02:00')],
  },
  // Garbage from a document: no readable entry, so no staging.
  { planId: 'X', storefrontId: 's4', quarterId: N, disciplines: 'photography', schedule: 'nonsense' },
];

const base: ReportInput = {
  year: 2026,
  quarterOfYear: null,
  quarters: [],
  discipline: null,
  stagings,
  quarterOptions: [
    { id: E, name: 'Etabliert', established: true },
    { id: N, name: 'Außen', established: false },
  ],
  cancelled: new Set(['C/c2']),
  visitors: new Map([
    ['A/a1', 40],
    ['B/b1', 10],
    ['C/c1', 100],
    ['C/c2', 999],
    ['D/d1', 7],
  ]),
};
const zero = { stagings: 0, storefronts: 0, vacancyDays: 0, events: 0, eventsCounted: 0, visitors: 0 };

describe('the city report', () => {
  it('has the periods of a year and its quarters', () => {
    expect(periodOf(2026, null)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf(2028, 1)).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(periodOf(2026, 2)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodOf(2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('counts a year by hand: days of vacancy per storefront once, cancelled entries left out', () => {
    const r = aggregateReport(base);
    // s1: 27–31 March and 1 April (6 days; A and B overlap on 29/30 March), s2: 31 December.
    expect(r.totals).toEqual({
      stagings: 3,
      storefronts: 2,
      vacancyDays: 7,
      events: 4,
      eventsCounted: 3,
      visitors: 150,
      stagingsOutsideEstablished: 1,
      shareOutsideEstablished: 1 / 3,
    });
    expect(r.byQuarterOfYear).toEqual([
      { quarterOfYear: 1, stagings: 2, storefronts: 1, vacancyDays: 5, events: 2, eventsCounted: 2, visitors: 50 },
      { quarterOfYear: 2, stagings: 1, storefronts: 1, vacancyDays: 1, events: 1, eventsCounted: 0, visitors: 0 },
      { quarterOfYear: 3, ...zero },
      { quarterOfYear: 4, stagings: 1, storefronts: 1, vacancyDays: 1, events: 1, eventsCounted: 1, visitors: 100 },
    ]);
    expect(r.byCityQuarter).toEqual([
      {
        quarterId: E,
        name: 'Etabliert',
        established: true,
        stagings: 2,
        storefronts: 1,
        vacancyDays: 6,
        events: 3,
        eventsCounted: 2,
        visitors: 50,
      },
      {
        quarterId: N,
        name: 'Außen',
        established: false,
        stagings: 1,
        storefronts: 1,
        vacancyDays: 1,
        events: 1,
        eventsCounted: 1,
        visitors: 100,
      },
    ]);
    const d = Object.fromEntries(r.byDiscipline.map(({ discipline, ...c }) => [discipline, c]));
    expect(d.photography).toEqual({ stagings: 1, storefronts: 1, vacancyDays: 4, events: 1, eventsCounted: 1, visitors: 40 });
    expect(d['sound-design']).toEqual({ stagings: 1, storefronts: 1, vacancyDays: 4, events: 2, eventsCounted: 1, visitors: 10 });
    expect(d.none).toEqual({ stagings: 1, storefronts: 1, vacancyDays: 1, events: 1, eventsCounted: 1, visitors: 100 });
    expect(d.illustration).toEqual(zero);
    expect(r.calls).toEqual({ available: false, rows: [] });
  });

  it('filters by quarter of the year, city quarter and discipline', () => {
    const q1 = aggregateReport({ ...base, quarterOfYear: 1 });
    expect(q1.period).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(q1.totals).toMatchObject({ stagings: 2, vacancyDays: 5, events: 2, visitors: 50, shareOutsideEstablished: 0 });
    expect(q1.byQuarterOfYear.map((r) => r.quarterOfYear)).toEqual([1]);

    const outside = aggregateReport({ ...base, quarters: [N] });
    expect(outside.totals).toMatchObject({ stagings: 1, storefronts: 1, vacancyDays: 1, shareOutsideEstablished: 1 });
    expect(outside.byCityQuarter.map((r) => r.quarterId)).toEqual([N]);

    const photo = aggregateReport({ ...base, discipline: 'photography' });
    expect(photo.totals).toMatchObject({ stagings: 1, vacancyDays: 4, events: 1, visitors: 40 });
    expect(photo.byDiscipline.map((r) => r.discipline)).toEqual(['photography']);

    const y2025 = aggregateReport({ ...base, year: 2025 });
    expect(y2025.totals).toMatchObject({ stagings: 1, vacancyDays: 2, events: 1, visitors: 7, shareOutsideEstablished: 1 });

    const empty = aggregateReport({ ...base, year: 2030 });
    expect(empty.totals).toEqual({ ...zero, stagingsOutsideEstablished: 0, shareOutsideEstablished: null });
  });

  it('counts an autumn day of 25 hours once and a span ending at midnight without the next day', () => {
    const r = aggregateReport({
      ...base,
      stagings: [
        {
          planId: 'F',
          storefrontId: 's9',
          quarterId: E,
          disciplines: [],
          schedule: [entry('f', '2026-10-24T22:00:00+02:00', '2026-10-26T00:00:00+01:00')],
        },
      ],
    });
    expect(r.totals.vacancyDays).toBe(2); // 24 and 25 October
  });
});
