/**
 * The live-sync wire contract between the browser and `WS /yjs/<planId>`.
 *
 * The socket speaks the standard y-websocket protocol: every binary frame starts with a varUint
 * message type — 0 sync (y-protocols/sync: step 1, step 2, update), 1 awareness, 2 auth,
 * 3 query-awareness. A stock `WebsocketProvider` needs nothing from this file.
 *
 * One extension exists, and the server sends it only to connections opened with `?ack=1`:
 *
 *   saved := varUint(MESSAGE_SAVED = 100) · varUint(savedThrough) · varUint8Array(stateVector)
 *
 * - `savedThrough`: how many of this connection's document messages (sync step 2 and update frames,
 *   counted from 1 in the order the client sent them) are durable: committed to the database, or
 *   changing nothing the server did not already have. A client that counts the document frames it
 *   sends shows "saved" when `savedThrough` reaches its own count.
 * - `stateVector`: Yjs state vector (`Y.encodeStateVector` format) of the structs this connection
 *   sent that are durable, per client id. A client may compare `sv.get(doc.clientID)` with
 *   `Y.getState(doc, doc.clientID)` instead of counting frames (deletions do not advance it).
 *
 * A second extension, also only for connections opened with `?ack=1`:
 *
 *   notice := varUint(MESSAGE_NOTICE = 101) · varString(code) · varUint(limitBytes) · varUint(docBytes)
 *
 * - code `doc-too-large`: the document is at or over its size limit (`limitBytes`, server setting
 *   SYNC_MAX_DOC_BYTES; `docBytes` is its encoded size). Sent when such a document is opened and each
 *   time an update is refused because it would pass the limit. A refused update is not applied,
 *   stored or relayed, and `savedThrough` stops before it (the local copy holds an unsaved change);
 *   the connection stays open and updates that only delete content are still accepted, so the plan
 *   can be trimmed. A connection without `?ack=1` cannot read notices: it is closed with
 *   {@link SyncCloseCode.DOC_TOO_LARGE} instead.
 *
 * Close codes follow y-websocket's convention: 4400–4499 are permanent (the stock provider stops
 * reconnecting), 4500–4599 mean "try again later".
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/** y-websocket message types (first varUint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Extension: "these of your updates are durable". Sent only to connections that asked (`?ack=1`). */
export const MESSAGE_SAVED = 100;

/** Extension: a typed notice (see the header). Sent only to connections that asked (`?ack=1`). */
export const MESSAGE_NOTICE = 101;

/** Query parameter by which a client asks for {@link MESSAGE_SAVED} frames. */
export const SYNC_ACK_PARAM = 'ack';

/** Typed websocket close codes of the sync endpoint. */
export const SyncCloseCode = {
  /** Server shutting down (standard "going away"); reconnect to another instance. */
  GOING_AWAY: 1001,
  /** A frame could not be decoded (bad varint, truncated update, unknown type). */
  MALFORMED: 4400,
  /** The user's access to the document was revoked while connected. */
  ACCESS_REVOKED: 4403,
  /** A frame exceeded the maximum message size. */
  TOO_LARGE: 4413,
  /**
   * An update would make the document pass its size limit (sent to clients without `?ack=1`; the
   * others get a `doc-too-large` notice and stay connected). Permanent: reconnecting would send the
   * refused change again.
   */
  DOC_TOO_LARGE: 4409,
  /** The connection sent more messages or bytes per second than allowed, or the user has too many connections. */
  RATE_LIMITED: 4429,
  /** The document could not be loaded; retry later. Nothing was written. */
  LOAD_FAILED: 4500,
  /** The client did not read what the server sent fast enough; reconnect and resync. */
  SLOW_CONSUMER: 4503,
} as const;

export type SyncCloseCodeName = keyof typeof SyncCloseCode;

/** Decoded {@link MESSAGE_SAVED} frame. */
export interface SavedMessage {
  savedThrough: number;
  stateVector: Map<number, number>;
}

/** Encodes a {@link MESSAGE_SAVED} frame. */
export function encodeSavedMessage(msg: SavedMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  encoding.writeVarUint(encoder, msg.savedThrough);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(msg.stateVector));
  return encoding.toUint8Array(encoder);
}

/** Decodes a {@link MESSAGE_SAVED} frame; returns null when the frame is of another type. Throws on a truncated frame. */
export function decodeSavedMessage(frame: Uint8Array): SavedMessage | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MESSAGE_SAVED) return null;
  const savedThrough = decoding.readVarUint(decoder);
  const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
  return { savedThrough, stateVector };
}

/** True for frames that carry document content (sync step 2 or update): the frames `savedThrough` counts. */
export function isDocumentFrame(frame: Uint8Array): boolean {
  return frame.length >= 2 && frame[0] === MESSAGE_SYNC && (frame[1] === 1 || frame[1] === 2);
}

/** Codes of {@link MESSAGE_NOTICE} frames. */
export type SyncNoticeCode = 'doc-too-large';

/** Decoded {@link MESSAGE_NOTICE} frame. */
export interface NoticeMessage {
  code: SyncNoticeCode;
  limitBytes: number;
  docBytes: number;
}

/** Encodes a {@link MESSAGE_NOTICE} frame. */
export function encodeNoticeMessage(msg: NoticeMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_NOTICE);
  encoding.writeVarString(encoder, msg.code);
  encoding.writeVarUint(encoder, msg.limitBytes);
  encoding.writeVarUint(encoder, msg.docBytes);
  return encoding.toUint8Array(encoder);
}

/** Decodes a {@link MESSAGE_NOTICE} frame; null for frames of another type or an unknown code. */
export function decodeNoticeMessage(frame: Uint8Array): NoticeMessage | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_NOTICE) return null;
    const code = decoding.readVarString(decoder);
    if (code !== 'doc-too-large') return null;
    return { code, limitBytes: decoding.readVarUint(decoder), docBytes: decoding.readVarUint(decoder) };
  } catch {
    return null;
  }
}
