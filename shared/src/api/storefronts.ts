import { z } from 'zod';
import { DateTime, Id, Line, Page, Text } from './common.ts';
import { defineRoute } from './contract.ts';
import { polygonProblem } from '../geometry/polygon.ts';

/** Status of a storefront in the registry. */
export const STOREFRONT_STATUSES = ['vacant', 'reserved', 'in_use', 'let'] as const;
export type StorefrontStatus = (typeof STOREFRONT_STATUSES)[number];

/** A point of the floor outline, in cm, shop coordinates (x to the right, y into the shop). */
export const Point = z.object({
  x: z.number().finite().min(-100_000).max(100_000),
  y: z.number().finite().min(-100_000).max(100_000),
});

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
    /** Publishing a plan here needs the owner's current consent (issue 13; default on). */
    consentRequired: z.boolean(),
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
  consentRequired: z.boolean(),
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
    consentRequired: storefrontFields.consentRequired.default(true),
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

/**
 * A storefront as everyone signed in sees it. `ownerId` only for staff and its owner; owner contacts
 * (`owner`, `keyHandoverNotes`) only for staff, the owner and members of plans there (who meet the owner
 * in the plan anyway). Read back from storage, so its parts are checked
 * loosely (a stored window or outline is not re-validated on every answer).
 */
export const StorefrontSchema = z.object({
  id: z.string(),
  quarterId: z.string(),
  quarterName: z.string(),
  title: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  areaM2: z.number(),
  frontageCm: z.number(),
  windowWidthCm: z.number(),
  outline: z.array(z.object({ x: z.number(), y: z.number() })),
  doors: z.array(
    z.object({
      id: z.string().optional(),
      x: z.number(),
      y: z.number(),
      width: z.number(),
      keepClearDepth: z.number().optional(),
      main: z.boolean(),
    }),
  ),
  power: z.object({ sockets: z.number(), maxLoadKw: z.number().nullable() }),
  water: z.boolean(),
  toilet: z.boolean(),
  heating: z.boolean(),
  stepFree: z.boolean(),
  maxOccupancy: z.number().nullable(),
  availability: z.array(z.object({ start: z.string(), end: z.string(), note: z.string().optional() })),
  houseRules: z.array(z.string()),
  keyHandoverNotes: z.string(),
  status: z.enum(STOREFRONT_STATUSES),
  /** Who owns it: only for staff and that storefront's owner (`storefront.readOwner`); absent for others. */
  ownerId: z.string().nullable().optional(),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable().optional(),
  /** Publishing a plan here needs the owner's current consent. */
  consentRequired: z.boolean(),
  updatedAt: z.string(),
});
export type Storefront = z.infer<typeof StorefrontSchema>;

export const StorefrontParams = z.object({ storefrontId: Id });

/** A page of storefronts (see `Paged`). */
export const StorefrontPage = z.object({
  items: z.array(StorefrontSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const storefrontRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/storefronts',
    summary: 'The storefront registry, filtered (quarter, status, free in a date range, minimum area)',
    tags: ['storefronts'],
    query: StorefrontListQuery,
    response: { 200: StorefrontPage },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/storefronts',
    summary: 'Registers a storefront (staff)',
    tags: ['storefronts'],
    body: StorefrontCreate,
    response: { 201: StorefrontSchema },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId',
    summary: 'One storefront (owner contacts for staff, its owner and plan members there)',
    tags: ['storefronts'],
    params: StorefrontParams,
    response: { 200: StorefrontSchema },
  }),
  /**
   * Staff change any field; the owner only availability, rules, key notes and maximum occupancy (any
   * other field is a 400 naming it). The body schema is the staff one; the owner's subset is checked
   * by the handler, which knows who asks.
   */
  update: defineRoute({
    method: 'PATCH',
    path: '/api/storefronts/:storefrontId',
    summary: 'Changes a storefront (staff: everything; its owner: availability, rules, notes, max occupancy)',
    tags: ['storefronts'],
    params: StorefrontParams,
    body: StorefrontPatch,
    response: { 200: StorefrontSchema },
  }),
};
