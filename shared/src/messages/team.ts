/** Plan teams (issue 14): errors and notifications, German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const TEAM_MESSAGES = {
  'team.leadMustHandOver': {
    de: 'Übergeben Sie die Leitung zuerst an eine andere Designerin oder einen anderen Designer.',
    en: 'Hand the lead over to another designer first.',
  },
  'team.notADesigner': {
    de: 'Die Leitung kann nur an eine Designerin oder einen Designer des Plans übergeben werden.',
    en: 'The lead can only go to a designer of the plan.',
  },
  'team.leadOnlyDesigners': {
    de: 'Die Leitung kann nur Designer*innen aus dem Plan entfernen; zum Gehen „Plan verlassen“.',
    en: 'The lead can only remove designers; to go yourself, leave the plan.',
  },
  'team.requestDecided': {
    de: 'Über diese Anfrage wurde bereits entschieden.',
    en: 'This request has already been decided.',
  },
  'team.requestNotFound': { de: 'Diese Anfrage gibt es nicht.', en: 'This request does not exist.' },
  'notification.memberAdded': {
    de: '{actor} hat Sie zum Plan „{plan}“ hinzugefügt.',
    en: '{actor} added you to the plan “{plan}”.',
  },
  'notification.accessRequested': {
    de: '{actor} bittet um Zugang zu „{plan}“.',
    en: '{actor} asks for access to “{plan}”.',
  },
  'notification.accessAccepted': {
    de: '{actor} hat Ihnen Zugang zu „{plan}“ gegeben.',
    en: '{actor} gave you access to “{plan}”.',
  },
  'notification.accessDeclined': {
    de: '{actor} hat Ihre Anfrage für „{plan}“ abgelehnt.',
    en: '{actor} declined your request for “{plan}”.',
  },
  'notification.leadHandedOver': {
    de: '{actor} hat Ihnen die Leitung von „{plan}“ übergeben.',
    en: '{actor} handed you the lead of “{plan}”.',
  },
} as const satisfies Catalogue;
