/**
 * Route contracts of creative profiles (issue 17): an opt-in public profile of a designer or studio —
 * name, disciplines, a short bio, links and a portrait or logo — and the public "Kreative" directory.
 *
 * Profiles are private by default. Only a published profile is visible (`/api/public/profiles…`), and
 * only the fields below: never the account's e-mail, roles or memberships of unpublished plans. The
 * owner edits through `/api/profiles/:profileId…` (own profile only); staff may unpublish any profile.
 */
import { z } from 'zod';
import { DISCIPLINES } from '../plan/schema.ts';
import { Id, Line, Page, isStorableText, storable } from './common.ts';
import { defineRoute } from './contract.ts';
import { ATTACHMENT_VARIANTS } from './media.ts';

/** Characters of the bio (plain text, shown as text, never as HTML). */
export const PROFILE_BIO_MAX = 1000;
/** Links besides the website. */
export const PROFILE_LINKS_MAX = 5;
/** Characters of the display name. */
export const PROFILE_NAME_MAX = 120;

/** Whether `s` is an absolute http(s) URL with a host and no credentials (`javascript:`, `data:` … are not). */
export function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0 && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** A link of a profile: an absolute http(s) URL (`field.httpUrl` otherwise). */
export const HttpUrl = storable(z.string().trim().min(1).max(500)).refine(isHttpUrl, {
  message: 'must be an absolute http:// or https:// URL',
  params: { key: 'field.httpUrl' },
});

/** A profile's address: lower-case letters, digits and single hyphens, made once from the name and kept. */
export const ProfileSlug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and hyphens');

/** Plain text without control characters other than line breaks and tabs. */
const plainText = (s: string) =>
  isStorableText(s) &&
  [...s].every((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c !== 0x7f);
  });

/** What the owner writes: everything of the profile but its portrait and visibility. */
export const ProfileInput = z
  .object({
    /** The person's or studio's name as shown. */
    displayName: Line(PROFILE_NAME_MAX),
    disciplines: z
      .array(z.enum(DISCIPLINES))
      .max(DISCIPLINES.length)
      .refine((a) => new Set(a).size === a.length, { message: 'each discipline once', params: { key: 'field.duplicate' } }),
    /** A short introduction, plain text. */
    bio: z
      .string()
      .trim()
      .max(PROFILE_BIO_MAX)
      .refine(plainText, { message: 'contains control characters', params: { key: 'field.invalidText' } }),
    website: HttpUrl.nullable(),
    /** Social and portfolio links. */
    links: z
      .array(HttpUrl)
      .max(PROFILE_LINKS_MAX)
      .refine((a) => new Set(a).size === a.length, { message: 'each link once', params: { key: 'field.duplicate' } }),
  })
  .strict();
export type ProfileInput = z.infer<typeof ProfileInput>;

export const PortraitVariant = z.object({
  name: z.enum(ATTACHMENT_VARIANTS),
  contentType: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string(),
});

/** The portrait or logo: the cleaned original and its widths, at content-hashed URLs. */
export const Portrait = z.object({
  /** A hash of the cleaned image: part of every URL, so a new portrait has new URLs. */
  hash: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  placeholder: z.string().nullable(),
  dominantColor: z.string().nullable(),
  variants: z.array(PortraitVariant),
});
export type Portrait = z.infer<typeof Portrait>;

/** A published staging (plan) the person worked on as a designer member. */
export const ProfileStaging = z
  .object({
    planId: Id,
    title: z.string(),
    storefront: z.string(),
    quarter: z.object({ name: z.string(), slug: z.string() }).nullable(),
  })
  .strict();
export type ProfileStaging = z.infer<typeof ProfileStaging>;

/** The owner's view of their profile. Portrait URLs here are private (signed in, own profile). */
export const Profile = ProfileInput.extend({
  id: Id,
  slug: ProfileSlug,
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  /** Set when staff unpublished it (moderation); cleared when it is published again. */
  moderatedAt: z.string().nullable(),
  portrait: Portrait.nullable(),
  /** The published stagings the person worked on, as they would show publicly. */
  stagings: z.array(ProfileStaging),
  updatedAt: z.string(),
}).meta({ id: 'Profile' });
export type Profile = z.infer<typeof Profile>;

/** A published profile as everyone sees it: these keys and nothing else. */
export const PublicProfile = z
  .object({
    id: Id,
    slug: ProfileSlug,
    displayName: z.string(),
    disciplines: z.array(z.enum(DISCIPLINES)),
    bio: z.string(),
    website: z.string().nullable(),
    links: z.array(z.string()),
    portrait: Portrait.nullable(),
    stagings: z.array(ProfileStaging),
  })
  .strict()
  .meta({ id: 'PublicProfile' });
export type PublicProfile = z.infer<typeof PublicProfile>;

/** One entry of the directory. */
export const PublicProfileSummary = z
  .object({
    id: Id,
    slug: ProfileSlug,
    displayName: z.string(),
    disciplines: z.array(z.enum(DISCIPLINES)),
    portrait: Portrait.nullable(),
    /** Quarters of the person's published stagings. */
    quarters: z.array(z.object({ name: z.string(), slug: z.string() }).strict()),
  })
  .strict();
export type PublicProfileSummary = z.infer<typeof PublicProfileSummary>;

export const ProfileDirectory = z.object({
  items: z.array(PublicProfileSummary),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** Every quarter where some published profile had a published staging (the filter's choices). */
  quarters: z.array(z.object({ name: z.string(), slug: z.string() }).strict()),
});
export type ProfileDirectory = z.infer<typeof ProfileDirectory>;

/** Filters of the directory: a discipline, and a quarter (slug) where the person had a published staging. */
export const ProfileDirectoryQuery = Page.extend({
  discipline: z.enum(DISCIPLINES).optional(),
  quarter: storable(z.string().min(1).max(100)).optional(),
}).strict();
export type ProfileDirectoryQuery = z.infer<typeof ProfileDirectoryQuery>;

export const MyProfile = z.object({
  profile: Profile.nullable(),
  /** Whether this account may create a profile (designer accounts and staff). */
  mayCreate: z.boolean(),
});
export type MyProfile = z.infer<typeof MyProfile>;

export const profileParams = z.object({ profileId: Id });
/** Publishing and unpublishing take nothing but the profile (an empty object, or no body). */
export const ProfileActionBody = z.object({}).strict().nullish();
export const publicProfileParams = z.object({ slug: ProfileSlug });
export const portraitFileParams = z.object({ profileId: Id, variant: z.enum(ATTACHMENT_VARIANTS) });
export const publicPortraitParams = z.object({
  slug: ProfileSlug,
  hash: z.string().regex(/^[0-9a-f]{16,64}$/),
  variant: z.enum(ATTACHMENT_VARIANTS),
});

/** The upload's body as the OpenAPI document shows it (read as a stream, never parsed into this object). */
export const PortraitUploadBody = z
  .object({ file: z.unknown().meta({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP or AVIF' }) })
  .nullish();

export const profileRoutes = {
  directory: defineRoute({
    method: 'GET',
    path: '/api/public/profiles',
    summary: 'Published creative profiles ("Kreative"), by name; filter by discipline and quarter',
    tags: ['profiles'],
    query: ProfileDirectoryQuery,
    response: { 200: ProfileDirectory },
  }),
  publicGet: defineRoute({
    method: 'GET',
    path: '/api/public/profiles/:slug',
    summary: 'One published profile with its published stagings; 404 when it is not published',
    tags: ['profiles'],
    params: publicProfileParams,
    response: { 200: PublicProfile },
  }),
  publicPortrait: defineRoute({
    method: 'GET',
    path: '/api/public/profiles/:slug/portrait/:hash/:variant',
    summary: "A published profile's portrait (content-hashed URL, cached long); 404 once unpublished",
    tags: ['profiles'],
    params: publicPortraitParams,
    response: { 200: z.string() },
    produces: 'application/octet-stream',
  }),
  mine: defineRoute({
    method: 'GET',
    path: '/api/profile',
    summary: "One's own profile (null before it is created)",
    tags: ['profiles'],
    response: { 200: MyProfile },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/profiles',
    summary: "Create one's profile (unpublished); 409 when one exists",
    tags: ['profiles'],
    body: ProfileInput,
    response: { 201: Profile },
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/profiles/:profileId',
    summary: "Change one's own profile",
    tags: ['profiles'],
    params: profileParams,
    body: ProfileInput,
    response: { 200: Profile },
  }),
  publish: defineRoute({
    method: 'POST',
    path: '/api/profiles/:profileId/publish',
    summary: "Publish one's own profile: it appears in the directory at once",
    tags: ['profiles'],
    params: profileParams,
    body: ProfileActionBody,
    response: { 200: Profile },
  }),
  unpublish: defineRoute({
    method: 'POST',
    path: '/api/profiles/:profileId/unpublish',
    summary: 'Unpublish a profile (its owner, or staff for moderation): its public URLs are 404 at once',
    tags: ['profiles'],
    params: profileParams,
    body: ProfileActionBody,
    response: { 200: z.object({ id: Id, published: z.literal(false) }) },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/profiles/:profileId',
    summary: "Delete one's own profile and its portrait files for good",
    tags: ['profiles'],
    params: profileParams,
    response: { 204: z.null() },
  }),
  portraitUpload: defineRoute({
    method: 'POST',
    path: '/api/profiles/:profileId/portrait',
    summary: 'Set the portrait or logo (multipart/form-data, part `file`): JPEG, PNG, WebP or AVIF by content; 413, 415',
    tags: ['profiles'],
    params: profileParams,
    body: PortraitUploadBody,
    consumes: 'multipart/form-data',
    response: { 200: Profile },
  }),
  portraitDelete: defineRoute({
    method: 'DELETE',
    path: '/api/profiles/:profileId/portrait',
    summary: 'Remove the portrait and its files',
    tags: ['profiles'],
    params: profileParams,
    response: { 200: Profile },
  }),
  portraitFile: defineRoute({
    method: 'GET',
    path: '/api/profiles/:profileId/portrait/:variant',
    summary: "One's own portrait, also while unpublished (for the preview), Cache-Control: private",
    tags: ['profiles'],
    params: portraitFileParams,
    response: { 200: z.string() },
    produces: 'application/octet-stream',
  }),
};
