import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  axisRect,
  classifyPoint,
  clipToConvex,
  convexPolygonsOverlap,
  DEFAULT_KEEP_CLEAR_DEPTH,
  doorKeepClearZone,
  isValidPolygon,
  type Point2D,
  pointInPolygon,
  polygonArea,
  polygonInsidePolygon,
  polygonProblem,
  type RectLike,
  rectCorners,
} from './index.ts';

// L-shaped shop: 10 m × 8 m with the top-right 5 m × 4 m cut away (reflex vertex at 500/400).
const L_SHOP: Point2D[] = [
  { x: 0, y: 0 },
  { x: 500, y: 0 },
  { x: 500, y: 400 },
  { x: 1000, y: 400 },
  { x: 1000, y: 800 },
  { x: 0, y: 800 },
];
const SQUARE_SHOP = axisRect(0, 0, 1000, 1000);

const coord = fc.integer({ min: -2000, max: 2000 });
const size = fc.integer({ min: 1, max: 800 });
const angle = fc.integer({ min: -720, max: 720 });
const rectArb: fc.Arbitrary<RectLike> = fc.record({ x: coord, y: coord, w: size, h: size, rotation: angle });

function close(a: Point2D[], b: Point2D[]): boolean {
  return a.length === b.length && a.every((p, i) => Math.abs(p.x - b[i].x) < 1e-6 && Math.abs(p.y - b[i].y) < 1e-6);
}

describe('polygon basics', () => {
  it('area of a rect polygon equals w*h, in any rotation', () => {
    fc.assert(fc.property(rectArb, (r) => Math.abs(polygonArea(rectCorners(r)) - r.w * r.h) < 1e-6 * r.w * r.h + 1e-6));
  });

  it('area of the L-shaped shop', () => {
    expect(polygonArea(L_SHOP)).toBe(1000 * 800 - 500 * 400);
    expect(polygonArea([...L_SHOP].reverse())).toBe(600_000);
  });

  it('point in concave polygon, boundary counts as inside', () => {
    expect(pointInPolygon({ x: 250, y: 200 }, L_SHOP)).toBe(true);
    expect(pointInPolygon({ x: 750, y: 200 }, L_SHOP)).toBe(false); // in the notch
    expect(pointInPolygon({ x: 750, y: 600 }, L_SHOP)).toBe(true);
    expect(classifyPoint({ x: 500, y: 200 }, L_SHOP)).toBe('boundary');
    expect(classifyPoint({ x: 1000, y: 400 }, L_SHOP)).toBe('boundary');
    expect(pointInPolygon({ x: -1, y: 0 }, L_SHOP)).toBe(false);
  });

  it('polygon validity', () => {
    expect(
      polygonProblem([
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ]),
    ).toBe('too-few-points');
    expect(
      polygonProblem([
        { x: 0, y: 0 },
        { x: 1, y: 1 },
        { x: 2, y: 2 },
      ]),
    ).not.toBeNull(); // collinear
    // bow tie
    expect(
      polygonProblem([
        { x: 0, y: 0 },
        { x: 100, y: 100 },
        { x: 100, y: 0 },
        { x: 0, y: 100 },
      ]),
    ).toBe('self-intersecting');
    // a vertex touching a non-adjacent edge
    expect(
      polygonProblem([
        { x: 0, y: 0 },
        { x: 200, y: 0 },
        { x: 200, y: 200 },
        { x: 100, y: 0 },
        { x: 0, y: 200 },
      ]),
    ).toBe('self-intersecting');
    expect(
      polygonProblem([
        { x: 0, y: 0 },
        { x: NaN, y: 0 },
        { x: 0, y: 1 },
      ]),
    ).toBe('not-finite');
    expect(isValidPolygon(L_SHOP)).toBe(true);
    expect(isValidPolygon([...L_SHOP].reverse())).toBe(true);
    expect(isValidPolygon(SQUARE_SHOP)).toBe(true);
  });

  it('rotated rectangles are valid polygons', () => {
    fc.assert(fc.property(rectArb, (r) => isValidPolygon(rectCorners(r))));
  });

  it('clipping a concave outline to a rect gives the covered area', () => {
    // Rect across the notch: 400..600 × 300..500 covers 100×100 (left-top) + 200×100 (bottom) = 30000.
    expect(polygonArea(clipToConvex(L_SHOP, axisRect(400, 300, 200, 200)))).toBeCloseTo(30_000, 6);
    expect(polygonArea(clipToConvex(L_SHOP, axisRect(2000, 2000, 10, 10)))).toBe(0);
  });
});

describe('rotated rectangles', () => {
  it('a rectangle rotated by 360° equals itself', () => {
    fc.assert(fc.property(rectArb, (r) => close(rectCorners({ ...r, rotation: r.rotation + 360 }), rectCorners(r))));
  });

  it('rotation by 90° swaps the extents about the centre', () => {
    const c = rectCorners({ x: 0, y: 0, w: 200, h: 100, rotation: 90 });
    const xs = c.map((p) => p.x);
    const ys = c.map((p) => p.y);
    expect(Math.min(...xs)).toBeCloseTo(50);
    expect(Math.max(...xs)).toBeCloseTo(150);
    expect(Math.min(...ys)).toBeCloseTo(-50);
    expect(Math.max(...ys)).toBeCloseTo(150);
  });
});

describe('overlap (SAT)', () => {
  it('is symmetric', () => {
    fc.assert(
      fc.property(
        rectArb,
        rectArb,
        (a, b) => convexPolygonsOverlap(rectCorners(a), rectCorners(b)) === convexPolygonsOverlap(rectCorners(b), rectCorners(a)),
      ),
    );
  });

  it('a rectangle overlaps itself and anything sharing its centre', () => {
    fc.assert(
      fc.property(rectArb, size, size, angle, (a, w, h, rot) => {
        const c = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
        return convexPolygonsOverlap(rectCorners(a), rectCorners({ x: c.x - w / 2, y: c.y - h / 2, w, h, rotation: rot }));
      }),
    );
  });

  it('rectangles side by side touch but do not overlap, at any common rotation', () => {
    fc.assert(
      fc.property(rectArb, size, (a, w2) => {
        // b sits right of a in a's rotated frame: same rotation about the shared frame.
        const rad = (a.rotation * Math.PI) / 180;
        const ca = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
        const off = a.w / 2 + w2 / 2;
        const cb = { x: ca.x + off * Math.cos(rad), y: ca.y + off * Math.sin(rad) };
        const b = { x: cb.x - w2 / 2, y: cb.y - a.h / 2, w: w2, h: a.h, rotation: a.rotation };
        const nudged = { ...b, x: b.x - Math.cos(rad) * 1, y: b.y - Math.sin(rad) * 1 };
        return (
          !convexPolygonsOverlap(rectCorners(a), rectCorners(b)) && convexPolygonsOverlap(rectCorners(a), rectCorners(nudged))
        );
      }),
    );
  });

  it('corner touching diamond does not overlap; rotated cross does', () => {
    const a = axisRect(0, 0, 100, 100);
    const diamond = rectCorners({ x: 100 + 50 * Math.SQRT2 - 50, y: 50 - 50, w: 100, h: 100, rotation: 45 });
    // diamond's left corner sits at (100, 50) exactly: touching, no overlap
    expect(Math.min(...diamond.map((p) => p.x))).toBeCloseTo(100, 9);
    expect(convexPolygonsOverlap(a, diamond)).toBe(false);
    expect(
      convexPolygonsOverlap(
        rectCorners({ x: 0, y: 40, w: 300, h: 20, rotation: 0 }),
        rectCorners({ x: 0, y: 40, w: 300, h: 20, rotation: 90 }),
      ),
    ).toBe(true);
  });
});

describe('rect in polygon', () => {
  const outlines: Record<string, Point2D[]> = {
    convex: [
      { x: 0, y: 0 },
      { x: 1200, y: 0 },
      { x: 1400, y: 600 },
      { x: 600, y: 1000 },
      { x: -200, y: 600 },
    ] as Point2D[],
  };

  it('a rect translated fully inside a convex outline is inside', () => {
    // The inscribed axis box 0..1200 × 0..600 lies within the pentagon; place rects within it.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1200 }),
        fc.integer({ min: 1, max: 600 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, h, fx, fy) => {
          const r = { x: fx * (1200 - w), y: fy * (600 - h), w, h, rotation: 0 };
          return polygonInsidePolygon(rectCorners(r), outlines.convex);
        },
      ),
    );
  });

  it('rotating a square by 90° about its centre leaves containment unchanged', () => {
    fc.assert(
      fc.property(coord, coord, size, angle, (x, y, s, rot) => {
        for (const outline of [L_SHOP, outlines.convex]) {
          const a = polygonInsidePolygon(rectCorners({ x, y, w: s, h: s, rotation: rot }), outline);
          const b = polygonInsidePolygon(rectCorners({ x, y, w: s, h: s, rotation: rot + 90 }), outline);
          if (a !== b) return false;
        }
        return true;
      }),
    );
  });

  it('a rect inside is not inside once it crosses the outline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), (w, h) => {
        const inside = polygonInsidePolygon(axisRect(0, 0, w, h), SQUARE_SHOP);
        const out = polygonInsidePolygon(axisRect(1000 - w + 1, 0, w, h), SQUARE_SHOP);
        return inside && !out;
      }),
    );
  });

  it('concave L-shaped shop: bridging the notch is outside even with every corner inside', () => {
    // corners (450,350),(550,350)... no: pick a rect whose four corners are inside but which covers the notch corner.
    const bridge = rectCorners({ x: 300, y: 300, w: 400, h: 400, rotation: 45 });
    expect(bridge.every((p) => pointInPolygon(p, L_SHOP))).toBe(true);
    expect(polygonInsidePolygon(bridge, L_SHOP)).toBe(false);
    expect(polygonInsidePolygon(axisRect(100, 100, 400, 300), L_SHOP)).toBe(true); // touches the notch walls
    expect(polygonInsidePolygon(axisRect(600, 400, 400, 400), L_SHOP)).toBe(true); // fills the lower right
    expect(polygonInsidePolygon(axisRect(400, 300, 200, 200), L_SHOP)).toBe(false); // over the reflex corner
    expect(polygonInsidePolygon(axisRect(600, 300, 100, 100), L_SHOP)).toBe(false); // inside the notch, touching below
  });

  it('an edge running along the notch and through the reflex vertex stays inside only when the pieces do', () => {
    // Rect 0..1000 × 400..800: its top edge runs along y=400 through the reflex vertex (500,400).
    expect(polygonInsidePolygon(axisRect(0, 400, 1000, 400), L_SHOP)).toBe(true);
    // Rect 400..600 × 400..450 touching only along the notch floor: inside.
    expect(polygonInsidePolygon(axisRect(400, 400, 200, 50), L_SHOP)).toBe(true);
  });
});

describe('door keep-clear zone', () => {
  it('lies inside the outline, the door wide and 1.2 m deep by default, for either vertex order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 900 }), fc.integer({ min: 60, max: 180 }), fc.boolean(), (pos, width, reversed) => {
        const outline = reversed ? [...SQUARE_SHOP].reverse() : [...SQUARE_SHOP];
        const zone = doorKeepClearZone({ x: pos, y: 1000, width: Math.min(width, 2 * Math.min(pos, 1000 - pos)) }, outline);
        if (!zone) return false;
        const w = Math.min(width, 2 * Math.min(pos, 1000 - pos));
        return (
          polygonInsidePolygon(zone, outline) &&
          Math.abs(polygonArea(zone) - w * DEFAULT_KEEP_CLEAR_DEPTH) < 1e-6 &&
          zone.every((p) => p.y >= 1000 - DEFAULT_KEEP_CLEAR_DEPTH - 1e-9)
        );
      }),
    );
  });

  it('an item in front of the door overlaps the zone; one just beyond its depth does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 300 }), (side, depth) => {
        const outline = side ? [...L_SHOP] : [...L_SHOP].reverse();
        // door on the left wall x=0 at y=600, 100 cm wide; zone spans y 550..650, x 0..depth
        const zone = doorKeepClearZone({ x: 0, y: 600, width: 100, keepClearDepth: depth }, outline)!;
        const inFront = axisRect(depth - 1, 560, 50, 50);
        const beyond = axisRect(depth, 560, 50, 50);
        const beside = axisRect(0, 650, 50, 50);
        return (
          convexPolygonsOverlap(zone, inFront) && !convexPolygonsOverlap(zone, beyond) && !convexPolygonsOverlap(zone, beside)
        );
      }),
    );
  });

  it('a door on a slanted wall projects onto it', () => {
    const tri: Point2D[] = [
      { x: 0, y: 0 },
      { x: 1000, y: 0 },
      { x: 0, y: 1000 },
    ];
    const zone = doorKeepClearZone({ x: 500, y: 500, width: 100 }, tri)!;
    expect(polygonInsidePolygon(zone, tri)).toBe(true);
    expect(polygonArea(zone)).toBeCloseTo(100 * DEFAULT_KEEP_CLEAR_DEPTH, 6);
  });
});
