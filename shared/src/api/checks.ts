/** The conflict checks over HTTP: one plan's findings, and every finding across the city (staff). */
import { z } from 'zod';
import { FINDING_KINDS, ROTA_FINDING_KINDS } from '../checks/types.ts';
import { planParams } from './auth.ts';
import { defineRoute } from './contract.ts';

/** A finding as the API sends it (see checks/types.ts `Finding`); `messageKey` is a key of the catalogue. */
export const FindingSchema = z.object({
  kind: z.enum([...FINDING_KINDS, ...ROTA_FINDING_KINDS]),
  severity: z.enum(['error', 'warning', 'info']),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  ids: z.array(z.string()),
  planIds: z.array(z.string()),
});

export const PlanFindings = z.object({ planId: z.string(), findings: z.array(FindingSchema) });
export type PlanFindings = z.infer<typeof PlanFindings>;

/** A live plan as the city view lists it beside the findings. */
export const CheckedPlan = z.object({ id: z.string(), title: z.string(), status: z.string(), storefrontId: z.string() });
export type CheckedPlan = z.infer<typeof CheckedPlan>;

export const CityFindings = z.object({ findings: z.array(FindingSchema), plans: z.array(CheckedPlan) });
export type CityFindings = z.infer<typeof CityFindings>;

export const checkRoutes = {
  plan: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/checks',
    summary: 'The check findings of one plan (other plans named only for staff)',
    tags: ['checks'],
    params: planParams,
    response: { 200: PlanFindings },
  }),
  city: defineRoute({
    method: 'GET',
    path: '/api/checks',
    summary: 'Every finding across the city, with the live plans (staff)',
    tags: ['checks'],
    response: { 200: CityFindings },
  }),
};
