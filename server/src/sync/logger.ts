/** The logging the sync core needs (pino-compatible: object first, message second). */
export interface SyncLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Discards everything (the default of a SyncServer without a logger). */
export const silentLogger: SyncLogger = { debug() {}, info() {}, warn() {}, error() {} };
