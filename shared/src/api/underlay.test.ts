import { describe, expect, it } from 'vitest';
import { UnderlayCalibrationPatch, cmPerPxOf, underlayPlacement, underlayToShop } from './underlay.ts';

const calibration = (over: Record<string, unknown> = {}) => ({
  scale: null,
  cmPerPx: null,
  rotationDeg: 0,
  offsetXCm: 0,
  offsetYCm: 0,
  opacity: 0.5,
  ...over,
});

describe('underlay placement', () => {
  it('takes cm per pixel from two points and their distance', () => {
    expect(cmPerPxOf({ p1: { x: 100, y: 100 }, p2: { x: 350, y: 100 }, distanceCm: 500 })).toBe(2);
    expect(cmPerPxOf({ p1: { x: 0, y: 0 }, p2: { x: 30, y: 40 }, distanceCm: 100 })).toBe(2);
  });

  it('maps image pixels to shop cm: scaled, turned about the centre, moved', () => {
    const p = underlayPlacement({
      width: 200,
      height: 100,
      calibration: calibration({ cmPerPx: 2, offsetXCm: 10, offsetYCm: 20 }),
    })!;
    expect(underlayToShop(p, { x: 0, y: 0 })).toEqual({ x: 10, y: 20 });
    expect(underlayToShop(p, { x: 200, y: 100 })).toEqual({ x: 410, y: 220 });
    const turned = underlayPlacement({ width: 200, height: 100, calibration: calibration({ cmPerPx: 2, rotationDeg: 90 }) })!;
    // The centre stays; the top-left corner turns clockwise about it (y down).
    const c = underlayToShop(turned, { x: 100, y: 50 });
    expect(c.x).toBeCloseTo(200);
    expect(c.y).toBeCloseTo(100);
    const tl = underlayToShop(turned, { x: 0, y: 0 });
    expect(tl.x).toBeCloseTo(300);
    expect(tl.y).toBeCloseTo(-100);
    // Distances are kept whatever the rotation: 250 px at 2 cm/px are 500 cm.
    const a = underlayToShop(turned, { x: 20, y: 30 });
    const b = underlayToShop(turned, { x: 170, y: 230 });
    expect(Math.hypot(b.x - a.x, b.y - a.y)).toBeCloseTo(500);
  });

  it('fits an uncalibrated image to the outline’s width, else 1 cm per pixel', () => {
    expect(underlayPlacement({ width: 400, height: 100, calibration: calibration() }, 800)!.cmPerPx).toBe(2);
    expect(underlayPlacement({ width: 400, height: 100, calibration: calibration() })!.cmPerPx).toBe(1);
    expect(underlayPlacement({ width: null, height: null, calibration: calibration() })).toBeNull();
  });

  it('refuses equal points, a distance of 0, opacity outside 0–1 and non-finite numbers, naming the field', () => {
    const paths = (body: unknown) => {
      const r = UnderlayCalibrationPatch.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ scale: { p1: { x: 1, y: 1 }, p2: { x: 1, y: 1 }, distanceCm: 10 } })).toEqual(['scale.p2']);
    expect(paths({ scale: { p1: { x: 1, y: 1 }, p2: { x: 9, y: 1 }, distanceCm: 0 } })).toEqual(['scale.distanceCm']);
    expect(paths({ opacity: 1.5 })).toEqual(['opacity']);
    expect(paths({ rotationDeg: Number.POSITIVE_INFINITY })).toEqual(['rotationDeg']);
    expect(paths({ offsetXCm: Number.NaN })).toEqual(['offsetXCm']);
    expect(paths({ scale: null, rotationDeg: 12.5, offsetXCm: -40, offsetYCm: 30, opacity: 0 })).toEqual([]);
  });
});
