/** Messages of handover protocols (issue 18), German first. */
import type { Catalogue } from './catalogue.ts';

export const HANDOVER_MESSAGES = {
  'handover.notFound': {
    de: 'Für diesen Plan gibt es dieses Übergabeprotokoll (noch) nicht.',
    en: 'This plan has no such handover protocol (yet).',
  },
  'handover.exists': {
    de: 'Dieses Übergabeprotokoll ist schon angelegt.',
    en: 'This handover protocol already exists.',
  },
  'handover.locked': {
    de: 'Das Protokoll ist von beiden Seiten bestätigt und gesperrt. Korrekturen bitte als Nachtrag.',
    en: 'The protocol is confirmed by both sides and locked. Please add corrections as an addendum.',
  },
  'handover.notLocked': {
    de: 'Nachträge gibt es erst, wenn beide Seiten bestätigt haben. Bis dahin lässt sich das Protokoll selbst ändern.',
    en: 'Addenda come once both sides have confirmed. Until then the protocol itself can be changed.',
  },
  'handover.alreadyConfirmed': {
    de: 'Diese Seite hat das Protokoll schon bestätigt.',
    en: 'This side has already confirmed the protocol.',
  },
  'handover.unknownZone': {
    de: '„{field}“: Diesen Bereich gibt es im Protokoll nicht.',
    en: '“{field}”: the protocol has no such zone.',
  },
  'handover.unknownTarget': {
    de: '„{field}“: Dazu gibt es im Protokoll nichts, dem das Foto zugeordnet werden kann.',
    en: '“{field}”: the protocol has nothing this photo could belong to.',
  },
  'handover.caretakerRequired': {
    de: '„{field}“: Die Stabsstelle bestätigt die Eigentümerseite nur für eine Hausverwaltung oder einen Hausmeister (Name eintragen).',
    en: '“{field}”: staff confirm the owner side only for a caretaker (type their name).',
  },
  'handover.signatureUnknown': {
    de: '„{field}“: Diese Unterschrift gehört nicht zu diesem Protokoll und dieser Seite.',
    en: '“{field}”: this signature does not belong to this protocol and side.',
  },
  'handover.photoViaProtocol': {
    de: 'Dieses Foto gehört zu einem Übergabeprotokoll und lässt sich nur dort entfernen (vor der Bestätigung).',
    en: 'This photo belongs to a handover protocol and can only be removed there (before confirmation).',
  },
} as const satisfies Catalogue;
