/**
 * Places (issue 14): when a storefront is taken (occupancy), and the quarter pages.
 *
 * `GET /api/storefronts/:storefrontId/occupancy` (every signed-in role): the periods that submitted,
 * approved and published plans hold the storefront. A period names its plan only when the viewer may
 * read that plan (`plan.read`) or the plan is published; otherwise it is just "belegt" (no title, no id).
 *
 * `GET /api/quarters/:quarter` (anyone, by slug or id): the quarter page (description, contact person,
 * storefronts, upcoming public entries). `PATCH /api/quarters/:quarter` (staff) changes it.
 */
import { z } from 'zod';
import { Line, Text } from './common.ts';
import { defineRoute } from './contract.ts';
import { STOREFRONT_STATUSES } from './storefronts.ts';
import { ProgrammeEntry } from './review.ts';

/** One booked period of a storefront; `planId`/`title` only where the viewer may see them. */
export const OccupancyPeriod = z
  .object({
    start: z.string(),
    end: z.string(),
    /** submitted, approved or published. */
    status: z.enum(['submitted', 'approved', 'published']),
    /** Present only when the viewer may read the plan or it is published. */
    planId: z.string().optional(),
    title: z.string().optional(),
  })
  .strict();
export type OccupancyPeriod = z.infer<typeof OccupancyPeriod>;

export const Occupancy = z.object({ storefrontId: z.string(), periods: z.array(OccupancyPeriod) }).strict();
export type Occupancy = z.infer<typeof Occupancy>;

export const OccupancyParams = z.object({ storefrontId: z.string().uuid() });

/** A quarter by its slug or its id. */
export const QuarterParams = z.object({
  quarter: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9-]+$/, 'a slug or an id'),
});

const PHONE = /^\+?[0-9 ()/-]{3,40}$/;
/** A phone number as people write it: digits, spaces, + ( ) / -; at least 3 digits. */
export const PhoneSchema = z
  .string()
  .trim()
  .max(40)
  .regex(PHONE, 'not a phone number (digits, spaces, + ( ) / -)')
  .refine((v) => (v.match(/[0-9]/g)?.length ?? 0) >= 3, 'not a phone number (at least 3 digits)');

export const QuarterContact = z.object({ name: z.string(), email: z.string(), phone: z.string() }).strict();

export const QuarterStorefront = z
  .object({ id: z.string(), title: z.string(), address: z.string(), status: z.enum(STOREFRONT_STATUSES) })
  .strict();

/** The quarter page: public. */
export const QuarterPage = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    description: z.string(),
    contact: QuarterContact,
    /** One of the established creative quarters (the city reports count stagings outside them, issue 20). */
    established: z.boolean(),
    storefronts: z.array(QuarterStorefront),
    entries: z.array(ProgrammeEntry),
  })
  .strict();
export type QuarterPage = z.infer<typeof QuarterPage>;

/** Staff change a quarter's page; a field left out stays as it is, an empty contact field clears it. */
export const QuarterPatch = z
  .object({
    name: Line(100),
    description: Text(5000),
    contactName: z.union([Line(200), z.literal('')]),
    contactEmail: z.union([z.string().trim().toLowerCase().email().max(254), z.literal('')]),
    contactPhone: z.union([PhoneSchema, z.literal('')]),
    /** One of the established creative quarters (the city reports count stagings outside them, issue 20). */
    established: z.boolean(),
  })
  .partial()
  .strict();
export type QuarterPatch = z.infer<typeof QuarterPatch>;

export const placesRoutes = {
  occupancy: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId/occupancy',
    summary: 'When the storefront is taken: periods of submitted, approved and published plans',
    tags: ['storefronts'],
    params: OccupancyParams,
    response: { 200: Occupancy },
  }),
  quarter: defineRoute({
    method: 'GET',
    path: '/api/quarters/:quarter',
    summary: 'A quarter page (by slug or id): description, contact, storefronts, upcoming public entries',
    tags: ['quarters'],
    params: QuarterParams,
    response: { 200: QuarterPage },
  }),
  quarterUpdate: defineRoute({
    method: 'PATCH',
    path: '/api/quarters/:quarter',
    summary: 'Changes a quarter page (staff)',
    tags: ['quarters'],
    params: QuarterParams,
    body: QuarterPatch,
    response: { 200: QuarterPage },
  }),
};
