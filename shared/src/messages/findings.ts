/** Texts of the check findings (shared/src/checks), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const FINDING_MESSAGES = {
  'findings.doubleBooking': {
    de: 'Ladenlokal doppelt belegt: „{plan}“ und „{otherPlan}“ überschneiden sich von {start} bis {end}.',
    en: 'Storefront booked twice: “{plan}” and “{otherPlan}” overlap from {start} to {end}.',
  },
  'findings.doubleBookingPending': {
    de: 'Das Ladenlokal ist von {start} bis {end} bereits durch „{otherPlan}“ belegt.',
    en: 'The storefront is already taken by “{otherPlan}” from {start} to {end}.',
  },
  'findings.doubleBookingDraft': {
    de: 'Überschneidung mit einem Entwurf: „{otherPlan}“ plant das Ladenlokal ebenfalls von {start} bis {end} ein.',
    en: 'Overlap with a draft: “{otherPlan}” also plans the storefront from {start} to {end}.',
  },
  'findings.outsideAvailability': {
    de: '„{title}“ ({start} – {end}) liegt außerhalb der Verfügbarkeit des Ladenlokals.',
    en: '“{title}” ({start} – {end}) lies outside the storefront’s availability.',
  },
  'findings.personDoubleBooked': {
    de: '{assignee} ist zugleich für „{title}“ und „{otherTitle}“ in „{otherPlan}“ verantwortlich ({start} – {end}).',
    en: '{assignee} is responsible for “{title}” and for “{otherTitle}” in “{otherPlan}” at the same time ({start} – {end}).',
  },
  'findings.outlineInvalid': {
    de: 'Der Grundriss des Ladenlokals ist ungültig; Lage-, Tür- und Flächenprüfungen entfallen.',
    en: 'The storefront’s floor outline is invalid; layout, door and floor-area checks are skipped.',
  },
  'findings.layoutOutside': {
    de: '„{item}“ liegt ganz oder teilweise außerhalb des Grundrisses.',
    en: '“{item}” lies wholly or partly outside the floor outline.',
  },
  'findings.layoutOverlap': {
    de: '„{item}“ und „{otherItem}“ überlappen sich.',
    en: '“{item}” and “{otherItem}” overlap.',
  },
  'findings.doorBlocked': {
    de: '„{item}“ steht im freizuhaltenden Bereich vor Tür {door} ({depth} cm tief).',
    en: '“{item}” stands in the zone to keep clear in front of door {door} ({depth} cm deep).',
  },
  'findings.keepClearBlocked': {
    de: '„{item}“ steht in der freizuhaltenden Fläche „{zone}“.',
    en: '“{item}” stands in the keep-clear zone “{zone}”.',
  },
  'findings.capacityArea': {
    de: '„{title}“: {attendance} Personen erwartet, die freie Fläche von {area} m² fasst bei {density} Personen/m² nur {capacity}.',
    en: '“{title}”: {attendance} people expected, but {area} m² of free floor at {density} people/m² holds only {capacity}.',
  },
  'findings.capacityOwner': {
    de: '„{title}“: {attendance} Personen erwartet, die Eigentümer:innen erlauben höchstens {max}.',
    en: '“{title}”: {attendance} people expected, the owner allows at most {max}.',
  },
  'findings.capacityAssembly': {
    de: '„{title}“: {attendance} Personen erwartet – ab 200 Personen gelten die Regeln für Versammlungsstätten.',
    en: '“{title}”: {attendance} people expected – from 200 people the rules for places of assembly apply.',
  },
  'findings.taskUnassigned': {
    de: 'Die Aufgabe „{title}“ ist niemandem zugewiesen.',
    en: 'The task “{title}” is not assigned to anyone.',
  },
  'findings.taskDueAfterSetup': {
    de: 'Die Aufgabe „{title}“ ist erst am {due} fällig, der Aufbau beginnt aber schon am {setup}.',
    en: 'The task “{title}” is due {due}, but setup already starts {setup}.',
  },
  'findings.taskOverdue': {
    de: 'Die Aufgabe „{title}“ ist überfällig (fällig am {due}).',
    en: 'The task “{title}” is overdue (due {due}).',
  },
  'findings.rotaUncovered': {
    de: 'Keine Aufsicht: „{title}“ ist von {start} bis {end} nicht besetzt.',
    en: 'No one on duty: “{title}” is not staffed from {start} to {end}.',
  },
  'findings.rotaUnderstaffed': {
    de: 'Schicht „{shift}“ ({start} – {end}) ist unterbesetzt: {people} von mindestens {min} Personen.',
    en: 'Shift “{shift}” ({start} – {end}) is under-staffed: {people} of at least {min} people.',
  },
  'findings.rotaPersonDoubleBooked': {
    de: '{assignee} hat zugleich die Schicht „{shift}“ und eine Schicht in „{otherPlan}“ ({start} – {end}).',
    en: '{assignee} is on shift “{shift}” and on a shift in “{otherPlan}” at the same time ({start} – {end}).',
  },
} as const satisfies Catalogue;

/** Keys of finding messages. */
export type FindingMessageKey = keyof typeof FINDING_MESSAGES;
