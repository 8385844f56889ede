/**
 * Route contracts of the exposé (issue 16): the public page of an offered storefront. Its owner (or
 * staff) offers the storefront and chooses which groups of fields are public, one consent per group
 * (who and when are recorded). Nothing outside these groups is ever public: never the owner's
 * contacts, never the notes of staff or the key-handover notes of the registry.
 */
import { z } from 'zod';
import { Id, Text } from './common.ts';
import { defineRoute } from './contract.ts';
import { StorefrontParams } from './storefronts.ts';

/** The groups of an exposé, in the order the owner's panel and the page show them. */
export const EXPOSE_GROUPS = ['floor_plan', 'dimensions', 'equipment', 'access', 'availability', 'conditions', 'photos'] as const;
export type ExposeGroup = (typeof EXPOSE_GROUPS)[number];

/** The consent sentence of each group, as the owner reads it (German first). */
export const EXPOSE_GROUP_LABELS: Record<ExposeGroup, { de: string; en: string }> = {
  floor_plan: { de: 'Grundriss öffentlich zeigen', en: 'Show the floor plan publicly' },
  dimensions: { de: 'Fläche und Schaufensterfront öffentlich zeigen', en: 'Show area and frontage publicly' },
  equipment: { de: 'Ausstattung (Strom, Wasser, WC, Heizung) öffentlich zeigen', en: 'Show equipment publicly' },
  access: { de: 'Barrierefreiheit (stufenloser Zugang) öffentlich zeigen', en: 'Show step-free access publicly' },
  availability: { de: 'Verfügbare Zeiträume öffentlich zeigen', en: 'Show availability windows publicly' },
  conditions: {
    de: 'Konditionen (Miete, Nebenkosten, Versicherung, Schlüssel) öffentlich zeigen',
    en: 'Show conditions publicly',
  },
  photos: { de: 'Öffentliche Fotos des Ladens zeigen', en: "Show the storefront's public photos" },
};

export const ExposeConditions = z
  .object({
    /** `none`: no fee; `amount`: a fee, described in `feeText`. */
    fee: z.enum(['none', 'amount']).default('none'),
    feeText: Text(300).default(''),
    utilities: Text(500).default(''),
    insurance: Text(500).default(''),
    keyHandover: Text(500).default(''),
  })
  .strict();
export type ExposeConditions = z.infer<typeof ExposeConditions>;

/** `PUT /api/storefronts/:storefrontId/expose`: whether it is offered, the public groups, the texts. */
export const ExposeSettingsBody = z
  .object({
    offered: z.boolean(),
    publicGroups: z.array(z.enum(EXPOSE_GROUPS)).max(EXPOSE_GROUPS.length),
    conditions: ExposeConditions.default({ fee: 'none', feeText: '', utilities: '', insurance: '', keyHandover: '' }),
    intro: Text(2000).default(''),
  })
  .strict();
export type ExposeSettingsBody = z.infer<typeof ExposeSettingsBody>;

/** What the owner and staff see and change. */
export const ExposeSettings = z
  .object({
    storefrontId: z.string(),
    offered: z.boolean(),
    publicGroups: z.array(z.enum(EXPOSE_GROUPS)),
    conditions: z.object({
      fee: z.enum(['none', 'amount']),
      feeText: z.string(),
      utilities: z.string(),
      insurance: z.string(),
      keyHandover: z.string(),
    }),
    intro: z.string(),
    consentedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    consentedAt: z.string().nullable(),
    /** The public page's path (`/expose/<id>`), shown only when offered. */
    path: z.string(),
  })
  .meta({ id: 'ExposeSettings' });
export type ExposeSettings = z.infer<typeof ExposeSettings>;

/** The public exposé: the storefront's name, address and quarter, and only the groups made public. */
export const PublicExpose = z
  .object({
    storefrontId: z.string(),
    title: z.string(),
    address: z.string(),
    quarter: z.object({ name: z.string(), slug: z.string() }),
    intro: z.string(),
    groups: z.array(z.enum(EXPOSE_GROUPS)),
    floorPlan: z
      .object({
        outline: z.array(z.object({ x: z.number(), y: z.number() })),
        doors: z.array(z.object({ x: z.number(), y: z.number(), width: z.number(), main: z.boolean() })),
      })
      .optional(),
    dimensions: z.object({ areaM2: z.number(), frontageCm: z.number() }).optional(),
    equipment: z
      .object({
        power: z.object({ sockets: z.number(), maxLoadKw: z.number().nullable() }),
        water: z.boolean(),
        toilet: z.boolean(),
        heating: z.boolean(),
      })
      .optional(),
    access: z.object({ stepFree: z.boolean() }).optional(),
    availability: z.array(z.object({ start: z.string(), end: z.string() })).optional(),
    conditions: ExposeSettings.shape.conditions.optional(),
    photos: z
      .array(z.object({ url: z.string(), caption: z.string(), width: z.number().nullable(), height: z.number().nullable() }))
      .optional(),
    /** Published calls (open or closed) this storefront is part of. */
    calls: z.array(z.object({ slug: z.string(), title: z.string(), deadline: z.string(), status: z.string() })),
  })
  .meta({ id: 'PublicExpose' });
export type PublicExpose = z.infer<typeof PublicExpose>;

export const exposeRoutes = {
  settings: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId/expose',
    summary: "The storefront's exposé settings: offered, public groups and who consented when (owner, staff)",
    tags: ['exposes'],
    params: StorefrontParams,
    response: { 200: ExposeSettings },
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/storefronts/:storefrontId/expose',
    summary: 'Offers the storefront and sets the public groups of its exposé (a consent per group; owner, staff)',
    tags: ['exposes'],
    params: StorefrontParams,
    body: ExposeSettingsBody,
    response: { 200: ExposeSettings },
  }),
  public: defineRoute({
    method: 'GET',
    path: '/api/public/exposes/:storefrontId',
    summary: 'The public exposé of an offered storefront (only the groups its owner made public); 404 otherwise',
    tags: ['exposes'],
    params: z.object({ storefrontId: Id }),
    response: { 200: PublicExpose },
  }),
};
