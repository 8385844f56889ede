import { z } from 'zod';
import { defineRoute } from './contract.ts';
import { emailSchema, passwordSchema } from './auth.ts';

/**
 * Getting back into an account and moving it to another address (issue 14): password reset by e-mail
 * (`/api/auth/password-reset`) and e-mail change confirmed from the new address (`/api/auth/email`).
 * Both links are single-use and valid for one hour; using one ends the person's other sessions and
 * revokes their bearer tokens.
 */

/** The secret of a mailed link (`/passwort-zuruecksetzen/<token>`, `/email-bestaetigen/<token>`). */
export const credentialLinkToken = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[\w-]+$/);

/** `POST /api/auth/password-reset`: ask for a reset link. */
export const passwordResetRequestBody = z.object({ email: emailSchema }).strict();

/** The one answer for known and unknown addresses alike: nothing in it tells them apart. */
export const passwordResetAccepted = z.object({ accepted: z.literal(true) });
export type PasswordResetAccepted = z.infer<typeof passwordResetAccepted>;

/** `POST /api/auth/password-reset/confirm`: the link's token and the new password. */
export const passwordResetConfirmBody = z.object({ token: credentialLinkToken, password: passwordSchema }).strict();

/** `POST /api/auth/email`: the new address and the current password. */
export const emailChangeBody = z.object({ newEmail: emailSchema, password: z.string().min(1).max(512) }).strict();

/** `POST /api/auth/email/confirm`: the token of the link mailed to the new address. */
export const emailConfirmBody = z.object({ token: credentialLinkToken }).strict();
export const emailConfirmed = z.object({ email: z.string() });

export const credentialRoutes = {
  passwordReset: defineRoute({
    method: 'POST',
    path: '/api/auth/password-reset',
    summary: 'Mails a single-use reset link (1 h) when the address has an account; the same answer either way',
    tags: ['accounts'],
    body: passwordResetRequestBody,
    response: { 202: passwordResetAccepted },
  }),
  passwordResetConfirm: defineRoute({
    method: 'POST',
    path: '/api/auth/password-reset/confirm',
    summary: 'Sets a new password with a reset link; every session ends and every bearer token is revoked',
    tags: ['accounts'],
    body: passwordResetConfirmBody,
    response: { 204: z.null() },
  }),
  emailChange: defineRoute({
    method: 'POST',
    path: '/api/auth/email',
    summary: 'Mails a confirmation link to the new address; the address changes once it is confirmed',
    tags: ['accounts'],
    body: emailChangeBody,
    response: { 202: passwordResetAccepted },
  }),
  emailConfirm: defineRoute({
    method: 'POST',
    path: '/api/auth/email/confirm',
    summary: 'Confirms a new e-mail address; the other sessions end and every bearer token is revoked',
    tags: ['accounts'],
    body: emailConfirmBody,
    response: { 200: emailConfirmed },
  }),
};
