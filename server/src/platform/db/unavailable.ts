/**
 * The one place that decides whether an error means "the database cannot be reached right now" (an
 * outage: answer 503 with Retry-After and let the caller retry) rather than a fault of the request or
 * the code (500). The REST error handler, the websocket upgrade and the socket.io handshake all ask
 * {@link isDatabaseUnavailable}; no route classifies errors itself. The socket-level codes are the same
 * for any backend client (a Redis connection refused is ECONNREFUSED too): a request that fails on one
 * of those is answered 503 as well, which is right for every backend.
 */

/** Seconds a client is asked to wait (`Retry-After`) when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket-level failures of the connection to the server (Node's `err.code`). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATEs of a server that is going away or not accepting connections (class 08 is matched whole). */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is stopping (pg_ctl stop -m fast)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);

/** Errors node-postgres and pg-pool raise as plain `Error`s, without a code. */
const PG_MESSAGES = [
  /^Connection terminated/, // …unexpectedly, …due to connection timeout
  /^timeout exceeded when trying to connect$/, // pg-pool's connectionTimeoutMillis
  /is not queryable$/, // a client whose connection broke
  /^Cannot use a pool after calling end on the pool$/, // shutting down
];

/**
 * Whether `err` (or its cause, or one of an AggregateError's errors: Node reports a refused connection
 * to a host with several addresses that way) says the database is unreachable.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (!code && typeof e.message === 'string' && PG_MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
