/** Plan teams (issue 14): the lead designer, leaving, removing, handing over, access requests. */
import { z } from 'zod';
import { idSchema, memberSchema, planParams } from './auth.ts';
import { defineRoute } from './contract.ts';

/** A member as the team panel shows them: with the lead flag. */
export const teamMember = memberSchema.extend({ lead: z.boolean() });
export type TeamMember = z.infer<typeof teamMember>;

export const ACCESS_REQUEST_STATUSES = ['open', 'accepted', 'declined'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** A designer's request to join a plan. */
export const accessRequest = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.enum(ACCESS_REQUEST_STATUSES),
  createdAt: z.string(),
});
export type AccessRequest = z.infer<typeof accessRequest>;

/**
 * `GET /api/plans/:planId/team`: the members with the lead, and the open access requests (only for
 * those who decide them: the lead and staff; an empty list for everyone else).
 */
export const teamView = z.object({
  leadId: z.string().nullable(),
  members: z.array(teamMember),
  requests: z.array(accessRequest),
  /** The storefront's owner, who reviews the plan (shown by name even when not a member). */
  ownerName: z.string().nullable(),
});
export type TeamView = z.infer<typeof teamView>;

/** `POST /api/plans/:planId/lead`: the designer member who becomes the lead. */
export const handOverLeadBody = z.object({ userId: idSchema }).strict();
export type HandOverLeadBody = z.infer<typeof handOverLeadBody>;

/** Actions that take no input still declare their (empty) body, so the OpenAPI document says so; a POST without any body (null to Fastify) is as good as `{}`. */
const noInput = z.object({}).strict().nullish();

export const accessRequestParams = planParams.extend({ requestId: idSchema });

/** `POST …/access-requests/:requestId/decision`. */
export const accessDecisionBody = z.object({ accept: z.boolean() }).strict();
export type AccessDecisionBody = z.infer<typeof accessDecisionBody>;

/** `GET /api/plans/:planId/access-requests/mine`: the caller's own request, if any (no plan content). */
export const myAccessRequest = z.object({ status: z.enum(['none', ...ACCESS_REQUEST_STATUSES]) });
export type MyAccessRequest = z.infer<typeof myAccessRequest>;

export const teamRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/team',
    summary: 'The plan team: members with the lead designer, and open access requests (lead and staff)',
    tags: ['plans'],
    params: planParams,
    response: { 200: teamView },
  }),
  leave: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/leave',
    summary: 'Leave a plan (the lead hands over first while other designers remain)',
    tags: ['plans'],
    params: planParams,
    body: noInput,
    response: { 204: z.null() },
  }),
  handOverLead: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/lead',
    summary: 'Hand the lead over to another designer member',
    tags: ['plans'],
    params: planParams,
    body: handOverLeadBody,
    response: { 200: teamView },
  }),
  requestAccess: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/access-requests',
    summary: 'Ask the lead designer for access to a plan (designer accounts without relation to it)',
    tags: ['plans'],
    params: planParams,
    body: noInput,
    response: { 202: myAccessRequest },
  }),
  myRequest: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/access-requests/mine',
    summary: "The caller's own access request to a plan",
    tags: ['plans'],
    params: planParams,
    response: { 200: myAccessRequest },
  }),
  decide: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/access-requests/:requestId/decision',
    summary: 'Accept or decline an access request (lead designer, staff)',
    tags: ['plans'],
    params: accessRequestParams,
    body: accessDecisionBody,
    response: { 200: accessRequest },
  }),
};
