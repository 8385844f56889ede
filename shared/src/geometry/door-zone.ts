import { distanceToSegment, type Point2D, type Polygon, signedArea } from './polygon.ts';

/** Default depth of the zone kept clear inside a door, in cm (1.2 m). */
export const DEFAULT_KEEP_CLEAR_DEPTH = 120;

/** A door in a floor outline: (x, y) is the middle of the door opening, on (or near) an outline edge. */
export interface DoorLike {
  x: number;
  y: number;
  /** Clear width of the opening in cm. */
  width: number;
  /** Depth of the keep-clear zone in cm; DEFAULT_KEEP_CLEAR_DEPTH when absent. */
  keepClearDepth?: number;
}

/**
 * The keep-clear zone of a door: a rectangle as wide as the door, along the outline edge nearest to
 * the door's midpoint, reaching `keepClearDepth` into the shop (the interior side is taken from the
 * outline's orientation, so it works for concave outlines and either vertex order).
 * Returns the zone's four corners, or null for an outline with fewer than 3 points.
 */
export function doorKeepClearZone(door: DoorLike, outline: Polygon): Point2D[] | null {
  if (outline.length < 3) return null;
  let best = -1;
  let bestDist = Infinity;
  for (let i = 0; i < outline.length; i++) {
    const d = distanceToSegment(door, outline[i], outline[(i + 1) % outline.length]);
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  }
  const a = outline[best];
  const b = outline[(best + 1) % outline.length];
  const len = Math.hypot(b.x - a.x, b.y - a.y);
  if (len === 0) return null;
  const tx = (b.x - a.x) / len;
  const ty = (b.y - a.y) / len;
  // Interior lies left of each edge (normal (-ty, tx)) when the signed area is positive.
  const side = signedArea(outline) >= 0 ? 1 : -1;
  const nx = -ty * side;
  const ny = tx * side;
  // Project the door onto the edge so a slightly-off door position still yields a zone on the wall.
  const t = (door.x - a.x) * tx + (door.y - a.y) * ty;
  const m = { x: a.x + t * tx, y: a.y + t * ty };
  const half = door.width / 2;
  const depth = door.keepClearDepth ?? DEFAULT_KEEP_CLEAR_DEPTH;
  const p1 = { x: m.x - tx * half, y: m.y - ty * half };
  const p2 = { x: m.x + tx * half, y: m.y + ty * half };
  return [p1, p2, { x: p2.x + nx * depth, y: p2.y + ny * depth }, { x: p1.x + nx * depth, y: p1.y + ny * depth }];
}
