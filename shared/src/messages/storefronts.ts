/** Messages of the storefronts and quarters capabilities (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const STOREFRONTS_MESSAGES = {
  'storefront.notFound': { de: 'Dieses Ladenlokal gibt es nicht.', en: 'This storefront does not exist.' },
  'quarter.notFound': { de: 'Dieses Quartier gibt es nicht.', en: 'This quarter does not exist.' },
  'quarter.slugTaken': {
    de: 'Ein Quartier mit der Kennung „{slug}“ gibt es schon.',
    en: 'A quarter with the slug “{slug}” already exists.',
  },
} as const satisfies Catalogue;
