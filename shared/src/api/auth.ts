import { z } from 'zod';
import { Id, storable } from './common.ts';
import { ACCOUNT_ROLES, PLAN_ROLES } from '../permissions.ts';
import { defineRoute } from './contract.ts';

/**
 * Request and response bodies of accounts, sessions, tokens, invitations and plan members
 * (`/api/auth/*`, `/api/invitations/*`, `/api/plans/:planId/members/*`), and their messages.
 */

/** Locales of the product; German first. */
export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const emailSchema = z.string().trim().toLowerCase().email().max(254);
/** Passwords: at least 10 characters; long passphrases welcome. */
export const passwordSchema = z.string().min(10).max(512);
export const nameSchema = storable(z.string().trim().min(1).max(120));
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/);
export const planRoleSchema = z.enum(PLAN_ROLES);

/** `POST /api/auth/login` and `POST /api/auth/token`. */
export const loginBody = z.object({ email: emailSchema, password: z.string().min(1).max(512) });

/** `POST /api/auth/password`: change one's own password (other sessions end). */
export const passwordChangeBody = z.object({ currentPassword: z.string().min(1).max(512), newPassword: passwordSchema }).strict();

/** `GET /api/users?q=&limit=` (staff): find accounts, e.g. to name a storefront's owner. */
export const userSearchQuery = z.object({
  q: storable(z.string().trim().max(120)).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type LoginBody = z.infer<typeof loginBody>;

export const tokenBody = loginBody.extend({ name: storable(z.string().trim().min(1).max(80)).optional() });
export type TokenBody = z.infer<typeof tokenBody>;

/** A user as the API shows them (never a password or hash). */
export const publicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  locale: z.enum(LOCALES),
  staff: z.boolean(),
  /** The account's roles (staff, owner, designer; several at once). */
  roles: z.array(z.enum(ACCOUNT_ROLES)),
});
export type PublicUser = z.infer<typeof publicUser>;

/** `POST /api/auth/login`, `GET /api/auth/session`: send `csrfToken` as `x-csrf-token` on writes. */
export const sessionResponse = z.object({ user: publicUser, csrfToken: z.string() });
export type SessionResponse = z.infer<typeof sessionResponse>;

/** `POST /api/auth/token`: the bearer token, shown once. */
export const tokenResponse = z.object({ id: z.string(), token: z.string() });
export type TokenResponse = z.infer<typeof tokenResponse>;

export const tokenIdParams = z.object({ tokenId: idSchema });

/** `POST /api/invitations`: a plan invitation (planId) or an account invitation (staff only). */
export const createInvitationBody = z
  .object({
    email: emailSchema,
    role: planRoleSchema,
    planId: idSchema.optional(),
  })
  .strict();
export type CreateInvitationBody = z.infer<typeof createInvitationBody>;

export const invitationResponse = z.object({
  id: z.string(),
  /** The single-use link to send (also mailed). */
  url: z.string(),
  expiresAt: z.string(),
});
export type InvitationResponse = z.infer<typeof invitationResponse>;

export const invitationTokenParams = z.object({ token: z.string().min(16).max(128) });

/** `GET /api/invitations/:token`: what the accept page shows. */
export const invitationInfo = z.object({
  email: z.string(),
  role: planRoleSchema,
  planId: z.string().nullable(),
  planTitle: z.string().nullable(),
  invitedBy: z.string(),
  accountExists: z.boolean(),
  expiresAt: z.string(),
});
export type InvitationInfo = z.infer<typeof invitationInfo>;

/** `POST /api/invitations/:token/accept`: name and password when the account is new. */
export const acceptInvitationBody = z.object({
  name: nameSchema.optional(),
  password: passwordSchema.optional(),
  locale: z.enum(LOCALES).optional(),
});
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBody>;

/** Plans are named by the UUID the server gave them: anything else is a 400 naming `planId`, as for storefronts. */
export const planParams = z.object({ planId: Id });
export const memberParams = z.object({ planId: idSchema, userId: idSchema });

/** `POST /api/plans/:planId/members`: add an existing account by id or e-mail. */
export const addMemberBody = z
  .object({ userId: idSchema.optional(), email: emailSchema.optional(), role: planRoleSchema })
  .refine((b) => !!b.userId !== !!b.email, { message: 'give exactly one of userId and email' });
export type AddMemberBody = z.infer<typeof addMemberBody>;

export const changeRoleBody = z.object({ role: planRoleSchema });

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: planRoleSchema,
});
export type Member = z.infer<typeof memberSchema>;

// ── Route contracts of accounts ──────────────────────────────────────────────

/** A bearer token as its owner sees it listed (never the token itself). */
export const apiTokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenInfo = z.infer<typeof apiTokenInfo>;

/** An account as staff find it (`GET /api/users`). */
export const userListItem = z.object({ id: z.string(), name: z.string(), email: z.string(), staff: z.boolean() });
export type UserListItem = z.infer<typeof userListItem>;

const noContent = { 204: z.null() } as const;

/** `POST /api/auth/logout` of a single sign-on session: where the browser ends the provider's session too. */
export const logoutResponse = z.object({ endSessionUrl: z.string() });
export type LogoutResponse = z.infer<typeof logoutResponse>;

/** A same-site path to land on after sign-in (never another site). */
const nextPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])/, 'a path of this site');

/** `POST /api/auth/sso/start`. */
export const ssoStartBody = z.object({ next: nextPath.optional() });
export const ssoStartResponse = z.object({ url: z.string() });
export type SsoStartResponse = z.infer<typeof ssoStartResponse>;

/** `GET /api/auth/sso/callback`: the authorization response (its parameters are read by openid-client). */
export const ssoCallbackQuery = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});

/** Why a single sign-on did not sign in: `/login?sso=<reason>` (the login page words it). */
export const SSO_FAILURES = ['state', 'unavailable', 'failed', 'email-taken', 'no-email', 'not-configured'] as const;
export type SsoFailure = (typeof SSO_FAILURES)[number];

export const authRoutes = {
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Signs in with e-mail and password (session cookie; send csrfToken as x-csrf-token on writes)',
    tags: ['accounts'],
    body: loginBody,
    response: { 200: sessionResponse },
  }),
  session: defineRoute({
    method: 'GET',
    path: '/api/auth/session',
    summary: 'The signed-in person and the CSRF token',
    tags: ['accounts'],
    response: { 200: sessionResponse },
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    summary:
      'Ends this session (also without one: clears the cookies); a single sign-on session answers 200 with the provider’s logout address to go to',
    tags: ['accounts'],
    response: { 200: logoutResponse, ...noContent },
  }),
  ssoStart: defineRoute({
    method: 'POST',
    path: '/api/auth/sso/start',
    summary:
      'Starts sign-in with the city’s identity provider (OpenID Connect, code flow with PKCE): the address to send the browser to (404 when not set up, 503 when the provider cannot be reached)',
    tags: ['accounts'],
    body: ssoStartBody,
    response: { 200: ssoStartResponse },
  }),
  ssoCallback: defineRoute({
    method: 'GET',
    path: '/api/auth/sso/callback',
    summary:
      'The identity provider sends the browser back here: signs in and redirects to the app (or to /login?sso=<reason> when it failed)',
    tags: ['accounts'],
    query: ssoCallbackQuery,
    response: { 302: z.null() },
  }),
  logoutAll: defineRoute({
    method: 'POST',
    path: '/api/auth/logout-all',
    summary: 'Ends every session of the signed-in person',
    tags: ['accounts'],
    response: noContent,
  }),
  password: defineRoute({
    method: 'POST',
    path: '/api/auth/password',
    summary: 'Changes one’s own password; every other session ends',
    tags: ['accounts'],
    body: passwordChangeBody,
    response: noContent,
  }),
  users: defineRoute({
    method: 'GET',
    path: '/api/users',
    summary: 'Finds accounts by name or e-mail (staff)',
    tags: ['accounts'],
    query: userSearchQuery,
    response: { 200: z.object({ items: z.array(userListItem) }) },
  }),
  createToken: defineRoute({
    method: 'POST',
    path: '/api/auth/token',
    summary: 'A bearer token for non-browser clients (shown once)',
    tags: ['accounts'],
    body: tokenBody,
    response: { 201: tokenResponse },
  }),
  tokens: defineRoute({
    method: 'GET',
    path: '/api/auth/tokens',
    summary: 'One’s live bearer tokens',
    tags: ['accounts'],
    response: { 200: z.object({ tokens: z.array(apiTokenInfo) }) },
  }),
  revokeToken: defineRoute({
    method: 'DELETE',
    path: '/api/auth/tokens/:tokenId',
    summary: 'Revokes one of one’s bearer tokens',
    tags: ['accounts'],
    params: tokenIdParams,
    response: noContent,
  }),
};
