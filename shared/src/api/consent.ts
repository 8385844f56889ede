/**
 * The storefront owner's consent to a plan (issue 13, "Owner consent"): "Einverstanden" or "Einwände"
 * (with a text), bound to the hash of the schedule AND the layout the owner saw. It goes stale when
 * either changes, like an approval. Publishing needs a current agreement where the storefront requires
 * consent (`consentRequired`, default on), unless staff override it with a reason.
 */
import { z } from 'zod';
import { planParams } from './auth.ts';
import { storable } from './common.ts';
import { defineRoute } from './contract.ts';

export const CONSENT_DECISIONS = ['agreed', 'objected'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/** A hash as the server writes it: `sha256:<64 hex>`. */
export const ContentHash = z.string().regex(/^sha256:[0-9a-f]{64}$/);
/** A reason that must say something: trimmed, not blank. */
export const Reason = storable(z.string().trim().min(1).max(4000));

/** `POST /api/plans/:planId/consent`: objections need a text; `consentHash` is what the owner saw. */
export const ConsentBody = z
  .object({
    decision: z.enum(CONSENT_DECISIONS),
    text: storable(z.string().trim().max(4000)).optional(),
    consentHash: ContentHash,
  })
  .strict()
  .refine((b) => b.decision !== 'objected' || !!b.text?.trim(), {
    path: ['text'],
    message: 'an objection needs a text',
    params: { key: 'field.required' },
  });
export type ConsentBody = z.infer<typeof ConsentBody>;

export const Consent = z.object({
  id: z.number(),
  planId: z.string(),
  decision: z.enum(CONSENT_DECISIONS),
  text: z.string(),
  givenBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  givenAt: z.string(),
  /** `sha256:<hex>` of schedule and layout (shared/src/plan/consent-hash.ts). */
  consentHash: z.string(),
  /** Stored flag, kept in step with the live document by the server (see `ConsentState.stale`). */
  stale: z.boolean(),
  staleSince: z.string().nullable(),
});
export type Consent = z.infer<typeof Consent>;

/** `GET /api/plans/:planId/consent`. */
export const ConsentState = z.object({
  planId: z.string(),
  /** The storefront requires consent before publishing. */
  required: z.boolean(),
  /** The owner's latest word, if any. */
  current: Consent.nullable(),
  /** `current` exists and schedule or layout changed since (computed from the live document). */
  stale: z.boolean(),
  /** The live document's consent hash and schedule hash. */
  consentHash: z.string(),
  scheduleHash: z.string(),
  /** Publishing is possible without override: not required, or a current agreement. */
  satisfied: z.boolean(),
});
export type ConsentState = z.infer<typeof ConsentState>;

/** A consent went stale or fresh (plan room, `consent:stale`); a consent was given (`consent:recorded`). */
export interface ConsentStaleEvent {
  planId: string;
  consentId: number;
  stale: boolean;
  at: string;
}

export const consentRoutes = {
  state: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/consent',
    summary: "The storefront owner's consent to the plan, and whether it is current",
    tags: ['review'],
    params: planParams,
    response: { 200: ConsentState },
  }),
  give: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/consent',
    summary: 'The storefront owner agrees or objects to the plan as seen (bound to the schedule and layout hash)',
    tags: ['review'],
    params: planParams,
    body: ConsentBody,
    response: { 201: Consent },
  }),
};
