/** Messages of the floor-plan underlay (issue 17), German first. */
import type { Catalogue } from './catalogue.ts';

export const UNDERLAY_MESSAGES = {
  'underlay.notFound': {
    de: 'Für diesen Laden gibt es keine Grundriss-Unterlage (mehr).',
    en: 'This storefront has no floor-plan underlay (any more).',
  },
  'underlay.unsupportedType': {
    de: '„{field}“: Dieses Dateiformat wird als Grundriss nicht angenommen ({found}). Erlaubt sind JPEG, PNG, WebP und AVIF.',
    en: '“{field}”: this file format is not accepted as a floor plan ({found}). Allowed are JPEG, PNG, WebP and AVIF.',
  },
  'underlay.processing': {
    de: 'Die Unterlage wird noch verarbeitet. Die Punkte lassen sich setzen, sobald das Bild da ist.',
    en: 'The underlay is still being processed. The points can be set once the image is there.',
  },
  'underlay.processingFailed': {
    de: 'Das Bild der Unterlage konnte nicht verarbeitet werden. Bitte eine andere Datei hochladen.',
    en: 'The underlay image could not be processed. Please upload another file.',
  },
  'underlay.pointsEqual': {
    de: '„{field}“: Die beiden Punkte müssen an verschiedenen Stellen liegen.',
    en: '“{field}”: the two points must be at different places.',
  },
  'underlay.pointOutside': {
    de: '„{field}“ liegt außerhalb des Bildes (höchstens {maximum} Pixel).',
    en: '“{field}” lies outside the image (at most {maximum} pixels).',
  },
} as const satisfies Catalogue;
