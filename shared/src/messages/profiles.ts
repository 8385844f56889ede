/** Messages of creative profiles (issue 17), German first. */
import type { Catalogue } from './catalogue.ts';

export const PROFILES_MESSAGES = {
  'profile.notFound': {
    de: 'Dieses Profil gibt es nicht oder es ist nicht öffentlich.',
    en: 'This profile does not exist or is not public.',
  },
  'profile.exists': { de: 'Du hast schon ein Profil.', en: 'You already have a profile.' },
  'profile.portraitMissing': { de: 'Dieses Profil hat kein Bild.', en: 'This profile has no picture.' },
  'profile.notAnImage': {
    de: '„{field}“: Für das Porträt oder Logo sind nur Bilder erlaubt (JPEG, PNG, WebP, AVIF), nicht {found}.',
    en: '“{field}”: only images are allowed for the portrait or logo (JPEG, PNG, WebP, AVIF), not {found}.',
  },
  'profile.portraitTooLarge': {
    de: '„{field}“: Das Bild ist zu groß. Erlaubt sind höchstens {limitMb} MB.',
    en: '“{field}”: the picture is too large. At most {limitMb} MB are allowed.',
  },
  'profile.portraitBroken': {
    de: '„{field}“: Das Bild ließ sich nicht lesen. Bitte ein anderes wählen.',
    en: '“{field}”: the picture could not be read. Please choose another one.',
  },
  'field.httpUrl': {
    de: '„{field}“ muss eine vollständige Adresse mit http:// oder https:// sein.',
    en: '“{field}” must be a full address starting with http:// or https://.',
  },
  'field.duplicate': { de: '„{field}“ enthält einen Eintrag doppelt.', en: '“{field}” contains an entry twice.' },
} as const satisfies Catalogue;
