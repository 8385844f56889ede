import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capacityOf, checkCapacity, freeFloorArea } from './capacity.ts';
import { checkKeepClear, checkLayoutOutside, checkLayoutOverlaps, checkOutline } from './layout.ts';
import { entry, item, L_OUTLINE, plan, storefront } from './test-fixtures.ts';

const ids = (fs: { ids: string[] }[]) => fs.map((f) => f.ids.join('+'));

describe('layout items outside the outline (L-shaped shop)', () => {
  it('finds items in or across the notch and beyond the walls', () => {
    const layout = [
      item('inNotch', 'plinth', 700, 100, 50, 50),
      item('acrossCorner', 'table', 400, 300, 200, 200),
      item('bridge', 'partition-wall', 300, 300, 400, 400, 45), // all corners inside, covers the notch corner
      item('pastWall', 'counter', 950, 600, 100, 50),
      item('lampOutside', 'light', -50, 100, 40, 40),
    ];
    expect(ids(checkLayoutOutside(plan('p', { layout }), L_OUTLINE))).toEqual([
      'inNotch',
      'acrossCorner',
      'bridge',
      'pastWall',
      'lampOutside',
    ]);
  });

  it('does not find items inside, touching walls, filling a wing, or door markers on the outline', () => {
    const layout = [
      item('corner', 'table', 0, 0, 100, 60),
      item('alongNotch', 'partition-wall', 100, 400, 900, 10), // its top edge runs along the notch floor and through the reflex corner
      item('wing', 'seating-row', 500, 400, 500, 400),
      item('rotatedInside', 'plinth', 200, 200, 100, 100, 30),
      item('door', 'door', -10, 600, 20, 100),
    ];
    expect(checkLayoutOutside(plan('p', { layout }), L_OUTLINE)).toEqual([]);
  });

  it('reports an invalid outline once and skips the geometry', () => {
    const bowTie = [
      { x: 0, y: 0 },
      { x: 100, y: 100 },
      { x: 100, y: 0 },
      { x: 0, y: 100 },
    ];
    const p = plan('p', { layout: [item('far', 'table', 5000, 5000, 10, 10)] });
    expect(checkOutline(p, storefront({ outline: bowTie }))).toMatchObject([{ kind: 'outline-invalid', ids: ['sf1'] }]);
    expect(checkOutline(p, storefront())).toEqual([]);
    expect(checkLayoutOutside(p, bowTie)).toEqual([]);
  });
});

describe('overlapping solid items', () => {
  it('finds overlapping solids, also rotated ones', () => {
    const layout = [
      item('a', 'table', 100, 100, 200, 100),
      item('b', 'plinth', 250, 150, 100, 100),
      item('c', 'partition-wall', 600, 500, 300, 10),
      item('d', 'partition-wall', 600, 500, 300, 10, 90),
    ];
    expect(ids(checkLayoutOverlaps(plan('p', { layout })))).toEqual(['a+b', 'c+d']);
  });

  it('does not find touching solids or non-solid items on solids', () => {
    const layout = [
      item('a', 'table', 100, 100, 200, 100),
      item('b', 'table', 300, 100, 200, 100), // shares the edge x=300
      item('c', 'display-case', 100, 200, 100, 50), // shares the edge y=200
      item('proj', 'projector', 150, 120, 40, 30), // stands on table a
      item('art', 'artwork', 320, 120, 50, 50),
      item('zone', 'keep-clear', 100, 100, 400, 400),
    ];
    expect(checkLayoutOverlaps(plan('p', { layout }))).toEqual([]);
  });

  it('property: a solid and its copy shifted by at least its size never overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 50 }),
        fc.boolean(),
        (w, h, gap, horizontal) => {
          const a = item('a', 'table', 0, 0, w, h);
          const b = horizontal ? item('b', 'table', w + gap, 0, w, h) : item('b', 'table', 0, h + gap, w, h);
          const c = horizontal ? item('c', 'table', w - 1, 0, w, h) : item('c', 'table', 0, h - 1, w, h);
          return (
            checkLayoutOverlaps(plan('p', { layout: [a, b] })).length === 0 &&
            checkLayoutOverlaps(plan('p', { layout: [a, c] })).length === 1
          );
        },
      ),
    );
  });
});

describe('keep-clear zones', () => {
  // Door on the bottom wall (y=800) at x=200, 100 cm wide: zone x 150..250, y 680..800.
  const sf = storefront({ doors: [{ x: 200, y: 800, width: 100 }] });

  it('finds obstructing items in front of a door', () => {
    const layout = [
      item('stand', 'speaker', 180, 700, 30, 30),
      item('wall', 'partition-wall', 100, 600, 10, 200, 90),
      item('rot', 'plinth', 240, 660, 30, 30, 45),
    ];
    const found = checkKeepClear(plan('p', { layout }), sf);
    expect(ids(found)).toEqual(['stand+door-1', 'wall+door-1', 'rot+door-1']);
    expect(found[0]).toMatchObject({
      kind: 'keep-clear-blocked',
      severity: 'error',
      messageKey: 'findings.doorBlocked',
      params: { door: 1, depth: 120 },
    });
  });

  it('does not find items beside or beyond the zone, lights, or a deeper custom depth only when reached', () => {
    const layout = [
      item('beyond', 'table', 150, 580, 100, 100), // ends at y=680, the zone's inner edge
      item('beside', 'table', 250, 700, 100, 100), // starts at x=250, the zone's side
      item('lamp', 'light', 180, 720, 30, 30),
      item('marker', 'door', 150, 790, 100, 20),
    ];
    expect(checkKeepClear(plan('p', { layout }), sf)).toEqual([]);
    const deeper = storefront({ doors: [{ x: 200, y: 800, width: 100, keepClearDepth: 150 }] });
    expect(ids(checkKeepClear(plan('p', { layout }), deeper))).toEqual(['beyond+door-1']);
  });

  it('one item blocking two doors gives one finding per door', () => {
    const two = storefront({
      doors: [
        { x: 200, y: 800, width: 100 },
        { x: 0, y: 700, width: 100, id: 'side' },
      ],
    });
    const found = checkKeepClear(plan('p', { layout: [item('crate', 'plinth', 20, 700, 200, 80)] }), two);
    expect(ids(found)).toEqual(['crate+door-1', 'crate+side']);
  });

  it('finds items in a drawn keep-clear item, not the items beside it', () => {
    const layout = [
      item('zone', 'keep-clear', 400, 500, 200, 200, 0, 'Fluchtweg'),
      item('in', 'counter', 550, 550, 100, 50),
      item('out', 'counter', 600, 550, 100, 50),
    ];
    expect(checkKeepClear(plan('p', { layout }), storefront())).toMatchObject([
      { ids: ['in', 'zone'], messageKey: 'findings.keepClearBlocked', params: { zone: 'Fluchtweg' } },
    ]);
  });
});

describe('capacity', () => {
  const rect10x5 = [
    { x: 0, y: 0 },
    { x: 1000, y: 0 },
    { x: 1000, y: 500 },
    { x: 0, y: 500 },
  ];

  it('free floor area subtracts solid footprints (clipped to the outline), not lights or screens', () => {
    const layout = [
      item('t', 'table', 100, 100, 200, 100),
      item('half', 'counter', 950, 0, 100, 100),
      item('l', 'light', 0, 0, 1000, 500),
      item('s', 'screen', 0, 0, 100, 100),
    ];
    expect(freeFloorArea(rect10x5, layout)).toBeCloseTo(50 - 2 - 0.5, 9);
    expect(freeFloorArea(L_OUTLINE, [])).toBe(60);
  });

  it('property: capacity rounds down, standing holds twice seated', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (dm2) => {
        const area = dm2 / 100;
        return capacityOf(area, 'seated') === Math.floor(area) && capacityOf(area, 'standing') === Math.floor(area * 2);
      }),
    );
  });

  const sf = storefront({ outline: rect10x5, maxOccupancy: 90 });
  const layout = [item('t', 'table', 100, 100, 200, 100)]; // 48 m² free: 48 seated, 96 standing
  const run = (attendance: number, seating: 'seated' | 'standing', over = {}) =>
    checkCapacity(
      plan('p', {
        layout,
        schedule: [
          entry('e', '2026-05-02T18:00:00+02:00', '2026-05-02T22:00:00+02:00', { expectedAttendance: attendance, seating }),
        ],
      }),
      { ...sf, ...over },
    ).map((f) => f.kind);

  it('finds attendance above the free area, above the owner maximum, and the assembly threshold', () => {
    expect(run(49, 'seated')).toEqual(['capacity-area']);
    expect(run(91, 'standing')).toEqual(['capacity-owner']);
    expect(run(97, 'standing', { maxOccupancy: null })).toEqual(['capacity-area']);
    expect(
      run(200, 'standing', {
        maxOccupancy: 500,
        outline: [
          { x: 0, y: 0 },
          { x: 2000, y: 0 },
          { x: 2000, y: 1000 },
          { x: 0, y: 1000 },
        ],
      }),
    ).toEqual(['capacity-assembly']);
  });

  it('does not find attendance at the limits, below 200, or without attendance', () => {
    expect(run(48, 'seated')).toEqual([]);
    expect(run(90, 'standing')).toEqual([]);
    expect(run(96, 'standing', { maxOccupancy: null })).toEqual([]);
    expect(
      run(199, 'standing', {
        maxOccupancy: null,
        outline: [
          { x: 0, y: 0 },
          { x: 2000, y: 0 },
          { x: 2000, y: 1000 },
          { x: 0, y: 1000 },
        ],
      }),
    ).toEqual([]);
    expect(
      checkCapacity(plan('p', { schedule: [entry('e', '2026-05-02T18:00:00+02:00', '2026-05-02T22:00:00+02:00')] }), sf),
    ).toEqual([]);
  });

  it('params carry the numbers for the message', () => {
    const [f] = checkCapacity(
      plan('p', {
        layout,
        schedule: [
          entry('e', '2026-05-02T18:00:00+02:00', '2026-05-02T22:00:00+02:00', { expectedAttendance: 60, seating: 'seated' }),
        ],
      }),
      sf,
    );
    expect(f.params).toMatchObject({ attendance: 60, capacity: 48, area: 48, density: 1 });
  });
});
