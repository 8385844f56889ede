import type { LayoutItem, LayoutKind } from '@planner/shared';

/** Canvas geometry: shop coordinates in cm, x to the right, y into the shop; rotation clockwise in degrees. */

export interface Pt {
  x: number;
  y: number;
}

/** Sizes (cm) a new item of each kind starts with. */
export const DEFAULT_SIZE: Record<LayoutKind, { w: number; h: number }> = {
  'partition-wall': { w: 200, h: 10 },
  plinth: { w: 50, h: 50 },
  'display-case': { w: 100, h: 50 },
  table: { w: 160, h: 80 },
  'seating-row': { w: 300, h: 50 },
  screen: { w: 120, h: 10 },
  projector: { w: 40, h: 30 },
  speaker: { w: 30, h: 30 },
  light: { w: 30, h: 30 },
  artwork: { w: 60, h: 60 },
  counter: { w: 200, h: 60 },
  door: { w: 100, h: 10 },
  'keep-clear': { w: 150, h: 120 },
};

/** The palette: the installation objects (door markers come from the registry). */
export const PALETTE: LayoutKind[] = [
  'partition-wall',
  'plinth',
  'display-case',
  'table',
  'seating-row',
  'screen',
  'projector',
  'speaker',
  'light',
  'artwork',
  'counter',
  'keep-clear',
];

export const MIN_SIZE = 5;
export const KEY_STEP = 10;
export const KEY_STEP_LARGE = 100;

export function snap(v: number, grid: number): number {
  return grid > 0 ? Math.round(v / grid) * grid : Math.round(v);
}

export function rotate(p: Pt, deg: number): Pt {
  const r = (deg * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  return { x: p.x * c - p.y * s, y: p.x * s + p.y * c };
}

export function centre(i: Pick<LayoutItem, 'x' | 'y' | 'w' | 'h'>): Pt {
  return { x: i.x + i.w / 2, y: i.y + i.h / 2 };
}

/** The four corners of an item as drawn (rotated about its centre). */
export function corners(i: Pick<LayoutItem, 'x' | 'y' | 'w' | 'h' | 'rotation'>): Pt[] {
  const c = centre(i);
  return [
    [-i.w / 2, -i.h / 2],
    [i.w / 2, -i.h / 2],
    [i.w / 2, i.h / 2],
    [-i.w / 2, i.h / 2],
  ].map(([x, y]) => {
    const r = rotate({ x, y }, i.rotation);
    return { x: c.x + r.x, y: c.y + r.y };
  });
}

/**
 * Resizing by the bottom-right handle: the drawn top-left corner stays where it is, the size follows
 * the pointer measured along the item's own axes. Returns the new x, y, w, h.
 */
export function resizeFromCorner(i: LayoutItem, pointer: Pt, grid: number): Pick<LayoutItem, 'x' | 'y' | 'w' | 'h'> {
  const anchor = corners(i)[0];
  const local = rotate({ x: pointer.x - anchor.x, y: pointer.y - anchor.y }, -i.rotation);
  const w = Math.max(MIN_SIZE, snap(local.x, grid));
  const h = Math.max(MIN_SIZE, snap(local.y, grid));
  const half = rotate({ x: w / 2, y: h / 2 }, i.rotation);
  const c = { x: anchor.x + half.x, y: anchor.y + half.y };
  return { x: round1(c.x - w / 2), y: round1(c.y - h / 2), w, h };
}

/** The rotation that points the item's top towards the pointer, in whole degrees (snapped to 15° unless `free`). */
export function rotationTowards(i: LayoutItem, pointer: Pt, free: boolean): number {
  const c = centre(i);
  let deg = (Math.atan2(pointer.y - c.y, pointer.x - c.x) * 180) / Math.PI + 90;
  deg = free ? Math.round(deg) : Math.round(deg / 15) * 15;
  return normaliseDeg(deg);
}

export function normaliseDeg(deg: number): number {
  const d = ((deg % 360) + 360) % 360;
  return d === 360 ? 0 : d;
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Bounding box of points, with a margin. */
export function bounds(points: Pt[], margin = 0): Box {
  if (!points.length) return { x: -margin, y: -margin, w: 1000 + 2 * margin, h: 800 + 2 * margin };
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX - margin, y: minY - margin, w: maxX - minX + 2 * margin, h: maxY - minY + 2 * margin };
}

/** Metres with a comma in German, e.g. 1,6 m; centimetres below a metre. */
export function formatLength(cm: number, locale: string): string {
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return Math.abs(cm) >= 100 ? `${fmt.format(cm / 100)} m` : `${fmt.format(cm)} cm`;
}
