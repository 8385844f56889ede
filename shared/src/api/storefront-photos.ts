/**
 * Route contracts of storefront photos (issue 17): interior, façade and shop window, with caption and
 * order. Staff and the storefront's owner manage them and decide which are public; staff, the owner and
 * members of plans in the storefront see the private ones. Public photos are served at content-hashed
 * URLs (`/media/public/<sha256>/<variant>.<ext>`) that anyone may load and caches keep for a year;
 * taking a photo private makes that URL answer 404 at once.
 */
import { z } from 'zod';
import { Id, Text } from './common.ts';
import { defineRoute } from './contract.ts';
import { ATTACHMENT_STATES, AttachmentUploadBody, AttachmentVariant } from './media.ts';

export const PHOTO_KINDS = ['interior', 'facade', 'window'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

export const StorefrontPhoto = z
  .object({
    id: Id,
    storefrontId: Id,
    kind: z.enum(PHOTO_KINDS),
    caption: z.string(),
    /** Place in the storefront's gallery, 0 first. */
    position: z.number().int(),
    public: z.boolean(),
    /** Public URL of the 960 px WebP (content-hashed) while the photo is public and ready. */
    publicUrl: z.string().nullable(),
    contentType: z.string(),
    fileName: z.string(),
    bytes: z.number().int(),
    state: z.enum(ATTACHMENT_STATES),
    failureKey: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    placeholder: z.string().nullable(),
    dominantColor: z.string().nullable(),
    /** Served files (through the app, checked on each read). */
    variants: z.array(AttachmentVariant),
    createdAt: z.string(),
  })
  .meta({ id: 'StorefrontPhoto' });
export type StorefrontPhoto = z.infer<typeof StorefrontPhoto>;

export const StorefrontPhotoList = z.object({
  photos: z.array(StorefrontPhoto),
  /** Whether the asker may upload, edit, reorder and publish. */
  canManage: z.boolean(),
});
export type StorefrontPhotoList = z.infer<typeof StorefrontPhotoList>;

export const storefrontPhotoParams = z.object({ storefrontId: Id, photoId: Id });
export const storefrontPhotoFileParams = z.object({
  storefrontId: Id,
  photoId: Id,
  variant: z.enum(['original', 'w320', 'w960', 'w1920', 'avif320', 'avif960', 'avif1920']),
});
const storefrontOnly = z.object({ storefrontId: Id });

export const StorefrontPhotoUploadQuery = z.object({ kind: z.enum(PHOTO_KINDS).default('interior') });

export const StorefrontPhotoPatch = z
  .object({ kind: z.enum(PHOTO_KINDS), caption: Text(300), public: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type StorefrontPhotoPatch = z.infer<typeof StorefrontPhotoPatch>;

/** The new order: every photo of the storefront, each once. */
export const StorefrontPhotoOrder = z.object({ ids: z.array(Id).min(1).max(200) });

export const storefrontPhotoRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId/photos',
    summary: "The storefront's photos in order: all for staff, the owner and members of its plans, else the public ones",
    tags: ['media'],
    params: storefrontOnly,
    response: { 200: StorefrontPhotoList },
  }),
  upload: defineRoute({
    method: 'POST',
    path: '/api/storefronts/:storefrontId/photos',
    summary: 'Upload one photo (multipart/form-data, part `file`; JPEG, PNG, WebP, AVIF or HEIC), private until made public',
    tags: ['media'],
    params: storefrontOnly,
    query: StorefrontPhotoUploadQuery,
    body: AttachmentUploadBody,
    consumes: 'multipart/form-data',
    response: { 201: StorefrontPhoto },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/storefronts/:storefrontId/photos/:photoId',
    summary: 'Change kind, caption or the public flag of a photo',
    tags: ['media'],
    params: storefrontPhotoParams,
    body: StorefrontPhotoPatch,
    response: { 200: StorefrontPhoto },
  }),
  reorder: defineRoute({
    method: 'PUT',
    path: '/api/storefronts/:storefrontId/photos/order',
    summary: 'Put the photos in a new order (every photo once)',
    tags: ['media'],
    params: storefrontOnly,
    body: StorefrontPhotoOrder,
    response: { 200: StorefrontPhotoList },
  }),
  file: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId/photos/:photoId/files/:variant',
    summary: "One of a photo's files, checked on each read (Cache-Control: private)",
    tags: ['media'],
    params: storefrontPhotoFileParams,
    response: { 200: z.string() },
    produces: 'application/octet-stream',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/storefronts/:storefrontId/photos/:photoId',
    summary: 'Delete a photo and all of its files',
    tags: ['media'],
    params: storefrontPhotoParams,
    response: { 204: z.null() },
  }),
};
