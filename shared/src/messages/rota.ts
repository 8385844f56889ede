/** Messages of the duty rota (issue 18), German first. */
import type { Catalogue } from './catalogue.ts';

export const ROTA_MESSAGES = {
  'rota.shiftNotFound': { de: 'Diese Schicht gibt es nicht (mehr).', en: 'This shift does not exist (any more).' },
  'rota.assignmentNotFound': {
    de: 'Diese Person ist nicht (mehr) für die Schicht eingetragen.',
    en: 'This person is not (or no longer) on the shift.',
  },
  'rota.contactNotFound': { de: 'Diesen Kontakt gibt es nicht (mehr).', en: 'This contact does not exist (any more).' },
  'rota.swapNotFound': {
    de: 'Dieses Tauschangebot gibt es nicht mehr – vielleicht hat es schon jemand übernommen.',
    en: 'This swap offer is gone – perhaps someone has already taken it.',
  },
  'rota.notOnShift': { de: 'Du bist für diese Schicht nicht eingetragen.', en: 'You are not on this shift.' },
  'rota.alreadyOnShift': {
    de: 'Diese Person ist für die Schicht schon eingetragen.',
    en: 'This person is already on the shift.',
  },
  'rota.notMember': {
    de: 'Nur Mitglieder des Plans (und die Stabsstelle) können Schichten übernehmen.',
    en: 'Only members of the plan (and staff) can take shifts.',
  },
  'rota.notYourShift': { de: 'Das ist nicht deine Schicht.', en: 'This is not your shift.' },
  'rota.swapOffered': { de: 'Diese Schicht wird schon zum Tausch angeboten.', en: 'This shift is already offered for a swap.' },
  'rota.ownSwap': { de: 'Das eigene Angebot kann man nicht übernehmen.', en: 'You cannot take your own offer.' },
  'rota.closed': {
    de: 'Der Plan ist abgeschlossen, zurückgezogen oder gelöscht; die Aufsicht kann nicht mehr geändert werden.',
    en: 'The plan is done, withdrawn or deleted; its rota can no longer be changed.',
  },
} as const satisfies Catalogue;
