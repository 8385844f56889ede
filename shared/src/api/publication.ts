/** Publication safeguards: the preview of what becomes public, and cancelling one public entry. */
import { z } from 'zod';
import { planParams } from './auth.ts';
import { Id, storable } from './common.ts';
import { defineRoute } from './contract.ts';
import { ProgrammeEntry } from './review.ts';

/**
 * `GET /api/plans/:planId/publication-preview`: exactly what the public programme shows of this plan
 * once it is published, built by the same function as the programme. `source` says which schedule it
 * comes from: the approved copy (what publishing makes public), or the live document while the plan
 * has no approval yet.
 */
export const PublicationPreview = z
  .object({
    planId: z.string(),
    status: z.string(),
    source: z.enum(['approved', 'live']),
    /** The plan's public title and description as the programme shows them. */
    planTitle: z.string(),
    description: z.string(),
    entries: z.array(ProgrammeEntry),
    /** Open error findings of the plan: publishing is refused without an override reason. */
    openErrors: z.number().int(),
  })
  .strict();
export type PublicationPreview = z.infer<typeof PublicationPreview>;

/** `POST /api/plans/:planId/public-entries/:entryId/cancel`: a reason is required and not blank. */
export const CancelEntryBody = z.object({ reason: storable(z.string().trim().min(1).max(2000)) }).strict();
export const publicEntryParams = planParams.extend({ entryId: z.string().min(1).max(200) });

export const CancelledEntry = z.object({ planId: Id, entryId: z.string(), reason: z.string(), cancelledAt: z.string() }).strict();
export type CancelledEntry = z.infer<typeof CancelledEntry>;

export const publicationRoutes = {
  preview: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/publication-preview',
    summary: 'What publishing this plan makes public (entries, texts), as the programme will show it',
    tags: ['plans'],
    params: planParams,
    response: { 200: PublicationPreview },
  }),
  cancelEntry: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/public-entries/:entryId/cancel',
    summary: 'Cancel one public entry of a published plan (the programme drops it, feeds show it CANCELLED)',
    tags: ['plans'],
    params: publicEntryParams,
    body: CancelEntryBody,
    response: { 200: CancelledEntry },
  }),
};
