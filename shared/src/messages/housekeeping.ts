/** Messages of plan housekeeping (issue 14): deleted, archived and duplicated plans. German first. */
import type { Catalogue } from './catalogue.ts';

export const HOUSEKEEPING_MESSAGES = {
  'plan.deleted': { de: 'Dieser Plan wurde gelöscht.', en: 'This plan was deleted.' },
  'plan.notDeletable': {
    de: 'Nur ein Entwurf, der nie eingereicht wurde, kann gelöscht werden.',
    en: 'Only a draft that was never submitted can be deleted.',
  },
  'plan.notArchivable': {
    de: 'Nur abgeschlossene oder zurückgezogene Pläne können archiviert werden.',
    en: 'Only done or withdrawn plans can be archived.',
  },
  'plan.notArchived': { de: 'Dieser Plan ist nicht archiviert.', en: 'This plan is not archived.' },
  'plan.notDeleted': { de: 'Dieser Plan ist nicht gelöscht.', en: 'This plan is not deleted.' },
  'plan.restoreExpired': {
    de: 'Die Frist zum Wiederherstellen ist abgelaufen.',
    en: 'The time to restore this plan has passed.',
  },
  'plan.readOnly': {
    de: 'Dieser Plan ist abgeschlossen oder zurückgezogen und kann nicht mehr bearbeitet werden.',
    en: 'This plan is done or withdrawn and can no longer be edited.',
  },
} as const satisfies Catalogue;
