/** Messages of the jury, shortlist and decision of open calls (issue 16), German first. */
import type { Catalogue } from './catalogue.ts';

export const JURY_MESSAGES = {
  'jury.notOpen': {
    de: 'Bewertet wird erst nach Ablauf der Bewerbungsfrist und bis zur Entscheidung.',
    en: 'Scoring opens once the deadline has passed, and ends with the decision.',
  },
  'jury.notJuror': {
    de: 'Sie gehören nicht zur Jury dieses Aufrufs.',
    en: 'You are not a juror of this call.',
  },
  'jury.conflicted': {
    de: 'Sie haben bei dieser Bewerbung einen Interessenkonflikt erklärt und bewerten sie nicht.',
    en: 'You declared a conflict of interest on this application and do not score it.',
  },
  'jury.unknownCriterion': {
    de: '„{field}“: Dieses Kriterium gehört nicht zu diesem Aufruf.',
    en: '“{field}”: this criterion does not belong to this call.',
  },
  'selection.notShortlistable': {
    de: 'Nur eingereichte oder nachgerückte Bewerbungen kommen auf die Kurzliste.',
    en: 'Only submitted or waitlisted applications can be shortlisted.',
  },
  'selection.notDecidable': {
    de: 'Über diese Bewerbung kann (so) nicht entschieden werden.',
    en: 'This application cannot be decided (like this).',
  },
  'selection.objectionNotAcknowledged': {
    de: 'Die Eigentümerin oder der Eigentümer hat Einwände erhoben. Bitte bestätigen Sie ausdrücklich, dass Sie trotzdem auswählen.',
    en: 'The owner objected. Please confirm explicitly that you select all the same.',
  },
  'selection.noStorefront': {
    de: '„{field}“: Dieses Ladenlokal gehört nicht zu diesem Aufruf.',
    en: '“{field}”: this storefront does not belong to this call.',
  },
  'selection.noApplicant': {
    de: 'Die Bewerbung hat keine Hauptbewerberin und keinen Hauptbewerber mehr.',
    en: 'The application has no main applicant any more.',
  },
  'shortlist.notShortlisted': {
    de: 'Dieses Konzept steht (nicht mehr) auf der Kurzliste für Ihr Ladenlokal.',
    en: 'This concept is not (any longer) shortlisted for your storefront.',
  },
  'notification.callShortlisted': {
    de: 'Für Ihr Ladenlokal „{storefront}“ steht ein Konzept aus „{call}“ auf der Kurzliste. Bitte antworten Sie.',
    en: 'A concept from “{call}” is shortlisted for your storefront “{storefront}”. Please answer.',
  },
} as const satisfies Catalogue;
