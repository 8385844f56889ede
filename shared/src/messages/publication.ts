/** Messages of publishing, un-publishing and cancelling public entries, German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const PUBLICATION_MESSAGES = {
  'publication.openErrors': {
    de: 'Der Plan hat {count} offene Fehler. Veröffentlichen nur mit Begründung (Feld „overrideErrors“).',
    en: 'The plan has {count} open errors. Publishing needs a reason (field “overrideErrors”).',
  },
  'publication.notPublished': {
    de: 'Nur Termine veröffentlichter Pläne können abgesagt werden.',
    en: 'Only entries of published plans can be cancelled.',
  },
  'publication.entryNotPublic': {
    de: 'Dieser Termin ist nicht öffentlich.',
    en: 'This entry is not public.',
  },
  'publication.alreadyCancelled': {
    de: 'Dieser Termin ist bereits abgesagt.',
    en: 'This entry is already cancelled.',
  },
  'notification.planApprovedOwner': {
    de: 'Der Plan „{plan}“ für Ihr Ladenlokal wurde freigegeben.{note}',
    en: 'The plan “{plan}” for your storefront was approved.{note}',
  },
  'notification.planPublished': {
    de: '„{plan}“ ist jetzt im öffentlichen Programm.{note}',
    en: '“{plan}” is now in the public programme.{note}',
  },
  'notification.planPublishedOwner': {
    de: 'Der Plan „{plan}“ für Ihr Ladenlokal wurde veröffentlicht.{note}',
    en: 'The plan “{plan}” for your storefront was published.{note}',
  },
  'notification.planUnpublished': {
    de: '„{plan}“ wurde aus dem öffentlichen Programm genommen. Grund: {reason}',
    en: '“{plan}” was taken out of the public programme. Reason: {reason}',
  },
  'notification.entryCancelled': {
    de: 'Der Termin „{entry}“ von „{plan}“ wurde abgesagt. Grund: {reason}',
    en: 'The entry “{entry}” of “{plan}” was cancelled. Reason: {reason}',
  },
  'notification.changesRequestedNote': {
    de: 'Für „{plan}“ wurden Änderungen erbeten: {note}',
    en: 'Changes were requested for “{plan}”: {note}',
  },
} as const satisfies Catalogue;
