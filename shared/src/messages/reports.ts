/** Messages of attendance and the city reports (issue 20), German first. */
import type { Catalogue } from './catalogue.ts';

export const REPORTS_MESSAGES = {
  'attendance.notEnded': {
    de: 'Besucherzahlen können erst nach dem Ende des Termins erfasst werden.',
    en: 'Visitor numbers can only be recorded once the entry has ended.',
  },
  'attendance.notPublished': {
    de: 'Besucherzahlen gibt es nur für veröffentlichte oder abgeschlossene Pläne.',
    en: 'Visitor numbers can only be recorded for published or completed plans.',
  },
  'attendance.entryNotFound': {
    de: 'Diesen öffentlichen Termin gibt es im genehmigten Zeitplan nicht (oder er wurde abgesagt).',
    en: 'This public entry is not in the approved schedule (or it was cancelled).',
  },
} as const satisfies Catalogue;
