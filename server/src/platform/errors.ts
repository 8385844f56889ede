import type { ZodError } from 'zod';
import {
  DEFAULT_ERROR_KEYS,
  ErrorCodes,
  fieldProblemOf,
  formatMessage,
  type ErrorCode,
  type FieldProblem,
  type MessageKey,
  type MessageParams,
} from '@planner/shared';

export { ErrorCodes, type ErrorCode, type FieldProblem };

/**
 * The one error type of the API. It carries a code (the HTTP status follows from it), a message key
 * of the shared catalogue with its params, and for validation errors the bad fields. The error handler
 * turns it into `{ error: { code, key, params, message, fields } }`; `message` is the English text.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly key: string;
  readonly params?: MessageParams;
  readonly fields?: FieldProblem[];
  /** Structured data for the client (e.g. the diff of a `schedule-changed` conflict). */
  readonly details?: unknown;

  constructor(
    code: ErrorCode,
    key?: MessageKey,
    params?: MessageParams | FieldProblem[],
    fields?: FieldProblem[],
    details?: unknown,
  ) {
    const messageKey = key ?? DEFAULT_ERROR_KEYS[code];
    const p = Array.isArray(params) ? undefined : params;
    super(formatMessage(messageKey, p, 'en'));
    this.name = 'AppError';
    this.code = code;
    this.status = ErrorCodes[code];
    this.key = messageKey;
    this.params = p;
    this.fields = Array.isArray(params) ? params : fields;
    this.details = details;
  }
}

/** Every problem of a failed zod parse, each naming its field. */
export function fieldsOf(error: ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((i) => fieldProblemOf(i as Parameters<typeof fieldProblemOf>[0], prefix));
}

/** Parses untrusted input with a shared zod schema, or throws a 400 naming every bad field. */
export function parseInput<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('VALIDATION', 'error.validation', undefined, fieldsOf(result.error));
  return result.data;
}
