/**
 * Messages every capability may answer with: the generic error of each error code, and the problems
 * of a single field in a request (rendered by {@link formatFieldProblem}).
 */
import type { Catalogue } from './catalogue.ts';

export const COMMON_MESSAGES = {
  'error.validation': {
    de: 'Die Eingaben sind unvollständig oder ungültig.',
    en: 'Some input is missing or invalid.',
  },
  'error.badRequest': { de: 'Die Anfrage ist ungültig.', en: 'The request is invalid.' },
  'error.unauthenticated': { de: 'Bitte melden Sie sich an.', en: 'Please sign in.' },
  'error.forbidden': { de: 'Dafür fehlt Ihnen die Berechtigung.', en: 'You are not allowed to do this.' },
  'error.notFound': { de: 'Das gibt es nicht (mehr).', en: 'This does not exist (any more).' },
  'error.routeNotFound': { de: 'Diese Adresse gibt es nicht.', en: 'This address does not exist.' },
  'error.conflict': {
    de: 'Das geht im jetzigen Zustand nicht. Bitte laden Sie die Seite neu.',
    en: 'This is not possible in the current state. Please reload the page.',
  },
  'error.idempotencyKeyReused': {
    de: 'Dieser Vorgang wurde schon mit anderen Angaben gesendet. Bitte laden Sie die Seite neu.',
    en: 'This action was already sent with different content. Please reload the page.',
  },
  'error.idempotencyInProgress': {
    de: 'Dieser Vorgang wird noch bearbeitet. Bitte warten Sie einen Moment.',
    en: 'This action is still being processed. Please wait a moment.',
  },
  'error.gone': { de: 'Das ist nicht mehr gültig.', en: 'This is no longer valid.' },
  'error.payloadTooLarge': { de: 'Die Anfrage ist zu groß.', en: 'The request is too large.' },
  'error.unsupportedMediaType': { de: 'Dieses Format wird nicht angenommen.', en: 'This format is not accepted.' },
  'error.rateLimited': {
    de: 'Zu viele Anfragen. Bitte warten Sie einen Moment.',
    en: 'Too many requests. Please wait a moment.',
  },
  'error.unavailable': {
    de: 'Der Dienst ist gerade nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.',
    en: 'The service is unavailable right now. Please try again shortly.',
  },
  'error.internal': {
    de: 'Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es erneut.',
    en: 'Something went wrong on the server. Please try again.',
  },
  'error.network': { de: 'Der Server ist nicht erreichbar.', en: 'The server cannot be reached.' },

  // One field of a request: `{field}` is the field's path, the rest comes from the zod issue.
  'field.required': { de: '„{field}“ fehlt.', en: '“{field}” is missing.' },
  'field.invalidType': { de: '„{field}“ hat den falschen Typ.', en: '“{field}” has the wrong type.' },
  'field.tooShort': {
    de: '„{field}“ ist zu kurz (mindestens {minimum}).',
    en: '“{field}” is too short (at least {minimum}).',
  },
  'field.tooLong': {
    de: '„{field}“ ist zu lang (höchstens {maximum}).',
    en: '“{field}” is too long (at most {maximum}).',
  },
  'field.tooSmall': {
    de: '„{field}“ ist zu klein (mindestens {minimum}).',
    en: '“{field}” is too small (at least {minimum}).',
  },
  'field.tooBig': {
    de: '„{field}“ ist zu groß (höchstens {maximum}).',
    en: '“{field}” is too big (at most {maximum}).',
  },
  'field.invalidFormat': {
    de: '„{field}“ hat nicht das erwartete Format.',
    en: '“{field}” does not have the expected format.',
  },
  'field.invalidValue': { de: '„{field}“ hat einen unzulässigen Wert.', en: '“{field}” has a value that is not allowed.' },
  'field.unknown': { de: '„{field}“ ist hier nicht vorgesehen.', en: '“{field}” is not expected here.' },
  'field.invalidText': {
    de: '„{field}“ enthält unzulässige Zeichen.',
    en: '“{field}” contains characters that are not allowed.',
  },
  'field.invalid': { de: '„{field}“ ist ungültig.', en: '“{field}” is invalid.' },
} as const satisfies Catalogue;
