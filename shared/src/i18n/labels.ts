/** Display names of the plan document's vocabularies, German and English. */
import type { Locale } from '../api/auth.ts';
import type { Discipline, LayoutKind, ScheduleKind, Seating, TaskStatus } from '../plan/schema.ts';

type Names<K extends string> = Readonly<Record<K, Readonly<Record<Locale, string>>>>;

export const LAYOUT_KIND_NAMES: Names<LayoutKind> = {
  'partition-wall': { de: 'Stellwand', en: 'Partition wall' },
  plinth: { de: 'Sockel', en: 'Plinth' },
  'display-case': { de: 'Vitrine', en: 'Display case' },
  table: { de: 'Tisch', en: 'Table' },
  'seating-row': { de: 'Sitzreihe', en: 'Row of seats' },
  screen: { de: 'Bildschirm', en: 'Screen' },
  projector: { de: 'Projektor', en: 'Projector' },
  speaker: { de: 'Lautsprecher', en: 'Speaker' },
  light: { de: 'Leuchte', en: 'Light' },
  artwork: { de: 'Werk/Objekt', en: 'Artwork/object' },
  counter: { de: 'Theke', en: 'Counter' },
  door: { de: 'Tür/Eingang', en: 'Door/entrance' },
  'keep-clear': { de: 'Freihaltefläche', en: 'Keep-clear zone' },
};

export const SCHEDULE_KIND_NAMES: Names<ScheduleKind> = {
  setup: { de: 'Aufbau', en: 'Setup' },
  opening: { de: 'Eröffnung', en: 'Opening' },
  event: { de: 'Veranstaltung', en: 'Event' },
  workshop: { de: 'Workshop', en: 'Workshop' },
  'open-hours': { de: 'Öffnungszeiten', en: 'Opening hours' },
  teardown: { de: 'Abbau', en: 'Teardown' },
  other: { de: 'Sonstiges', en: 'Other' },
};

export const DISCIPLINE_NAMES: Names<Discipline> = {
  photography: { de: 'Fotografie', en: 'Photography' },
  'communication-design': { de: 'Kommunikationsdesign', en: 'Communication design' },
  'service-design': { de: 'Servicedesign', en: 'Service design' },
  'product-design': { de: 'Produktdesign', en: 'Product design' },
  'furniture-design': { de: 'Möbeldesign', en: 'Furniture design' },
  'graphic-design': { de: 'Grafikdesign', en: 'Graphic design' },
  'sound-design': { de: 'Sounddesign', en: 'Sound design' },
  illustration: { de: 'Illustration', en: 'Illustration' },
  scenography: { de: 'Szenografie', en: 'Scenography' },
  other: { de: 'Sonstiges', en: 'Other' },
};

export const TASK_STATUS_NAMES: Names<TaskStatus> = {
  todo: { de: 'Offen', en: 'To do' },
  doing: { de: 'In Arbeit', en: 'In progress' },
  done: { de: 'Erledigt', en: 'Done' },
  blocked: { de: 'Blockiert', en: 'Blocked' },
};

export const SEATING_NAMES: Names<Seating> = {
  seated: { de: 'Sitzend', en: 'Seated' },
  standing: { de: 'Stehend', en: 'Standing' },
};

export const SEVERITY_NAMES: Names<'error' | 'warning' | 'info'> = {
  error: { de: 'Fehler', en: 'Error' },
  warning: { de: 'Warnung', en: 'Warning' },
  info: { de: 'Hinweis', en: 'Note' },
};
