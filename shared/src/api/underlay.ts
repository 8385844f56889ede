/**
 * Route contracts of the floor-plan underlay (issue 17): a scan or photo of a shop's real floor plan,
 * one per storefront, shared by all its plans. It is calibrated by two points on the image and their
 * real distance (→ cm per image pixel), then turned and moved into place (cm, shop coordinates) and
 * drawn with an opacity under the layout canvas, the outline editor and the print view.
 *
 * Placement (see {@link underlayToShop}): the image, scaled to cm, sits with its top-left corner at
 * `offsetXCm/offsetYCm` and is turned by `rotationDeg` (clockwise, as SVG and layout items turn) about
 * its own centre.
 */
import { z } from 'zod';
import { Id } from './common.ts';
import { defineRoute } from './contract.ts';

export const UNDERLAY_STATES = ['processing', 'ready', 'failed'] as const;

/** Limits of a calibration, checked at the edge (numbers must be finite). */
export const UNDERLAY_LIMITS = {
  /** Largest real distance between the two points, cm (1 km). */
  maxDistanceCm: 100_000,
  /** Largest offset either way, cm (1 km). */
  maxOffsetCm: 100_000,
  /** Rotation range, degrees. */
  maxRotationDeg: 360,
} as const;

/** A point on the image, in image pixels (x to the right, y down, from the top-left corner). */
export const ImagePoint = z.object({ x: z.number().min(0).max(100_000), y: z.number().min(0).max(100_000) }).strict();
export type ImagePoint = z.infer<typeof ImagePoint>;

/** Two points on the image and their real distance: the scale. */
export const UnderlayScale = z
  .object({
    p1: ImagePoint,
    p2: ImagePoint,
    /** The real distance between p1 and p2, cm (> 0). */
    distanceCm: z.number().gt(0).max(UNDERLAY_LIMITS.maxDistanceCm),
  })
  .strict()
  .superRefine((s, ctx) => {
    // Points closer than a tenth of a pixel give no scale.
    if (Math.hypot(s.p2.x - s.p1.x, s.p2.y - s.p1.y) < 0.1) {
      ctx.addIssue({ code: 'custom', path: ['p2'], message: 'p2 must differ from p1', params: { key: 'underlay.pointsEqual' } });
    }
  });
export type UnderlayScale = z.infer<typeof UnderlayScale>;

const Rotation = z.number().min(-UNDERLAY_LIMITS.maxRotationDeg).max(UNDERLAY_LIMITS.maxRotationDeg);
const Offset = z.number().min(-UNDERLAY_LIMITS.maxOffsetCm).max(UNDERLAY_LIMITS.maxOffsetCm);
const Opacity = z.number().min(0).max(1);

/** A change of the calibration: any of its parts; `scale: null` forgets the two points. */
export const UnderlayCalibrationPatch = z
  .object({
    scale: UnderlayScale.nullable().optional(),
    rotationDeg: Rotation.optional(),
    offsetXCm: Offset.optional(),
    offsetYCm: Offset.optional(),
    opacity: Opacity.optional(),
  })
  .strict()
  .meta({ id: 'UnderlayCalibrationPatch' });
export type UnderlayCalibrationPatch = z.infer<typeof UnderlayCalibrationPatch>;

export const UnderlayCalibration = z.object({
  /** The two points and their distance, or null while not calibrated. */
  scale: z
    .object({
      p1: z.object({ x: z.number(), y: z.number() }),
      p2: z.object({ x: z.number(), y: z.number() }),
      distanceCm: z.number(),
    })
    .nullable(),
  /** cm per image pixel, from `scale`; null while not calibrated. */
  cmPerPx: z.number().nullable(),
  rotationDeg: z.number(),
  offsetXCm: z.number(),
  offsetYCm: z.number(),
  opacity: z.number(),
});
export type UnderlayCalibration = z.infer<typeof UnderlayCalibration>;

export const Underlay = z
  .object({
    id: Id,
    storefrontId: Id,
    state: z.enum(UNDERLAY_STATES),
    /** Why processing failed (a message key). */
    failureKey: z.string().nullable(),
    /** The type found in the upload's content. */
    contentType: z.string(),
    fileName: z.string(),
    bytes: z.number().int(),
    /** The served image's size in pixels (what the calibration points refer to); null while processing. */
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    /** The served image (through the app, checked on every read); null until ready. */
    imageUrl: z.string().nullable(),
    calibration: UnderlayCalibration,
    updatedAt: z.string(),
  })
  .meta({ id: 'Underlay' });
export type Underlay = z.infer<typeof Underlay>;

export const UnderlayState = z.object({
  underlay: Underlay.nullable(),
  /** The largest file an upload may be (UPLOAD_MAX_FILE_MB). */
  maxFileBytes: z.number().int(),
});
export type UnderlayState = z.infer<typeof UnderlayState>;

const storefrontOnly = z.object({ storefrontId: Id });
export const UnderlayImageParams = z.object({ storefrontId: Id, underlayId: Id });

/** The upload's body as the OpenAPI document shows it (read as a stream, never parsed into this). */
export const UnderlayUploadBody = z
  .object({ file: z.unknown().meta({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP or AVIF' }) })
  .nullish();

export const underlayRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId/underlay',
    summary: "The storefront's floor-plan underlay with its calibration, or null",
    tags: ['underlay'],
    params: storefrontOnly,
    response: { 200: UnderlayState },
  }),
  upload: defineRoute({
    method: 'POST',
    path: '/api/storefronts/:storefrontId/underlay',
    summary:
      'Upload (or replace) the floor-plan underlay (multipart/form-data, part `file`): JPEG, PNG, WebP or AVIF by content; 413 over the limit, 415 otherwise',
    tags: ['underlay'],
    params: storefrontOnly,
    body: UnderlayUploadBody,
    consumes: 'multipart/form-data',
    response: { 201: Underlay },
  }),
  calibrate: defineRoute({
    method: 'PATCH',
    path: '/api/storefronts/:storefrontId/underlay',
    summary: 'Change the calibration: two points and their distance, rotation, offset, opacity',
    tags: ['underlay'],
    params: storefrontOnly,
    body: UnderlayCalibrationPatch,
    response: { 200: Underlay },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/storefronts/:storefrontId/underlay',
    summary: 'Remove the underlay and its files',
    tags: ['underlay'],
    params: storefrontOnly,
    response: { 204: z.null() },
  }),
  image: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId/underlay/:underlayId/image',
    summary: "The underlay's image (without EXIF/GPS), Cache-Control: private",
    tags: ['underlay'],
    params: UnderlayImageParams,
    response: { 200: z.string() },
    produces: 'application/octet-stream',
  }),
};

/** How an underlay is placed: cm per pixel, rotation and offset (see the module comment). */
export interface UnderlayPlacement {
  cmPerPx: number;
  rotationDeg: number;
  offsetXCm: number;
  offsetYCm: number;
  width: number;
  height: number;
}

/**
 * The placement of an underlay: its calibrated scale, or, while it is not calibrated, one that makes
 * the image as wide as `fallbackWidthCm` (the outline's width), or 1 cm per pixel.
 */
export function underlayPlacement(
  u: Pick<Underlay, 'width' | 'height' | 'calibration'>,
  fallbackWidthCm?: number,
): UnderlayPlacement | null {
  if (!u.width || !u.height) return null;
  const c = u.calibration;
  const cmPerPx = c.cmPerPx ?? (fallbackWidthCm && fallbackWidthCm > 0 ? fallbackWidthCm / u.width : 1);
  return {
    cmPerPx,
    rotationDeg: c.rotationDeg,
    offsetXCm: c.offsetXCm,
    offsetYCm: c.offsetYCm,
    width: u.width,
    height: u.height,
  };
}

/** cm per image pixel of two points and their real distance. */
export function cmPerPxOf(s: { p1: ImagePoint; p2: ImagePoint; distanceCm: number }): number {
  return s.distanceCm / Math.hypot(s.p2.x - s.p1.x, s.p2.y - s.p1.y);
}

/** Where an image pixel lies in the shop (cm): scaled, turned about the image's centre, moved. */
export function underlayToShop(p: UnderlayPlacement, pt: ImagePoint): { x: number; y: number } {
  const s = p.cmPerPx;
  const cx = (p.width * s) / 2;
  const cy = (p.height * s) / 2;
  const a = (p.rotationDeg * Math.PI) / 180;
  const dx = pt.x * s - cx;
  const dy = pt.y * s - cy;
  return {
    x: p.offsetXCm + cx + dx * Math.cos(a) - dy * Math.sin(a),
    y: p.offsetYCm + cy + dx * Math.sin(a) + dy * Math.cos(a),
  };
}

/** The SVG `transform` that draws an image of `width`×`height` user units (pixels) as placed. */
export function underlaySvgTransform(p: UnderlayPlacement): string {
  const s = p.cmPerPx;
  return `translate(${p.offsetXCm} ${p.offsetYCm}) rotate(${p.rotationDeg} ${(p.width * s) / 2} ${(p.height * s) / 2}) scale(${s})`;
}
