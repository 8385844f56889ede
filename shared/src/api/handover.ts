/**
 * Route contracts of handover protocols (issue 18): the Übergabeprotokoll at move-in (`einzug`) and
 * move-out (`auszug`) of a plan. Filled in on a phone by the plan's designers (and staff): zones with a
 * condition note and photos, meter readings with a photo each, keys handed over, defects with photos.
 * The storefront's owner (or staff for a caretaker) and the lead designer confirm it; after both it is
 * locked (edits answer 409 `handover.locked`) and corrections become dated addenda.
 * Photos are plan attachments of purpose `handover`, served by the media routes.
 */
import { z } from 'zod';
import { Id, Line, Text } from './common.ts';
import { defineRoute } from './contract.ts';
import { AttachmentVariant } from './media.ts';

export const HANDOVER_KINDS = ['einzug', 'auszug'] as const;
export type HandoverKind = (typeof HANDOVER_KINDS)[number];

/** The zones of a storefront that defines none. */
export const DEFAULT_HANDOVER_ZONES = ['Verkaufsraum', 'Schaufenster', 'Lager', 'WC', 'Eingang'] as const;

export const METERS = ['power', 'water', 'gas'] as const;
export type Meter = (typeof METERS)[number];

export const CONFIRM_SIDES = ['owner', 'designer'] as const;
export type ConfirmSide = (typeof CONFIRM_SIDES)[number];

/** What a photo shows. `signature`: a drawn signature (its target id is the side). */
export const PHOTO_TARGETS = ['zone', 'meter', 'defect', 'addendum', 'signature'] as const;
export type PhotoTarget = (typeof PHOTO_TARGETS)[number];

/** A short client-made id of a key line or defect (also the zones' ids). */
const ItemId = z.string().regex(/^[\w-]{1,64}$/, 'expected 1–64 letters, digits, - or _');

export const HandoverZone = z.object({ id: ItemId, name: Line(120), condition: Text(4000) });
export type HandoverZone = z.infer<typeof HandoverZone>;

export const MeterReading = z.object({ value: Text(40) });
export type MeterReading = z.infer<typeof MeterReading>;

export const HandoverKey = z.object({ id: ItemId, kind: Line(120), count: z.number().int().min(1).max(999) });
export type HandoverKey = z.infer<typeof HandoverKey>;

export const HandoverDefect = z.object({ id: ItemId, note: Text(4000) });
export type HandoverDefect = z.infer<typeof HandoverDefect>;

/** The texts of a protocol (stored as one JSON document). */
export const HandoverContent = z.object({
  zones: z.array(HandoverZone).max(50),
  meters: z.object({ power: MeterReading, water: MeterReading, gas: MeterReading }),
  keys: z.array(HandoverKey).max(50),
  defects: z.array(HandoverDefect).max(200),
});
export type HandoverContent = z.infer<typeof HandoverContent>;

export const HandoverPhoto = z.object({
  id: Id,
  target: z.enum(PHOTO_TARGETS),
  targetId: z.string(),
  state: z.enum(['processing', 'ready', 'failed']),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  placeholder: z.string().nullable(),
  variants: z.array(AttachmentVariant),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type HandoverPhoto = z.infer<typeof HandoverPhoto>;

export const HandoverConfirmation = z.object({
  side: z.enum(CONFIRM_SIDES),
  name: z.string(),
  caretaker: z.boolean(),
  userId: z.string().nullable(),
  /** Server time. */
  confirmedAt: z.string(),
  signatureId: z.string().nullable(),
});
export type HandoverConfirmation = z.infer<typeof HandoverConfirmation>;

export const HandoverAddendum = z.object({
  id: Id,
  text: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type HandoverAddendum = z.infer<typeof HandoverAddendum>;

export const HandoverProtocol = z
  .object({
    id: Id,
    planId: Id,
    kind: z.enum(HANDOVER_KINDS),
    content: HandoverContent,
    photos: z.array(HandoverPhoto),
    confirmations: z.array(HandoverConfirmation),
    addenda: z.array(HandoverAddendum),
    lockedAt: z.string().nullable(),
    updatedAt: z.string(),
    /** Where the PDF is (the same for everyone who may read it). */
    pdfUrl: z.string(),
  })
  .meta({ id: 'HandoverProtocol' });
export type HandoverProtocol = z.infer<typeof HandoverProtocol>;

/** What the caller may do with the plan's protocols (the server's matrix answer; the client only hides buttons). */
export const HandoverAbilities = z.object({
  edit: z.boolean(),
  confirmOwner: z.boolean(),
  confirmDesigner: z.boolean(),
  addendum: z.boolean(),
  /** Staff confirm the owner side only for a caretaker. */
  staff: z.boolean(),
});
export type HandoverAbilities = z.infer<typeof HandoverAbilities>;

export const HandoverList = z.object({ protocols: z.array(HandoverProtocol), abilities: HandoverAbilities });
export type HandoverList = z.infer<typeof HandoverList>;

export const handoverPlanParams = z.object({ planId: Id });
export const handoverParams = z.object({ planId: Id, kind: z.enum(HANDOVER_KINDS) });
export const handoverPhotoParams = z.object({ planId: Id, kind: z.enum(HANDOVER_KINDS), photoId: Id });

export const HandoverCreateBody = z.object({ kind: z.enum(HANDOVER_KINDS) }).strict();

/**
 * A change of some parts: `zones` updates the condition of the listed zones (by id; others unchanged),
 * `meters` the listed meters, `keys` and `defects` replace their lists.
 */
export const HandoverPatchBody = z
  .object({
    zones: z
      .array(z.object({ id: ItemId, condition: Text(4000) }).strict())
      .max(50)
      .optional(),
    meters: z
      .object({
        power: MeterReading.strict().optional(),
        water: MeterReading.strict().optional(),
        gas: MeterReading.strict().optional(),
      })
      .strict()
      .optional(),
    keys: z.array(HandoverKey.strict()).max(50).optional(),
    defects: z.array(HandoverDefect.strict()).max(200).optional(),
  })
  .strict();
export type HandoverPatchBody = z.infer<typeof HandoverPatchBody>;

export const HandoverPhotoQuery = z.object({ target: z.enum(PHOTO_TARGETS), targetId: ItemId });
export type HandoverPhotoQuery = z.infer<typeof HandoverPhotoQuery>;

export const HandoverPhotoBody = z
  .object({ file: z.unknown().meta({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, AVIF or HEIC' }) })
  .nullish();

/**
 * A confirmation: typed name, the tick (`agreed: true`), optionally a drawn signature uploaded first as a
 * photo with target `signature`. `caretaker`: the name is the owner's caretaker (required when staff
 * confirm the owner side).
 */
export const HandoverConfirmBody = z
  .object({
    side: z.enum(CONFIRM_SIDES),
    name: Line(120),
    agreed: z.literal(true),
    caretaker: z.boolean().optional(),
    signatureId: Id.optional(),
  })
  .strict();
export type HandoverConfirmBody = z.infer<typeof HandoverConfirmBody>;

export const HandoverAddendumBody = z.object({ text: Line(4000) }).strict();
export type HandoverAddendumBody = z.infer<typeof HandoverAddendumBody>;

/** A change of a plan's protocol (plan room): reload it. */
export const HandoverChangedEvent = z.object({ planId: Id, kind: z.enum(HANDOVER_KINDS), locked: z.boolean() });
export type HandoverChangedEvent = z.infer<typeof HandoverChangedEvent>;

export const handoverRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/handover',
    summary: "The plan's handover protocols (move-in, move-out)",
    tags: ['handover'],
    params: handoverPlanParams,
    response: { 200: HandoverList },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/handover',
    summary: 'Starts a protocol with the storefront zones (or the default list); 409 when it exists',
    tags: ['handover'],
    params: handoverPlanParams,
    body: HandoverCreateBody,
    response: { 201: HandoverProtocol },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/handover/:kind',
    summary: 'One protocol with its photos, confirmations and addenda',
    tags: ['handover'],
    params: handoverParams,
    response: { 200: HandoverProtocol },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/plans/:planId/handover/:kind',
    summary: 'Changes zones, meters, keys or defects; 409 handover.locked once both confirmed',
    tags: ['handover'],
    params: handoverParams,
    body: HandoverPatchBody,
    response: { 200: HandoverProtocol },
  }),
  uploadPhoto: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/handover/:kind/photos',
    summary: 'Uploads one photo (multipart, part `file`) for a zone, meter, defect, addendum or signature',
    tags: ['handover'],
    params: handoverParams,
    query: HandoverPhotoQuery,
    body: HandoverPhotoBody,
    consumes: 'multipart/form-data',
    response: { 201: HandoverPhoto },
  }),
  removePhoto: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/handover/:kind/photos/:photoId',
    summary: 'Removes a photo before the protocol is locked',
    tags: ['handover'],
    params: handoverPhotoParams,
    response: { 204: z.null() },
  }),
  confirm: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/handover/:kind/confirm',
    summary: 'Confirms one side (owner or lead designer); both together lock the protocol and mail the PDF',
    tags: ['handover'],
    params: handoverParams,
    body: HandoverConfirmBody,
    response: { 200: HandoverProtocol },
  }),
  addAddendum: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/handover/:kind/addenda',
    summary: 'Appends a dated addendum to a locked protocol (photos follow with target `addendum`)',
    tags: ['handover'],
    params: handoverParams,
    body: HandoverAddendumBody,
    response: { 201: HandoverAddendum },
  }),
  pdf: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/handover/:kind/pdf',
    summary: 'The protocol as PDF with photos, readings, keys, defects, confirmations and addenda',
    tags: ['handover'],
    params: handoverParams,
    produces: 'application/pdf',
    response: { 200: z.string() },
  }),
};
