/**
 * Route contracts of plan attachments (issue 17): the "Material" of a plan — renderings, moodboards,
 * sketches and PDFs. Uploads are `multipart/form-data` with one part named `file`; the type is decided
 * by the content, not the name. Images are processed off the request path (`state: processing` →
 * `ready` | `failed`); their files are served through the app with the session, checked on each read.
 */
import { z } from 'zod';
import { Id } from './common.ts';
import { defineRoute } from './contract.ts';

export const ATTACHMENT_STATES = ['processing', 'ready', 'failed'] as const;
export const ATTACHMENT_KINDS = ['image', 'pdf'] as const;
/** The responsive widths of an image, each as WebP and AVIF (narrower than the image, except the smallest). */
export const IMAGE_WIDTHS = [320, 960, 1920] as const;
/** A served file of an attachment: the (cleaned) original, or one of the widths as WebP (`w…`) or AVIF (`avif…`). */
export const ATTACHMENT_VARIANTS = [
  'original',
  'w320',
  'w960',
  'w1920',
  'avif320',
  'avif960',
  'avif1920',
  /** A PDF's first page as a PNG (its widths are the `w…`/`avif…` variants). */
  'preview',
] as const;
export type AttachmentVariantName = (typeof ATTACHMENT_VARIANTS)[number];

export const AttachmentVariant = z.object({
  name: z.enum(ATTACHMENT_VARIANTS),
  contentType: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  bytes: z.number().int(),
  /** Where to get it (through the app, with the session). */
  url: z.string(),
});
export type AttachmentVariant = z.infer<typeof AttachmentVariant>;

export const Attachment = z
  .object({
    id: Id,
    planId: Id,
    kind: z.enum(ATTACHMENT_KINDS),
    /** The type found in the content (`image/jpeg`, `application/pdf` …), not the one the browser claimed. */
    contentType: z.string(),
    fileName: z.string(),
    /** Bytes of the upload. */
    bytes: z.number().int(),
    state: z.enum(ATTACHMENT_STATES),
    /** Why processing failed (a message key); the original is kept. */
    failureKey: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    /** Pages of a PDF. */
    pageCount: z.number().int().nullable(),
    /** A tiny blurred WebP as a data URL, shown while the image loads. */
    placeholder: z.string().nullable(),
    /** The image's dominant colour, `#rrggbb`. */
    dominantColor: z.string().nullable(),
    /** Served files: the original (images without EXIF/GPS) and, for ready images, the widths in WebP and AVIF. */
    variants: z.array(AttachmentVariant),
    uploadedBy: z.string().nullable(),
    createdAt: z.string(),
    /** "Im Programm zeigen": public event pages may show this image while the plan is published. */
    public: z.boolean(),
    /** The image's public URL (content-hashed, long-cached) while it is public and the plan is published. */
    publicUrl: z.string().nullable(),
    /** `comment`: an image attached to a comment (not listed in the Material tab). */
    purpose: z.enum(['material', 'comment', 'handover']),
    /** The comment an image belongs to (set when the comment is written). */
    commentId: z.string().nullable(),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentList = z.object({
  attachments: z.array(Attachment),
  /** Bytes of this plan's uploads together, and the limit (UPLOAD_MAX_PLAN_MB). */
  usedBytes: z.number().int(),
  limitBytes: z.number().int(),
  /** The largest single file (UPLOAD_MAX_FILE_MB). */
  maxFileBytes: z.number().int(),
});
export type AttachmentList = z.infer<typeof AttachmentList>;

export const attachmentParams = z.object({ planId: Id, attachmentId: Id });
export const attachmentFileParams = z.object({
  planId: Id,
  attachmentId: Id,
  variant: z.enum(ATTACHMENT_VARIANTS),
});

const planOnly = z.object({ planId: Id });

/** Upload query: `purpose=comment` for an image to attach to a comment (commenters may upload these; images only). */
export const AttachmentUploadQuery = z.object({ purpose: z.enum(['material', 'comment']).default('material') });

export const AttachmentPublishBody = z.object({ public: z.boolean() });

/** The public file of an image: `/media/public/<sha256>/<variant>.<ext>`, e.g. `w960.webp`. */
export const publicFileParams = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  file: z.string().regex(/^(original|w320|w960|w1920|avif320|avif960|avif1920)\.(jpg|png|webp|avif)$/),
});

/** An image a public page may show: `PublicImage` in public-web.ts (see `publicImagesForPlans` on the server). */

/**
 * The upload's body as the OpenAPI document shows it: `multipart/form-data` with one file part `file`.
 * The server reads the part as a stream (it is never parsed into this object), so the schema is optional.
 */
export const AttachmentUploadBody = z
  .object({ file: z.unknown().meta({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, AVIF or PDF' }) })
  .nullish();

export const mediaRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/attachments',
    summary: "The plan's attachments, newest first, with the space used",
    tags: ['media'],
    params: planOnly,
    response: { 200: AttachmentList },
  }),
  upload: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/attachments',
    query: AttachmentUploadQuery,
    summary:
      'Upload one file (multipart/form-data, part `file`): JPEG, PNG, WebP, AVIF or PDF by content; 413 over the limits, 415 for anything else',
    tags: ['media'],
    params: planOnly,
    body: AttachmentUploadBody,
    consumes: 'multipart/form-data',
    response: { 201: Attachment },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/attachments/:attachmentId',
    summary: 'One attachment with its state and served files',
    tags: ['media'],
    params: attachmentParams,
    response: { 200: Attachment },
  }),
  file: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/attachments/:attachmentId/files/:variant',
    summary: "One of an attachment's files (the cleaned original, or a width as WebP or AVIF), Cache-Control: private",
    tags: ['media'],
    params: attachmentFileParams,
    response: { 200: z.string() },
    produces: 'application/octet-stream',
  }),
  publish: defineRoute({
    method: 'PUT',
    path: '/api/plans/:planId/attachments/:attachmentId/public',
    summary: '"Im Programm zeigen": let public event pages show this image (while the plan is published)',
    tags: ['media'],
    params: attachmentParams,
    body: AttachmentPublishBody,
    response: { 200: Attachment },
  }),
  publicFile: defineRoute({
    method: 'GET',
    path: '/media/public/:hash/:file',
    summary:
      'A public image (storefront photo or plan image shown in the programme) by content hash; Cache-Control: public, immutable; 404 once it is no longer public',
    tags: ['media'],
    params: publicFileParams,
    response: { 200: z.string() },
    produces: 'application/octet-stream',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/attachments/:attachmentId',
    summary: 'Delete an attachment and all of its files',
    tags: ['media'],
    params: attachmentParams,
    response: { 204: z.null() },
  }),
};
