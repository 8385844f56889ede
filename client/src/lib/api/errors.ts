import { DEFAULT_ERROR_KEYS, type FieldProblem, type MessageParams } from '@planner/shared';

/**
 * An API answer other than 2xx, or no answer at all (`status` 0). The server's error body is
 * `{ error: { code, key, params?, message, fields?, details? } }` (shared/src/errors.ts): `key` is a
 * message key of the shared catalogue, rendered in the reader's language by `describeError`
 * ($lib/i18n/server-messages); `message` is English, for logs and the fallback of an answer without key.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** A message key of `shared/src/messages/`, or '' when the answer had none (not our server, a proxy …). */
    readonly key: string,
    readonly params: MessageParams = {},
    /** The server's text: English, for logs (shown only for an answer without a catalogue key). */
    readonly serverMessage = '',
    /** The bad fields of a request, each with a `field.*` key. */
    readonly fields: FieldProblem[] = [],
    /** Structured extras (e.g. a conflict's diff, or the body of a declared non-2xx answer). */
    readonly details?: unknown,
  ) {
    super(serverMessage || key || code);
    this.name = 'ApiError';
  }

  /** The route does not exist on this server (yet): a capability that is not available. */
  get unavailable() {
    return this.status === 404 && this.key === 'error.routeNotFound';
  }
}

/** The client could not reach the server (`status` 0). */
export const networkError = () => new ApiError(0, 'NETWORK', 'error.network', {}, 'The server cannot be reached.');

const GENERIC_KEYS: ReadonlySet<string> = new Set(Object.values(DEFAULT_ERROR_KEYS));

/** Whether a key only names the kind of failure (e.g. `error.conflict`), not what happened. */
export const isGenericKey = (key: string) => GENERIC_KEYS.has(key);

type WireError = { code?: unknown; key?: unknown; params?: unknown; message?: unknown; fields?: unknown; details?: unknown };

function fieldsOf(raw: unknown): FieldProblem[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (f): f is Record<string, unknown> => !!f && typeof f === 'object' && typeof (f as { path?: unknown }).path === 'string',
    )
    .map((f) => ({
      path: f.path as string,
      key: typeof f.key === 'string' ? f.key : '',
      params: f.params && typeof f.params === 'object' ? (f.params as MessageParams) : undefined,
      message: typeof f.message === 'string' ? f.message : '',
    }));
}

/** Reads a non-2xx answer into an ApiError; tolerates bodies that are not the shared `ErrorBody`. */
export function apiErrorOf(status: number, statusText: string, data: unknown): ApiError {
  const err = (data && typeof data === 'object' ? (data as { error?: WireError }).error : undefined) ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return new ApiError(
    status,
    str(err.code) || `HTTP_${status}`,
    str(err.key),
    err.params && typeof err.params === 'object' ? (err.params as MessageParams) : {},
    str(err.message) || statusText,
    fieldsOf(err.fields),
    err.details,
  );
}
