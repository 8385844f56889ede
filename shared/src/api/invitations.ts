/** Invitations by e-mail: single-use links that expire (bodies in auth.ts, beside accounts). */
import { z } from 'zod';
import {
  acceptInvitationBody,
  createInvitationBody,
  invitationInfo,
  invitationResponse,
  invitationTokenParams,
  publicUser,
} from './auth.ts';
import { defineRoute } from './contract.ts';

/** `POST /api/invitations/:token/accept`: the account (signed in right away when new) and the plan joined. */
export const acceptInvitationResponse = z.object({
  user: publicUser,
  planId: z.string().nullable(),
  created: z.boolean(),
  csrfToken: z.string(),
});
export type AcceptInvitationResponse = z.infer<typeof acceptInvitationResponse>;

export const invitationRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/api/invitations',
    summary: 'Invites someone by e-mail to a plan (staff any role, the plan’s designers designers) or to an account (staff)',
    tags: ['invitations'],
    body: createInvitationBody,
    response: { 201: invitationResponse },
  }),
  info: defineRoute({
    method: 'GET',
    path: '/api/invitations/:token',
    summary: 'What an invitation link offers (410 when used or expired)',
    tags: ['invitations'],
    params: invitationTokenParams,
    response: { 200: invitationInfo },
  }),
  accept: defineRoute({
    method: 'POST',
    path: '/api/invitations/:token/accept',
    summary: 'Accepts an invitation (a new account needs name and password)',
    tags: ['invitations'],
    params: invitationTokenParams,
    body: acceptInvitationBody.optional(),
    response: { 200: acceptInvitationResponse },
  }),
};
