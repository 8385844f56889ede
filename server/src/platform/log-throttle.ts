/**
 * Rate-limited error logging for connection-level errors (Redis, pg pool, websockets). Such a source
 * can fail many times a second while it reconnects; logging each would flood the log, and ignoring them
 * hides an outage. One line per source per interval, with the count of the ones left out since.
 */

/** Where a line goes: a pino-like `error(obj, msg)` or any function of the same shape. */
export type ErrorSink = (fields: Record<string, unknown>, msg: string) => void;

export interface ThrottleOptions {
  /** At most one line per interval (default 10 s). */
  intervalMs?: number;
  now?: () => number;
}

const consoleSink: ErrorSink = (fields, msg) => console.error(msg, fields);

/**
 * A handler for `on('error', …)` that logs the first error at once and then at most one per interval,
 * saying how many were suppressed in between.
 */
export function throttledErrorLog(
  source: string,
  sink: ErrorSink = consoleSink,
  opts: ThrottleOptions = {},
): (err: unknown) => void {
  const interval = opts.intervalMs ?? 10_000;
  const now = opts.now ?? Date.now;
  let last = -Infinity;
  let suppressed = 0;
  return (err) => {
    const t = now();
    if (t - last < interval) {
      suppressed++;
      return;
    }
    last = t;
    const fields: Record<string, unknown> = { err, source };
    if (suppressed) fields.suppressed = suppressed;
    suppressed = 0;
    sink(fields, `${source}: connection error`);
  };
}
