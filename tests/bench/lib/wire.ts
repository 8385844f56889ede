/**
 * Just enough of the two wire protocols for light benchmark clients, which time receipt without
 * applying updates to a Y.Doc.
 *
 * y-websocket (ours, @y/websocket-server): every frame is `varUint type` then the body.
 *   type 0 sync:      `varUint sub` (0 step 1, 1 step 2, 2 update) `varUint8Array payload`
 *   type 1 awareness: `varUint8Array update`
 * Hocuspocus prefixes every frame with `varString documentName` and adds its own types
 * (2 auth, 4 sync reply, 5/6 stateless, 7 close, 8 sync status, 9/10 ping/pong); sync and awareness
 * bodies are the same as above. A Hocuspocus client must send `auth` (token, provider version) first.
 *
 * Benchmark edits carry an ASCII marker `BMK:<writer>:<seq>:<sendTimeMs>;` as a Y.Array string; Yjs
 * stores strings as UTF-8 inside the update (also in merged updates), so a byte scan finds every
 * edit in a frame without decoding its structs.
 */
import * as encoding from 'lib0/encoding';
import type { Protocol } from './target.ts';

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_HP_AUTH = 2;
export const MSG_HP_SYNC_REPLY = 4;
export const MSG_HP_SYNC_STATUS = 8;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;
/** Version string the light Hocuspocus client announces (the provider's major version). */
const HP_PROVIDER_VERSION = '4.8.0';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes on one host. */
export const nowMs = () => performance.timeOrigin + performance.now();

function frame(protocol: Protocol, doc: string, body: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  if (protocol === 'hocuspocus') encoding.writeVarString(e, doc);
  body(e);
  return encoding.toUint8Array(e);
}

/** Sync step 1 with an empty state vector: "send me everything". */
export const syncStep1Empty = (p: Protocol, doc: string) =>
  frame(p, doc, (e) => {
    encoding.writeVarUint(e, MSG_SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, new Uint8Array([0]));
  });

/** Sync step 2 carrying an empty update: the answer of a client that has nothing the server lacks. */
export const syncStep2Empty = (p: Protocol, doc: string) =>
  frame(p, doc, (e) => {
    encoding.writeVarUint(e, MSG_SYNC);
    encoding.writeVarUint(e, SYNC_STEP2);
    encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
  });

export const syncUpdate = (p: Protocol, doc: string, update: Uint8Array) =>
  frame(p, doc, (e) => {
    encoding.writeVarUint(e, MSG_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });

/** Hocuspocus authentication frame (token may be empty when the server has no onAuthenticate hook). */
export const hpAuth = (doc: string, token = '') =>
  frame('hocuspocus', doc, (e) => {
    encoding.writeVarUint(e, MSG_HP_AUTH);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, token);
    encoding.writeVarString(e, HP_PROVIDER_VERSION);
  });

/** An awareness update for one client, encoded as y-protocols/awareness does. */
export const awareness = (p: Protocol, doc: string, clientId: number, clock: number, state: unknown) =>
  frame(p, doc, (e) => {
    encoding.writeVarUint(e, MSG_AWARENESS);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });

export interface Header {
  type: number;
  /** Sync sub-type when type is sync (or Hocuspocus sync reply), else -1. */
  sub: number;
  /** Offset of the first byte after the header (for sync: the payload's length prefix). */
  offset: number;
}

function readVarUint(buf: Uint8Array, pos: number): [number, number] {
  let num = 0;
  let mult = 1;
  for (;;) {
    const b = buf[pos++];
    num += (b & 0x7f) * mult;
    if (b < 0x80) return [num, pos];
    mult *= 128;
    if (pos > buf.length) throw new Error('truncated varUint');
  }
}

/** Reads the varUint at `pos`. */
export const readVarUintAt = (buf: Uint8Array, pos: number) => readVarUint(buf, pos)[0];

/** Reads a frame's header without touching its payload. */
export function readHeader(p: Protocol, buf: Uint8Array): Header {
  let pos = 0;
  if (p === 'hocuspocus') {
    const [len, next] = readVarUint(buf, 0);
    pos = next + len;
  }
  const [type, afterType] = readVarUint(buf, pos);
  if (type === MSG_SYNC || (p === 'hocuspocus' && type === MSG_HP_SYNC_REPLY)) {
    const [sub, afterSub] = readVarUint(buf, afterType);
    return { type, sub, offset: afterSub };
  }
  return { type, sub: -1, offset: afterType };
}

const MARK = Buffer.from('BMK:', 'latin1');

/** The marker text of one benchmark edit. */
export const marker = (writer: string, seq: number, sentAt: number) => `BMK:${writer}:${seq}:${sentAt.toFixed(3)};`;

/** Calls `fn` for every benchmark marker in `buf` from `from` on. */
export function scanMarkers(buf: Buffer, from: number, fn: (writer: string, seq: number, sentAt: number) => void): void {
  let i = buf.indexOf(MARK, from);
  while (i !== -1) {
    const end = buf.indexOf(0x3b /* ; */, i + 4);
    if (end === -1 || end - i > 120) return;
    const parts = buf.toString('latin1', i + 4, end).split(':');
    if (parts.length === 3) fn(parts[0], Number(parts[1]), Number(parts[2]));
    i = buf.indexOf(MARK, end + 1);
  }
}
