/**
 * Every change to a server-side document carries its origin as the Yjs transaction origin. The
 * origin alone decides what happens next:
 *
 * | origin  | saved by this instance | published on the bus | sent to local clients |
 * |---------|------------------------|----------------------|-----------------------|
 * | client  | yes                    | yes                  | yes                   |
 * | server  | yes                    | yes                  | yes                   |
 * | pubsub  | no (its origin saves)* | never                | yes                   |
 * | store   | no (already stored)    | no                   | (loaded before serving) |
 *
 * (*) unless the instance that published it never confirms it saved it: then this instance saves
 * it too (see fanout.ts, "rescue"); a duplicate row is harmless, Yjs updates are idempotent.
 */
export type OriginKind = 'client' | 'server' | 'pubsub' | 'store';

/** What listeners of `onUpdate` learn about an update's origin. */
export interface UpdateOriginInfo {
  kind: OriginKind;
  /** The author, for client updates. */
  userId?: string;
  /** The connection, for client updates (unique within this instance). */
  connectionId?: number;
}

/** The transaction origin object used inside the sync core. */
export interface UpdateOrigin {
  readonly kind: OriginKind;
  readonly info: UpdateOriginInfo;
}

const fixed = (kind: OriginKind): UpdateOrigin => Object.freeze({ kind, info: Object.freeze({ kind }) });

export const SERVER_ORIGIN = fixed('server');
export const PUBSUB_ORIGIN = fixed('pubsub');
export const STORE_ORIGIN = fixed('store');

/** Whether this instance writes an update of this origin to the store. */
export const isSavedHere = (kind: OriginKind) => kind === 'client' || kind === 'server';
/** Whether this instance publishes an update of this origin to other instances. */
export const isPublished = (kind: OriginKind) => kind === 'client' || kind === 'server';

/** Reads our origin from a Yjs transaction origin; anything foreign counts as a server write. */
export function originOf(origin: unknown): UpdateOrigin {
  if (origin && typeof origin === 'object' && 'kind' in origin && 'info' in origin) return origin as UpdateOrigin;
  return SERVER_ORIGIN;
}
