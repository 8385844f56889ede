/**
 * Messages between server instances on the bus channel `yjs:<docId>` (never seen by browsers):
 *
 *   envelope := varUint(kind) · varString(senderInstanceId) · varUint(seq) · varUint8Array(a) · varUint8Array(b)
 *
 * | kind            | seq                                   | a                       | b                  |
 * |-----------------|---------------------------------------|-------------------------|--------------------|
 * | 0 UPDATE        | sender's per-document sequence (1, 2…) | Yjs update              | (empty)            |
 * | 1 AWARENESS     | 0                                     | awareness update        | (empty)            |
 * | 2 QUERY         | 0                                     | sender's state vector   | (empty)            |
 * | 3 REPLY         | 0                                     | diff against the query  | replier's state vector |
 * | 4 SAVED         | highest UPDATE seq of the sender now durable | (empty)          | (empty)            |
 *
 * UPDATE sequences let a receiver notice a gap (a message lost while Redis reconnected) and ask
 * for a QUERY round; SAVED lets receivers drop their copies of updates the sender has committed.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/** Kinds of bus messages (table above). */
export const BusKind = { UPDATE: 0, AWARENESS: 1, QUERY: 2, REPLY: 3, SAVED: 4 } as const;
/** One of {@link BusKind}. */
export type BusKindValue = (typeof BusKind)[keyof typeof BusKind];

/** A decoded bus message; `a` and `b` are views into the received bytes. */
export interface BusMessage {
  kind: BusKindValue;
  sender: string;
  seq: number;
  a: Uint8Array;
  b: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** Encodes a bus message (layout above). */
export function encodeBusMessage(kind: BusKindValue, sender: string, seq: number, a: Uint8Array = EMPTY, b: Uint8Array = EMPTY) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarString(encoder, sender);
  encoding.writeVarUint(encoder, seq);
  encoding.writeVarUint8Array(encoder, a);
  encoding.writeVarUint8Array(encoder, b);
  return encoding.toUint8Array(encoder);
}

/** Decodes a bus message; throws on anything malformed (the caller logs and ignores it). */
export function decodeBusMessage(bytes: Uint8Array): BusMessage {
  const decoder = decoding.createDecoder(bytes);
  const kind = decoding.readVarUint(decoder);
  if (kind > BusKind.SAVED) throw new Error(`unknown bus message kind ${kind}`);
  const sender = decoding.readVarString(decoder);
  const seq = decoding.readVarUint(decoder);
  // Views into `bytes`: whoever keeps a payload beyond the handler copies it (see Fanout).
  const a = decoding.readVarUint8Array(decoder);
  const b = decoding.readVarUint8Array(decoder);
  return { kind: kind as BusKindValue, sender, seq, a, b };
}

/** The bus channel of a document. */
export const channelOf = (docId: string) => `yjs:${docId}`;
