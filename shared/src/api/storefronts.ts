import { z } from 'zod';
import { DateTime, Id, Line, Page, Text } from './common.ts';
import { polygonProblem } from '../geometry/polygon.ts';

/** Status of a storefront in the registry. */
export const STOREFRONT_STATUSES = ['vacant', 'reserved', 'in_use', 'let'] as const;
export type StorefrontStatus = (typeof STOREFRONT_STATUSES)[number];

/** A point of the floor outline, in cm, shop coordinates (x to the right, y into the shop). */
export const Point = z.object({ x: z.number().finite().min(-100_000).max(100_000), y: z.number().finite().min(-100_000).max(100_000) });

const OUTLINE_PROBLEMS = {
  'too-few-points': 'outline needs at least 3 points',
  'not-finite': 'outline has a point that is not a number',
  'zero-area': 'outline encloses no area',
  'self-intersecting': 'outline crosses itself',
} as const;

/** A floor outline: a simple polygon (≥ 3 points, not self-intersecting) in cm. */
export const Outline = z
  .array(Point)
  .min(3, OUTLINE_PROBLEMS['too-few-points'])
  .max(500)
  .superRefine((pts, ctx) => {
    const problem = polygonProblem(pts);
    if (problem) ctx.addIssue({ code: 'custom', message: OUTLINE_PROBLEMS[problem] });
  });

/**
 * A door: (x, y) is the middle of the opening on the outline (cm), `width` its clear width. The
 * keep-clear zone runs along the nearest outline edge into the shop, `keepClearDepth` deep (default 120).
 */
export const Door = z.object({
  id: z.string().max(100).optional(),
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().min(50).max(1000),
  keepClearDepth: z.number().finite().min(0).max(1000).optional(),
  main: z.boolean().default(false),
});

export const AvailabilityWindow = z
  .object({ start: DateTime, end: DateTime, note: Text(500).optional() })
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'end must be after start', path: ['end'] });

export const Power = z.object({
  sockets: z.number().int().min(0).max(500).default(0),
  maxLoadKw: z.number().min(0).max(1000).nullable().default(null),
});

/** Fields an owner may edit on their own storefront. */
export const StorefrontOwnerPatch = z
  .object({
    availability: z.array(AvailabilityWindow).max(200),
    houseRules: z.array(Line(300)).max(50),
    keyHandoverNotes: Text(4000),
    maxOccupancy: z.number().int().min(0).max(10_000).nullable(),
  })
  .partial()
  .strict();
export type StorefrontOwnerPatch = z.infer<typeof StorefrontOwnerPatch>;

/** The fields of a storefront, without defaults (shared by create and patch). */
const storefrontFields = {
  quarterId: Id,
  title: Line(200),
  address: Line(300),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  areaM2: z.number().positive().max(100_000),
  frontageCm: z.number().min(0).max(100_000),
  windowWidthCm: z.number().min(0).max(100_000),
  outline: Outline,
  doors: z.array(Door).max(20),
  power: Power,
  water: z.boolean(),
  toilet: z.boolean(),
  heating: z.boolean(),
  stepFree: z.boolean(),
  maxOccupancy: z.number().int().min(0).max(10_000).nullable(),
  availability: z.array(AvailabilityWindow).max(200),
  houseRules: z.array(Line(300)).max(50),
  keyHandoverNotes: Text(4000),
  status: z.enum(STOREFRONT_STATUSES),
  ownerId: Id.nullable(),
};

/** Everything staff set when registering a storefront; what is left out gets a default. */
export const StorefrontCreate = z
  .object({
    ...storefrontFields,
    frontageCm: storefrontFields.frontageCm.default(0),
    windowWidthCm: storefrontFields.windowWidthCm.default(0),
    doors: storefrontFields.doors.default([]),
    power: Power.default({ sockets: 0, maxLoadKw: null }),
    water: storefrontFields.water.default(false),
    toilet: storefrontFields.toilet.default(false),
    heating: storefrontFields.heating.default(false),
    stepFree: storefrontFields.stepFree.default(false),
    maxOccupancy: storefrontFields.maxOccupancy.default(null),
    availability: storefrontFields.availability.default([]),
    houseRules: storefrontFields.houseRules.default([]),
    keyHandoverNotes: storefrontFields.keyHandoverNotes.default(''),
    status: storefrontFields.status.default('vacant'),
    ownerId: storefrontFields.ownerId.default(null),
  })
  .strict();
export type StorefrontCreate = z.infer<typeof StorefrontCreate>;

/** Staff may change any field; a field left out stays as it is (no defaults here). */
export const StorefrontPatch = z.object(storefrontFields).partial().strict();
export type StorefrontPatch = z.infer<typeof StorefrontPatch>;

export const StorefrontListQuery = Page.extend({
  quarter: Id.optional(),
  status: z.enum(STOREFRONT_STATUSES).optional(),
  /** Free in [freeFrom, freeTo): an availability window covers it and no submitted/approved/published plan overlaps. */
  freeFrom: DateTime.optional(),
  freeTo: DateTime.optional(),
  minArea: z.coerce.number().min(0).optional(),
}).refine((q) => !q.freeFrom === !q.freeTo, { message: 'freeFrom and freeTo go together', path: ['freeTo'] });

/** A storefront as everyone signed in sees it. Owner contacts only for staff and plan members. */
export interface Storefront {
  id: string;
  quarterId: string;
  quarterName: string;
  title: string;
  address: string;
  lat: number;
  lng: number;
  areaM2: number;
  frontageCm: number;
  windowWidthCm: number;
  outline: { x: number; y: number }[];
  doors: z.infer<typeof Door>[];
  power: z.infer<typeof Power>;
  water: boolean;
  toilet: boolean;
  heating: boolean;
  stepFree: boolean;
  maxOccupancy: number | null;
  availability: { start: string; end: string; note?: string }[];
  houseRules: string[];
  keyHandoverNotes: string;
  status: StorefrontStatus;
  ownerId: string | null;
  owner?: { id: string; name: string; email: string } | null;
  updatedAt: string;
}

export interface Quarter {
  id: string;
  name: string;
  slug: string;
}

/** `POST /api/quarters` (staff): a new quarter, e.g. a district centre that joins the programme. */
export const QuarterCreate = z
  .object({
    name: Line(100),
    slug: z.string().trim().min(2).max(60).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes'),
  })
  .strict();
export type QuarterCreate = z.infer<typeof QuarterCreate>;

/** `GET /api/activity` (staff): the audit log, newest first, optionally of one plan. */
