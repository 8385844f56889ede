import type { Point2D, Polygon } from './polygon.ts';

/**
 * A layout rectangle as stored in the plan document: (x, y) is the top-left corner of the
 * unrotated rectangle, w and h its size (cm), rotation in degrees clockwise on screen (y down)
 * about the rectangle's centre.
 */
export interface RectLike {
  x: number;
  y: number;
  w: number;
  h: number;
  rotation: number;
}

/** The centre of a rectangle (rotation does not move it). */
export function rectCentre(r: RectLike): Point2D {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

/**
 * The four corners of a rotated rectangle, in order (top-left, top-right, bottom-right,
 * bottom-left before rotation).
 */
export function rectCorners(r: RectLike): Point2D[] {
  const c = rectCentre(r);
  const rad = ((r.rotation % 360) * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const hw = r.w / 2;
  const hh = r.h / 2;
  const local: Array<[number, number]> = [
    [-hw, -hh],
    [hw, -hh],
    [hw, hh],
    [-hw, hh],
  ];
  return local.map(([lx, ly]) => ({ x: c.x + lx * cos - ly * sin, y: c.y + lx * sin + ly * cos }));
}

/** Axis-aligned rectangle polygon from its top-left corner and size. */
export function axisRect(x: number, y: number, w: number, h: number): Polygon {
  return [
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
  ];
}
