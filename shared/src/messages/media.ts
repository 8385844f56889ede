/** Messages of plan attachments (issue 17), German first. */
import type { Catalogue } from './catalogue.ts';

export const MEDIA_MESSAGES = {
  'media.notFound': { de: 'Diese Datei gibt es nicht (mehr).', en: 'This file does not exist (any more).' },
  'media.unsupportedType': {
    de: '„{field}“: Dieses Dateiformat wird nicht angenommen ({found}). Erlaubt sind JPEG, PNG, WebP, AVIF, HEIC und PDF.',
    en: '“{field}”: this file format is not accepted ({found}). Allowed are JPEG, PNG, WebP, AVIF, HEIC and PDF.',
  },
  'media.heicUnsupported': {
    de: '„{field}“: HEIC-Fotos kann der Server nicht umwandeln. Bitte als JPEG exportieren (auf dem iPhone: Einstellungen › Kamera › Formate › „Maximale Kompatibilität“).',
    en: '“{field}”: the server cannot convert HEIC photos. Please export as JPEG (on an iPhone: Settings › Camera › Formats › “Most Compatible”).',
  },
  'media.fileMissing': {
    de: 'Bitte eine Datei im Feld „{field}“ mitschicken (multipart/form-data).',
    en: 'Please send a file in the field “{field}” (multipart/form-data).',
  },
  'media.fileTooLarge': {
    de: '„{field}“: Die Datei ist zu groß. Erlaubt sind höchstens {limitMb} MB pro Datei.',
    en: '“{field}”: the file is too large. At most {limitMb} MB per file are allowed.',
  },
  'media.planFull': {
    de: '„{field}“: Der Speicherplatz dieses Plans ist erschöpft ({limitMb} MB). Bitte zuerst Dateien löschen.',
    en: '“{field}”: this plan’s storage is full ({limitMb} MB). Please delete files first.',
  },
  'media.planClosed': {
    de: 'Dieser Plan ist zurückgezogen, abgeschlossen oder gelöscht: Sein Material kann nicht mehr geändert werden.',
    en: 'This plan is withdrawn, done or deleted: its material can no longer be changed.',
  },
  'media.processing': {
    de: 'Die Datei wird noch verarbeitet. Bitte gleich noch einmal versuchen.',
    en: 'The file is still being processed. Please try again shortly.',
  },
  'media.processingFailed': {
    de: 'Das Bild konnte nicht verarbeitet werden. Das Original ist gespeichert.',
    en: 'The image could not be processed. The original is kept.',
  },
  'media.imageOnly': {
    de: '„{field}“: Hier sind nur Bilder erlaubt (JPEG, PNG, WebP, AVIF, HEIC), nicht {found}.',
    en: '“{field}”: only images are allowed here (JPEG, PNG, WebP, AVIF, HEIC), not {found}.',
  },
  'media.previewFailed': {
    de: 'Die Vorschau der ersten Seite konnte nicht erstellt werden. Das PDF ist gespeichert.',
    en: 'The preview of the first page could not be made. The PDF is kept.',
  },
  'media.notPublishable': {
    de: 'Nur Bilder aus dem Material können im Programm gezeigt werden.',
    en: 'Only images from the material can be shown in the programme.',
  },
  'media.variantMissing': {
    de: 'Diese Größe gibt es für diese Datei nicht.',
    en: 'This size does not exist for this file.',
  },
} as const satisfies Catalogue;
