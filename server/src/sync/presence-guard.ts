/**
 * Presence limits: which awareness states a connection may set.
 *
 * An awareness update (y-protocols/awareness) is
 *
 *   update := varUint(n) · n × ( varUint(clientId) · varUint(clock) · varString(JSON state or "null") )
 *
 * and y-protocols applies every entry it is given, for any client id. The guard rewrites a client's
 * update before it is applied, keeping only entries that
 * - are for a client id this connection owns: the first {@link SyncLimits.maxAwarenessIdsPerConnection}
 *   ids it announces that no other connection in the room owns and that are not already present
 *   (from another instance); a stock client has one id, two allow for a Yjs client-id change;
 * - carry a state of at most {@link SyncLimits.maxAwarenessStateBytes} bytes of JSON.
 * Everything else is dropped (and counted), the connection stays open: a stock client echoes the
 * states of others it hears, so entries of foreign ids are routine, not an attack. Read-only
 * connections keep their cursor within the same limits.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { SyncLimits } from './limits.ts';

/** The awareness ids each connection of one room owns. */
export class PresenceGuard<C extends object> {
  private readonly owners = new Map<number, C>();
  private readonly owned = new WeakMap<C, Set<number>>();

  constructor(private readonly limits: Pick<SyncLimits, 'maxAwarenessIdsPerConnection' | 'maxAwarenessStateBytes'>) {}

  /**
   * Filters `update` from `conn`: returns the update to apply (the same bytes when nothing was dropped,
   * null when nothing is left) and how many entries were dropped. `present(id)` tells whether a state
   * for `id` is known in the room. Throws on a malformed update (the caller closes with MALFORMED).
   */
  filter(conn: C, update: Uint8Array, present: (id: number) => boolean): { update: Uint8Array | null; dropped: number } {
    const decoder = decoding.createDecoder(update);
    const n = decoding.readVarUint(decoder);
    const kept: { id: number; clock: number; state: Uint8Array }[] = [];
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarUint8Array(decoder); // the UTF-8 bytes of a varString
      if (state.length > this.limits.maxAwarenessStateBytes || !this.claim(conn, id, present)) dropped++;
      else kept.push({ id, clock, state });
    }
    if (dropped === 0) return { update, dropped };
    if (kept.length === 0) return { update: null, dropped };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const { id, clock, state } of kept) {
      encoding.writeVarUint(encoder, id);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint8Array(encoder, state);
    }
    return { update: encoding.toUint8Array(encoder), dropped };
  }

  private claim(conn: C, id: number, present: (id: number) => boolean): boolean {
    const owner = this.owners.get(id);
    if (owner) return owner === conn;
    let mine = this.owned.get(conn);
    if (mine && mine.size >= this.limits.maxAwarenessIdsPerConnection) return false;
    if (present(id)) return false;
    if (!mine) this.owned.set(conn, (mine = new Set()));
    mine.add(id);
    this.owners.set(id, conn);
    return true;
  }

  /** Frees the ids of a connection that left. */
  release(conn: C): void {
    for (const id of this.owned.get(conn) ?? []) if (this.owners.get(id) === conn) this.owners.delete(id);
    this.owned.delete(conn);
  }
}
