/** The creative quarters of the city (Unionviertel, Nordstadt, district centres …). */
import { z } from 'zod';
import { Line } from './common.ts';
import { defineRoute } from './contract.ts';

export const QuarterSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() });
export type Quarter = z.infer<typeof QuarterSchema>;

/** `POST /api/quarters` (staff): a new quarter, e.g. a district centre that joins the programme. */
export const QuarterCreate = z
  .object({
    name: Line(100),
    slug: z
      .string()
      .trim()
      .min(2)
      .max(60)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes'),
    /** One of the established creative quarters (the reports show the share of stagings outside them); default no. */
    established: z.boolean().optional(),
  })
  .strict();
export type QuarterCreate = z.infer<typeof QuarterCreate>;

export const quarterRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/quarters',
    summary: 'Every quarter, by name',
    tags: ['quarters'],
    response: { 200: z.array(QuarterSchema) },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/quarters',
    summary: 'Adds a quarter (staff)',
    tags: ['quarters'],
    body: QuarterCreate,
    response: { 201: QuarterSchema },
  }),
};
