/**
 * Client wire protocol: the y-websocket framing, decoded strictly.
 *
 * Every websocket frame is one message:
 *
 *   frame           := varUint(messageType) · body
 *   sync (0)        := varUint(syncType) · varUint8Array(payload)
 *                      syncType 0 = step 1 (payload: the sender's state vector; answer with step 2)
 *                      syncType 1 = step 2 (payload: an update with what the receiver lacks)
 *                      syncType 2 = update (payload: an incremental Yjs update)
 *   awareness (1)   := varUint8Array(awareness update; y-protocols/awareness encoding)
 *   auth (2)        := server → client only (permission denied); never accepted from clients
 *   query-aw. (3)   := (empty) "send me every awareness state you know"
 *   saved (100)     := server → client only, see shared/src/sync-protocol.ts
 *   notice (101)    := server → client only (`doc-too-large`), see shared/src/sync-protocol.ts
 *
 * On connect the server sends its sync step 1 and the known awareness states; the client answers
 * with step 2 and sends its own step 1, which the server answers with step 2. Afterwards both sides
 * send `update` frames.
 *
 * Limits (limits.ts) that shape what is accepted, each documented where it is enforced: frame size
 * (4413), rates (4429), connections per user (429 before upgrading, 4429 as a backstop), document size
 * (updates that would pass it are refused: `doc-too-large` notice for `?ack=1` clients, close 4409 for
 * others; deletions always pass), presence (own client ids only, at most 2, 4 KiB per state; the rest is
 * dropped, see presence-guard.ts). A lone client that has heard nothing for 10 s gets its awareness
 * renewal echoed, so the stock provider's 30 s watchdog never fires.
 *
 * The decoder below never trusts lengths: a bad varint, a length past the end of the frame, trailing
 * bytes or an unknown type raise {@link ProtocolError}, which the connection turns into a close with
 * code MALFORMED. Whether an update's content is valid Yjs is checked when it is applied.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '@planner/shared/sync-protocol';

/** Sync message subtypes (y-protocols/sync). */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** A decoded client frame. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** A frame that does not follow the protocol. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const len = decoding.readVarUint(decoder);
  if (len > decoder.arr.length - decoder.pos) throw new ProtocolError('length past end of frame');
  return decoding.readUint8Array(decoder, len);
}

/** Decodes one client frame; throws {@link ProtocolError} on anything malformed. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  let msg: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      const payload = readBytes(decoder);
      if (syncType === SYNC_STEP1) msg = { type: 'sync-step1', stateVector: payload };
      else if (syncType === SYNC_STEP2) msg = { type: 'sync-step2', update: payload };
      else if (syncType === SYNC_UPDATE) msg = { type: 'update', update: payload };
      else throw new ProtocolError(`unknown sync message type ${syncType}`);
    } else if (type === MESSAGE_AWARENESS) {
      msg = { type: 'awareness', update: readBytes(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      msg = { type: 'query-awareness' };
    } else {
      throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`undecodable frame: ${(err as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after message');
  return msg;
}

/** Validates a state vector from a client (sync step 1); throws {@link ProtocolError}. */
export function checkStateVector(sv: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(sv);
    const n = decoding.readVarUint(decoder);
    for (let i = 0; i < n; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
    }
  } catch {
    throw new ProtocolError('malformed state vector');
  }
}

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Server's sync step 1: "here is my state vector". */
export const encodeSyncStep1 = (stateVector: Uint8Array) => syncFrame(SYNC_STEP1, stateVector);
/** Sync step 2: "here is what you lack". */
export const encodeSyncStep2 = (update: Uint8Array) => syncFrame(SYNC_STEP2, update);
/** An incremental update frame. */
export const encodeUpdate = (update: Uint8Array) => syncFrame(SYNC_UPDATE, update);

/** An awareness frame. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** True when an update carries no structs and no deletions (e.g. a diff against an up-to-date peer). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  // An empty v1 update is varUint(0 clients) · varUint(0 delete-set clients).
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** Most updates merged into one: Y.mergeUpdates grows much worse than linearly with the count. */
export const MERGE_CHUNK = 64;

/** Merges updates of one turn into one (cheap when there is just one). Callers keep lists short. */
export function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
}

/** Merges a list of any length into as few updates as keeps merging cheap ({@link MERGE_CHUNK} each). */
export function mergeChunks(updates: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < updates.length; i += MERGE_CHUNK) {
    const chunk = updates.slice(i, i + MERGE_CHUNK);
    try {
      out.push(mergeAll(chunk));
    } catch {
      // Merging is an optimisation: an update Yjs applied but cannot merge still goes out as it is.
      out.push(...chunk);
    }
  }
  return out;
}
