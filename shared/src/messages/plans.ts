/** Messages of the plans capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const PLANS_MESSAGES = {
  'plan.transitionNotAllowed': {
    de: '„{transition}“ ist im Status „{status}“ nicht möglich.',
    en: '“{transition}” is not possible in status “{status}”.',
  },
  'plan.unknownStorefront': { de: 'Dieses Ladenlokal gibt es nicht.', en: 'This storefront does not exist.' },
} as const satisfies Catalogue;
