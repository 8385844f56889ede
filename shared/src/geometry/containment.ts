import { classifyPoint, distanceToSegment, EPS, type Point2D, type Polygon, segmentsCross } from './polygon.ts';

/**
 * Whether the convex polygon `inner` (e.g. a rotated layout rectangle) lies inside the simple
 * polygon `outer` (a floor outline, concave allowed). Touching the boundary is inside.
 *
 * Corners inside is not enough for concave outlines (a rectangle can bridge the notch of an
 * L-shaped shop), so additionally: no edge of `inner` properly crosses an edge of `outer`, no vertex
 * of `outer` lies strictly inside `inner`, and where an edge of `inner` runs through a vertex of
 * `outer`, the pieces in between stay inside.
 */
export function polygonInsidePolygon(inner: Polygon, outer: Polygon): boolean {
  for (const p of inner) if (classifyPoint(p, outer) === 'outside') return false;
  for (let i = 0; i < inner.length; i++) {
    const a = inner[i];
    const b = inner[(i + 1) % inner.length];
    for (let j = 0; j < outer.length; j++) {
      if (segmentsCross(a, b, outer[j], outer[(j + 1) % outer.length])) return false;
    }
    // Split a–b at the outer vertices it passes through; each piece's midpoint must be inside.
    const ts = [0, 1];
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    for (const v of outer) {
      if (len2 > 0 && distanceToSegment(v, a, b) <= EPS) ts.push(((v.x - a.x) * dx + (v.y - a.y) * dy) / len2);
    }
    ts.sort((s, t) => s - t);
    for (let k = 0; k + 1 < ts.length; k++) {
      if (ts[k + 1] - ts[k] <= 1e-9) continue;
      const t = (ts[k] + ts[k + 1]) / 2;
      if (classifyPoint({ x: a.x + t * dx, y: a.y + t * dy }, outer) === 'outside') return false;
    }
  }
  for (const v of outer) if (classifyPoint(v, inner) === 'inside') return false;
  return true;
}

/** Centroid of the vertices (good enough as a label position or probe point for convex shapes). */
export function vertexCentroid(poly: Polygon): Point2D {
  let x = 0;
  let y = 0;
  for (const p of poly) {
    x += p.x;
    y += p.y;
  }
  return { x: x / poly.length, y: y / poly.length };
}
