/**
 * Route contracts of data-protection self-service (issue 20): one's own data as a zip, deleting an
 * account (oneself, or staff for anyone), and the privacy page whose text staff maintain.
 */
import { z } from 'zod';
import { Id, Text, storable } from './common.ts';
import { defineRoute } from './contract.ts';

/**
 * Confirming the deletion of one's own account: a password account sends its password, an account
 * without one (single sign-on) types its e-mail address.
 */
export const DeleteAccountBody = z.object({
  password: z.string().max(1000).optional(),
  email: storable(z.string().max(320)).optional(),
});
export type DeleteAccountBody = z.infer<typeof DeleteAccountBody>;

/** The privacy page: plain text with a few markdown marks (`#`, `##`, `-`, `**bold**`, links), never HTML. */
export const PrivacyText = z.object({
  body: z.string(),
  updatedAt: z.string().nullable(),
});
export type PrivacyText = z.infer<typeof PrivacyText>;

/** The longest privacy text staff may save. */
export const PRIVACY_TEXT_MAX = 50_000;

export const UpdatePrivacyBody = z.object({ body: Text(PRIVACY_TEXT_MAX) });

const noContent = { 204: z.null() } as const;

export const privacyRoutes = {
  /** Everything stored about the signed-in person, as a zip of JSON files per table plus their uploaded files. */
  exportData: defineRoute({
    method: 'GET',
    path: '/api/account/export',
    summary: "A zip of the signed-in person's data (JSON per table) and the files they uploaded",
    tags: ['privacy'],
    response: { 200: z.string() },
    produces: 'application/zip',
  }),
  /** How the signed-in person confirms deleting their account: their password, or (single sign-on, no password) their e-mail. */
  deletionInfo: defineRoute({
    method: 'GET',
    path: '/api/account/delete',
    summary: 'How the signed-in person confirms deleting their account',
    tags: ['privacy'],
    response: { 200: z.object({ confirmWith: z.enum(['password', 'email']) }) },
  }),
  /** Deletes the signed-in person's account (see docs/personal-data.md for what stays, anonymised). */
  deleteOwn: defineRoute({
    method: 'POST',
    path: '/api/account/delete',
    summary: "Deletes the signed-in person's account, confirmed by password (or e-mail for single sign-on)",
    tags: ['privacy'],
    body: DeleteAccountBody,
    response: noContent,
  }),
  /** Staff delete someone's account. */
  deleteUser: defineRoute({
    method: 'DELETE',
    path: '/api/users/:userId',
    summary: 'Deletes an account (staff)',
    tags: ['privacy'],
    params: z.object({ userId: Id }),
    response: noContent,
  }),
  /** The privacy page's text (public). */
  privacyText: defineRoute({
    method: 'GET',
    path: '/api/privacy',
    summary: 'The text of the privacy page',
    tags: ['privacy'],
    response: { 200: PrivacyText },
  }),
  /** Staff replace the privacy page's text. */
  updatePrivacyText: defineRoute({
    method: 'PUT',
    path: '/api/privacy',
    summary: 'Replaces the text of the privacy page (staff)',
    tags: ['privacy'],
    body: UpdatePrivacyBody,
    response: { 200: PrivacyText },
  }),
};
