/**
 * Plane geometry over plain points in centimetres (shop coordinates, y pointing down as on screen).
 * Everything is pure and allocation-light; the checks in ../checks build on it.
 *
 * Tolerance: coordinates come from rotations and user input, so "touching" is decided with EPS
 * (1e-6 cm). Touching edges or points never count as an overlap or as leaving a polygon.
 */

/** A point in centimetres. */
export interface Point2D {
  x: number;
  y: number;
}

/** A polygon as its vertices in order (either orientation), without repeating the first vertex. */
export type Polygon = readonly Point2D[];

/** Distances below this (cm) count as zero. */
export const EPS = 1e-6;

/** Signed shoelace area: positive when the interior lies left of each edge (cross-product sense). */
export function signedArea(poly: Polygon): number {
  let sum = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i];
    const b = poly[(i + 1) % poly.length];
    sum += a.x * b.y - b.x * a.y;
  }
  return sum / 2;
}

/** Area of a simple polygon (shoelace), in cm². */
export function polygonArea(poly: Polygon): number {
  return Math.abs(signedArea(poly));
}

/** Cross product of (b - a) and (c - a): > 0 when c is left of a→b. */
export function cross(a: Point2D, b: Point2D, c: Point2D): number {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/** Distance from p to the segment a–b. */
export function distanceToSegment(p: Point2D, a: Point2D, b: Point2D): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Whether p lies on the boundary of the polygon (within EPS). */
export function pointOnBoundary(p: Point2D, poly: Polygon): boolean {
  for (let i = 0; i < poly.length; i++) {
    if (distanceToSegment(p, poly[i], poly[(i + 1) % poly.length]) <= EPS) return true;
  }
  return false;
}

/**
 * Where p lies relative to the polygon: 'inside', 'boundary' or 'outside'.
 * Works for concave simple polygons (even-odd ray casting).
 */
export function classifyPoint(p: Point2D, poly: Polygon): 'inside' | 'boundary' | 'outside' {
  if (pointOnBoundary(p, poly)) return 'boundary';
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i];
    const b = poly[j];
    if (a.y > p.y !== b.y > p.y) {
      const xCross = ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x;
      if (p.x < xCross) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

/** Point in polygon; points on the boundary count as inside. */
export function pointInPolygon(p: Point2D, poly: Polygon): boolean {
  return classifyPoint(p, poly) !== 'outside';
}

/**
 * Whether segments a–b and c–d cross properly: each one's endpoints lie strictly on opposite sides
 * of the other. Touching (an endpoint on the other segment) and collinear overlap are not crossings.
 */
export function segmentsCross(a: Point2D, b: Point2D, c: Point2D, d: Point2D): boolean {
  const scale = Math.max(1, Math.hypot(b.x - a.x, b.y - a.y), Math.hypot(d.x - c.x, d.y - c.y));
  const tol = EPS * scale;
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > tol && d2 < -tol) || (d1 < -tol && d2 > tol)) && ((d3 > tol && d4 < -tol) || (d3 < -tol && d4 > tol));
}

/** Whether segments a–b and c–d share any point (touching and collinear overlap included). */
export function segmentsTouch(a: Point2D, b: Point2D, c: Point2D, d: Point2D): boolean {
  if (segmentsCross(a, b, c, d)) return true;
  return (
    distanceToSegment(a, c, d) <= EPS ||
    distanceToSegment(b, c, d) <= EPS ||
    distanceToSegment(c, a, b) <= EPS ||
    distanceToSegment(d, a, b) <= EPS
  );
}

/** Why a polygon is not a valid floor outline, or null when it is. */
export type PolygonProblem = 'too-few-points' | 'not-finite' | 'zero-area' | 'self-intersecting';

/**
 * Validates a floor outline: at least 3 points, finite coordinates, non-zero area and simple
 * (no two non-adjacent edges touch, adjacent edges meet only at their shared vertex).
 * Returns null for a valid polygon.
 */
export function polygonProblem(poly: Polygon): PolygonProblem | null {
  if (poly.length < 3) return 'too-few-points';
  if (!poly.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) return 'not-finite';
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const a = poly[i];
    const b = poly[(i + 1) % n];
    if (Math.hypot(b.x - a.x, b.y - a.y) <= EPS) return 'self-intersecting'; // repeated vertex
    for (let j = i + 1; j < n; j++) {
      const c = poly[j];
      const d = poly[(j + 1) % n];
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) {
        // Adjacent edges share one vertex; they must not fold back onto each other.
        const shared = j === i + 1 ? b : a;
        const otherOfI = j === i + 1 ? a : b;
        const otherOfJ = j === i + 1 ? d : c;
        if (
          Math.abs(cross(shared, otherOfI, otherOfJ)) <= EPS &&
          (otherOfI.x - shared.x) * (otherOfJ.x - shared.x) + (otherOfI.y - shared.y) * (otherOfJ.y - shared.y) > 0
        ) {
          return 'self-intersecting';
        }
      } else if (segmentsTouch(a, b, c, d)) {
        return 'self-intersecting';
      }
    }
  }
  if (polygonArea(poly) <= EPS) return 'zero-area';
  return null;
}

/** Whether the polygon is a valid simple polygon (see polygonProblem). */
export function isValidPolygon(poly: Polygon): boolean {
  return polygonProblem(poly) === null;
}

/**
 * Clips `subject` (any simple polygon, concave allowed) to a convex `clip` polygon
 * (Sutherland–Hodgman). The result may contain degenerate edges for concave subjects, but its
 * shoelace area is exact, which is all it is used for.
 */
export function clipToConvex(subject: Polygon, clip: Polygon): Point2D[] {
  let output: Point2D[] = [...subject];
  const orientation = Math.sign(signedArea(clip)) || 1;
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i];
    const b = clip[(i + 1) % clip.length];
    const input = output;
    output = [];
    const inside = (p: Point2D) => cross(a, b, p) * orientation >= 0;
    const intersect = (p: Point2D, q: Point2D): Point2D => {
      const cp = cross(a, b, p);
      const cq = cross(a, b, q);
      const t = cp / (cp - cq);
      return { x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) };
    };
    for (let k = 0; k < input.length; k++) {
      const cur = input[k];
      const prev = input[(k + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) output.push(intersect(prev, cur));
        output.push(cur);
      } else if (inside(prev)) {
        output.push(intersect(prev, cur));
      }
    }
  }
  return output;
}
