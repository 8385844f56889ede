/**
 * The API's error codes with their HTTP status and default message keys (re-exported by errors.ts). No
 * zod here: the client's error handling, which every page loads, reads these (issue 19's bundle budget).
 */
import type { MessageKey } from './messages/index.ts';

/** Each error code with its HTTP status (like Fastify's `FST_ERR_*`). */
export const ErrorCodes = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  /** The schedule (or layout) moved since the reviewer or owner looked: `details` has the diff. */
  'schedule-changed': 409,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** The message of an error that names nothing more specific. */
export const DEFAULT_ERROR_KEYS = {
  VALIDATION: 'error.validation',
  BAD_REQUEST: 'error.badRequest',
  UNAUTHENTICATED: 'error.unauthenticated',
  FORBIDDEN: 'error.forbidden',
  CSRF: 'auth.csrf',
  NOT_FOUND: 'error.notFound',
  CONFLICT: 'error.conflict',
  INVALID_TRANSITION: 'error.conflict',
  GONE: 'error.gone',
  PAYLOAD_TOO_LARGE: 'error.payloadTooLarge',
  UNSUPPORTED_MEDIA_TYPE: 'error.unsupportedMediaType',
  RATE_LIMITED: 'error.rateLimited',
  INTERNAL: 'error.internal',
  UNAVAILABLE: 'error.unavailable',
  'schedule-changed': 'review.scheduleChanged',
} as const satisfies Record<ErrorCode, MessageKey>;
