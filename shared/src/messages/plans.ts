/** Messages of the plans capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const PLANS_MESSAGES = {
  'plan.transitionNotAllowed': {
    de: '„{transition}“ ist im Status „{status}“ nicht möglich.',
    en: '“{transition}” is not possible in status “{status}”.',
  },
  'plan.unknownStorefront': { de: 'Dieses Ladenlokal gibt es nicht.', en: 'This storefront does not exist.' },
  // The live document passed its size limit (sync notice `doc-too-large`, shared/src/sync-protocol.ts).
  'plan.tooLarge': {
    de: 'Der Plan ist zu groß ({size}, höchstens {limit}): Änderungen, die ihn vergrößern, werden nicht gespeichert. Entfernen Sie Inhalte (z. B. lange Texte), um weiterzuarbeiten.',
    en: 'The plan is too large ({size}, at most {limit}): changes that make it larger are not saved. Remove content (e.g. long texts) to keep working.',
  },
} as const satisfies Catalogue;
